"""Import and export of the whole catalogue.

Two formats come in: the vendor's page as text (parsed by
`errors.source_parser`) and our own JSON export. The committed fixture
`fixtures/catalogue.json` is the export of a fresh import of the vendor text.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction

from errors import history
from errors.history import Action
from errors.models import ErrorEntry, Product, hash_source_fields
from errors.source_parser import ParsedEntry, parse_catalogue

EXPORT_FORMAT = "error-portal-catalogue/1"
# Every import is in the admin's history, without a user.
IMPORT_NOTE = "import"
PRODUCTS_PATH = Path(settings.BASE_DIR) / "fixtures" / "source" / "products.json"


@dataclass
class ImportReport:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    unchanged: int = 0

    def lines(self) -> list[str]:
        lines = [
            f"added {len(self.added)}, changed {len(self.changed)}, removed {len(self.removed)}, "
            f"unchanged {self.unchanged}, conflicts {len(self.conflicts)}"
        ]
        for label, slugs in [
            ("added", self.added),
            ("changed", self.changed),
            ("removed", self.removed),
            (
                "conflict (edited in the admin; kept; --take-source to overwrite)",
                self.conflicts,
            ),
        ]:
            lines.extend(f"  {label}: {slug}" for slug in slugs)
        return lines


class ProductTagger:
    """Finds the curated products an entry's text names."""

    def __init__(self, products: list[Product]):
        self.patterns = []
        for product in products:
            names = sorted(product.alias_list, key=len, reverse=True)
            if names:
                alternation = "|".join(re.escape(name) for name in names)
                regex = re.compile(
                    rf"(?<![\w-])(?:{alternation})(?![\w-])", re.IGNORECASE
                )
                self.patterns.append((product, regex))

    def products_for(self, *texts: str) -> list[Product]:
        text = "\n".join(texts)
        return [product for product, regex in self.patterns if regex.search(text)]


def sync_products(path: Path = PRODUCTS_PATH) -> list[Product]:
    """Create curated products that are missing; keep admins' edits of the rest."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    for item in data["products"]:
        product, created = Product.objects.get_or_create(
            slug=item["slug"],
            defaults={"name": item["name"], "aliases": "\n".join(item["aliases"])},
        )
        if created:
            history.record(product, Action.CREATE, note=IMPORT_NOTE)
    return list(Product.objects.all())


def parsed_fields(parsed: ParsedEntry) -> dict:
    return {
        "status": parsed.status,
        "code": parsed.code,
        "aliases": " ".join(parsed.aliases),
        "message": parsed.message,
        "cause": parsed.cause,
        "solution": parsed.solution,
        "category": parsed.category,
        "heading": parsed.heading,
    }


def unique_slug(slug: str, taken: set[str]) -> str:
    candidate, number = slug, 2
    while candidate in taken:
        candidate, number = f"{slug}-{number}", number + 1
    return candidate


def record_baselines() -> None:
    """Keep what rows without history look like before an import changes them."""
    history.record_baselines(Product)
    history.record_baselines(ErrorEntry)


@transaction.atomic
def import_source(
    text: str, *, take_source: bool = False, dry_run: bool = False
) -> ImportReport:
    """Bring the database in line with the vendor page `text`.

    An entry edited in the admin since the last import is a conflict: it is
    left as the admin made it unless `take_source` is set.
    """
    report = ImportReport()
    record_baselines()
    tagger = ProductTagger(sync_products())
    existing = {
        entry.source_key: entry for entry in ErrorEntry.objects.exclude(source_key="")
    }
    taken = set(ErrorEntry.objects.values_list("slug", flat=True))
    for parsed in parse_catalogue(text):
        fields = parsed_fields(parsed)
        new_hash = hash_source_fields(fields)
        entry = existing.pop(parsed.slug, None)
        if entry is None:
            entry = ErrorEntry(
                **fields,
                slug=unique_slug(parsed.slug, taken),
                source_key=parsed.slug,
                source_position=parsed.position,
                source_hash=new_hash,
            )
            taken.add(entry.slug)
            entry.save()
            entry.products.set(
                tagger.products_for(
                    parsed.heading, parsed.message, parsed.cause, parsed.solution
                )
            )
            history.record(entry, Action.CREATE, note=IMPORT_NOTE)
            report.added.append(entry.slug)
            continue
        edited = entry.compute_source_hash() != entry.source_hash
        if new_hash == entry.source_hash:
            report.unchanged += 1
            if entry.source_position != parsed.position:
                ErrorEntry.objects.filter(pk=entry.pk).update(
                    source_position=parsed.position
                )
            continue
        if edited and not take_source:
            report.conflicts.append(entry.slug)
            continue
        for name, value in fields.items():
            setattr(entry, name, value)
        entry.source_position = parsed.position
        entry.source_hash = new_hash
        entry.save()
        entry.products.set(
            tagger.products_for(
                parsed.heading, parsed.message, parsed.cause, parsed.solution
            )
        )
        history.record(entry, Action.CHANGE, note=IMPORT_NOTE)
        report.changed.append(entry.slug)
    for entry in existing.values():
        if entry.compute_source_hash() != entry.source_hash and not take_source:
            report.conflicts.append(entry.slug)
            continue
        report.removed.append(entry.slug)
        history.delete(entry, note=IMPORT_NOTE)
    if dry_run:
        transaction.set_rollback(True)
    return report


def export_catalogue() -> dict:
    """The whole catalogue as plain data, in a stable order (no timestamps)."""
    products = [
        {"slug": product.slug, "name": product.name, "aliases": product.alias_list[1:]}
        for product in Product.objects.order_by("slug")
    ]
    entries = []
    for entry in ErrorEntry.objects.prefetch_related("products").order_by(
        "source_position", "slug"
    ):
        entries.append(
            {
                "slug": entry.slug,
                **entry.source_fields(),
                "products": sorted(product.slug for product in entry.products.all()),
                "source_key": entry.source_key,
                "source_position": entry.source_position,
                "source_hash": entry.source_hash,
            }
        )
    return {"format": EXPORT_FORMAT, "products": products, "entries": entries}


def dump_export(data: dict) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


@transaction.atomic
def import_export(data: dict) -> ImportReport:
    """Load an export: products and entries are created or updated by slug."""
    if data.get("format") != EXPORT_FORMAT:
        raise ValueError(
            f"not an Error Portal export (format should be {EXPORT_FORMAT!r})"
        )
    report = ImportReport()
    record_baselines()
    for item in data["products"]:
        product, created = Product.objects.update_or_create(
            slug=item["slug"],
            defaults={"name": item["name"], "aliases": "\n".join(item["aliases"])},
        )
        action = Action.CREATE if created else Action.CHANGE
        history.record(product, action, note=IMPORT_NOTE)
    products = {product.slug: product for product in Product.objects.all()}
    for item in data["entries"]:
        values = {key: item[key] for key in ErrorEntry().source_fields()}
        values.update(
            source_key=item.get("source_key", ""),
            source_position=item.get("source_position"),
            source_hash=item.get("source_hash", ""),
        )
        entry, created = ErrorEntry.objects.update_or_create(
            slug=item["slug"], defaults=values
        )
        entry.products.set(
            [products[slug] for slug in item.get("products", []) if slug in products]
        )
        action = Action.CREATE if created else Action.CHANGE
        history.record(entry, action, note=IMPORT_NOTE)
        (report.added if created else report.changed).append(entry.slug)
    return report


def import_path(
    path: Path, *, take_source: bool = False, dry_run: bool = False
) -> ImportReport:
    """Import a vendor text page or a JSON export, told apart by content."""
    text = Path(path).read_text(encoding="utf-8")
    if text.lstrip().startswith("{"):
        return import_export(json.loads(text))
    return import_source(text, take_source=take_source, dry_run=dry_run)
