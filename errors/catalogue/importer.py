"""Writing the catalogue into the database: the vendor text or our own export.

Two formats come in: the vendor's page as text (parsed by
`errors.catalogue.source`, planned by `errors.catalogue.plan`) and our own
JSON export (`errors.catalogue.export`). Entries an admin changed since the
last import are conflicts, left as they are unless the source is taken; every
write is recorded in the admin's history. Curated products come from
`fixtures/source/products.json` and are tagged by the names an entry mentions.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from django.conf import settings
from django.db import transaction

from errors import history
from errors.advice import advise
from errors.catalogue.export import EXPORT_FORMAT
from errors.catalogue.plan import (
    Conflict,
    ImportReport,
    Reworded,
    field_diff,
    match_rewordings,
)
from errors.catalogue.plan import source_fields_of as parsed_fields
from errors.catalogue.source import parse_catalogue
from errors.models import ErrorEntry, Product, hash_source_fields

# Every import is in the admin's history (the revisions' comment), without a user.
IMPORT_NOTE = "import"
PRODUCTS_PATH = Path(settings.BASE_DIR) / "fixtures" / "source" / "products.json"


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
    created = []
    for item in data["products"]:
        product, new = Product.objects.get_or_create(
            slug=item["slug"],
            defaults={"name": item["name"], "aliases": "\n".join(item["aliases"])},
        )
        if new:
            created.append(product)
    history.record_all(created, IMPORT_NOTE)
    return list(Product.objects.all())


def unique_slug(slug: str, taken: set[str]) -> str:
    candidate, number = slug, 2
    while candidate in taken:
        candidate, number = f"{slug}-{number}", number + 1
    return candidate


def record_baselines() -> None:
    """Keep what rows without history look like before an import changes them."""
    history.record_baselines(Product)
    history.record_baselines(ErrorEntry)


def import_hash(entry: ErrorEntry) -> str:
    return hash_source_fields(entry.import_state())


def source_state(fields: dict, slug: str, products: list[Product]) -> dict:
    """What the import would write: comparable with `ErrorEntry.import_state()`."""
    return {**fields, "slug": slug, "products": sorted(p.slug for p in products)}


def target_slug(entry: ErrorEntry, key: str, taken: set[str]) -> str:
    """The source's slug for `entry`, unless another entry holds it."""
    if entry.slug == key or key not in taken:
        return key
    return entry.slug


def write_entry(entry, fields, slug, products, *, note=IMPORT_NOTE, written=None):
    """Write the source's version of an entry, remember it (`written`: the
    import hash to keep, else the one of what was written), record history."""
    history.ensure_baseline(ErrorEntry, entry.pk)
    for name, value in fields.items():
        setattr(entry, name, value)
    entry.slug = slug
    entry.save()
    entry.products.set(products)
    written = import_hash(entry) if written is None else written
    ErrorEntry.objects.filter(pk=entry.pk).update(import_hash=written)
    history.record(entry, note)


def import_source(
    text: str,
    *,
    take_source: bool = False,
    dry_run: bool = False,
    reword: dict[str, str] | None = None,
    not_reworded: bool = False,
) -> ImportReport:
    """Bring the database in line with the vendor page `text`.

    An entry changed in any way since the last import (see
    `ErrorEntry.edited_since_import`) is a conflict: it is left as it is and
    listed with a diff, unless `take_source` is set. A dry run does all of it
    in a transaction that is rolled back.
    """
    with transaction.atomic():
        report = apply_source(text, take_source, reword or {}, not_reworded)
        if dry_run:
            transaction.set_rollback(True)
    return report


def apply_source(
    text: str, take_source: bool, reword: dict[str, str], not_reworded: bool
) -> ImportReport:
    report = ImportReport()
    record_baselines()
    tagger = ProductTagger(sync_products())
    existing = {
        entry.source_key: entry
        for entry in ErrorEntry.objects.exclude(source_key="").prefetch_related(
            "products"
        )
    }
    parsed_entries = parse_catalogue(text)
    new_keys = {parsed.slug for parsed in parsed_entries}
    vanished = {key: entry for key, entry in existing.items() if key not in new_keys}
    by_slug = {entry.slug: key for key, entry in vanished.items()}
    matching = match_rewordings(
        {key: entry.source_fields() for key, entry in vanished.items()},
        {p.slug: parsed_fields(p) for p in parsed_entries if p.slug not in existing},
        # An admin names the old entry by its public slug.
        forced={by_slug.get(old, old): new for old, new in reword.items()},
        separate=not_reworded,
    )
    undecided_old, undecided_new = matching.undecided_keys()
    report.undecided = matching.undecided
    taken = set(ErrorEntry.objects.values_list("slug", flat=True))
    added = []
    for parsed in parsed_entries:
        fields = parsed_fields(parsed)
        # What an import writes: the source's fields and the advice the rules
        # derive from them, so an admin's change of either is an edit.
        written = {**fields, **advise(fields)}
        products = tagger.products_for(
            parsed.heading, parsed.message, parsed.cause, parsed.solution
        )
        entry, score = existing.get(parsed.slug), None
        if entry is None and parsed.slug in matching.reworded:
            old_key, score = matching.reworded[parsed.slug]
            entry = vanished.pop(old_key)
        if entry is None:
            if parsed.slug not in undecided_new:
                added.append(add_entry(parsed, fields, products, taken))
                report.added.append(added[-1].slug)
            continue
        new_hash = hash_source_fields(fields)
        if score is None and new_hash == entry.source_hash:
            report.unchanged += 1
            if entry.source_position != parsed.position:
                ErrorEntry.objects.filter(pk=entry.pk).update(
                    source_position=parsed.position
                )
            continue
        slug = target_slug(entry, parsed.slug, taken)
        state = source_state(written, slug, products)
        # The identity moves to the new key even when the admin's text stays:
        # otherwise the next import would add the reworded entry a second time.
        ErrorEntry.objects.filter(pk=entry.pk).update(
            source_key=parsed.slug, source_position=parsed.position
        )
        if entry.edited_since_import and not take_source:
            reason = "edited since the last import"
            if score is not None:
                reason += f"; reworded in the source (similarity {score:.2f})"
            report.conflicts.append(
                Conflict(entry.slug, reason, field_diff(entry.import_state(), state))
            )
            continue
        old_slug, before = entry.slug, entry.import_state()
        taken.discard(old_slug)
        taken.add(slug)
        entry.source_key, entry.source_position = parsed.slug, parsed.position
        entry.source_hash = new_hash
        note = IMPORT_NOTE if score is None else f"{IMPORT_NOTE}: reworded"
        write_entry(entry, written, slug, products, note=note)
        if score is None:
            report.changed.append(entry.slug)
        else:
            diff = field_diff(before, state, labels=("old", "new"))
            report.reworded.append(Reworded(old_slug, entry.slug, score, diff))
    history.record_all(added, IMPORT_NOTE)
    remove_vanished(vanished, undecided_old, take_source, report)
    return report


def add_entry(parsed, fields: dict, products: list[Product], taken: set[str]):
    """Create the entry for a source entry seen for the first time, with the
    advice the rules derive from it. Its history is the caller's to record
    (one revision for all an import adds)."""
    entry = ErrorEntry(
        **fields,
        **advise(fields),
        slug=unique_slug(parsed.slug, taken),
        source_key=parsed.slug,
        source_position=parsed.position,
        source_hash=hash_source_fields(fields),
    )
    taken.add(entry.slug)
    entry.save()
    entry.products.set(products)
    ErrorEntry.objects.filter(pk=entry.pk).update(import_hash=import_hash(entry))
    return entry


def remove_vanished(
    vanished: dict, undecided: set[str], take_source: bool, report: ImportReport
) -> None:
    """Delete the entries gone from the source, except undecided rewordings
    and entries edited since the last import (conflicts, unless take_source)."""
    for key, entry in vanished.items():
        if key in undecided:
            continue
        if entry.edited_since_import and not take_source:
            report.conflicts.append(
                Conflict(entry.slug, "edited, and removed from the source", [])
            )
            continue
        report.removed.append(entry.slug)
        history.delete(entry, IMPORT_NOTE)


def import_export(
    data: dict, *, take_source: bool = False, dry_run: bool = False
) -> ImportReport:
    """Load an export: products and entries are created or updated by slug.

    Entries changed since their last import are conflicts, as for the vendor
    text; a dry run is rolled back.
    """
    if data.get("format") != EXPORT_FORMAT:
        raise ValueError(
            f"not an Error Portal export (format should be {EXPORT_FORMAT!r})"
        )
    with transaction.atomic():
        report = apply_export(data, take_source)
        if dry_run:
            transaction.set_rollback(True)
    return report


def apply_export(data: dict, take_source: bool) -> ImportReport:
    report = ImportReport()
    record_baselines()
    added = []
    for item in data["products"]:
        values = {"name": item["name"], "aliases": "\n".join(item["aliases"])}
        product = Product.objects.filter(slug=item["slug"]).first()
        if product is None:
            added.append(Product.objects.create(slug=item["slug"], **values))
        elif {name: getattr(product, name) for name in values} != values:
            Product.objects.filter(pk=product.pk).update(**values)
            history.record(product, IMPORT_NOTE)
    products = {product.slug: product for product in Product.objects.all()}
    existing = {
        entry.slug: entry for entry in ErrorEntry.objects.prefetch_related("products")
    }
    for item in data["entries"]:
        source = {key: item[key] for key in ErrorEntry().source_fields()}
        # An export made before the advice fields: the rules derive them, as
        # an import of the vendor text would.
        advice = {key: item.get(key) for key in ("retryable", "who_acts")}
        derived = None in advice.values()
        fields = {**source, **(advise(source) if derived else advice)}
        tags = [products[slug] for slug in item.get("products", []) if slug in products]
        state = source_state(fields, item["slug"], tags)
        hidden = {
            "source_key": item.get("source_key", ""),
            "source_position": item.get("source_position"),
            "source_hash": item.get("source_hash", ""),
        }
        # An export made before import_hash existed: its entries are as
        # imported when their source fields are.
        written = item.get("import_hash")
        if written is None:
            written = (
                hash_source_fields(state)
                if hash_source_fields(source) == hidden["source_hash"]
                else ""
            )
        elif derived:
            # As imported then (its hash without advice matches): as imported now.
            before = source_state(source, item["slug"], tags)
            written = (
                hash_source_fields(state)
                if written == hash_source_fields(before)
                else ""
            )
        entry = existing.get(item["slug"])
        if entry is None:
            entry = ErrorEntry.objects.create(
                slug=item["slug"], **fields, **hidden, import_hash=written
            )
            entry.products.set(tags)
            added.append(entry)
            report.added.append(entry.slug)
            continue
        current = {name: getattr(entry, name) for name in hidden}
        if entry.import_state() == state and current == hidden:
            report.unchanged += 1
            continue
        if entry.edited_since_import and not take_source:
            report.conflicts.append(
                Conflict(
                    entry.slug,
                    "edited since the last import",
                    field_diff(entry.import_state(), state),
                )
            )
            continue
        for name, value in hidden.items():
            setattr(entry, name, value)
        write_entry(entry, fields, item["slug"], tags, written=written)
        report.changed.append(entry.slug)
    history.record_all(added, IMPORT_NOTE)
    return report


def import_path(
    path: Path, *, take_source: bool = False, dry_run: bool = False, **options
) -> ImportReport:
    """Import a vendor text page or a JSON export, told apart by content.

    `options` (rewording decisions) apply to the vendor text only.
    """
    text = Path(path).read_text(encoding="utf-8")
    if text.lstrip().startswith("{"):
        return import_export(json.loads(text), take_source=take_source, dry_run=dry_run)
    return import_source(text, take_source=take_source, dry_run=dry_run, **options)
