"""The catalogue as our own JSON export: every product and entry, in a stable
order and without timestamps, so two exports of the same catalogue are equal.

`errors.catalogue.importer` reads the same format back (`import_export`); the
committed `fixtures/catalogue.json` is the export of a fresh import of the
vendor text.
"""

from __future__ import annotations

import json

from errors.models import CATALOGUE_ORDER, ErrorEntry, Product

EXPORT_FORMAT = "error-portal-catalogue/1"


def export_catalogue() -> dict:
    """The whole catalogue as plain data, in a stable order (no timestamps)."""
    products = [
        {"slug": product.slug, "name": product.name, "aliases": product.alias_list[1:]}
        for product in Product.objects.order_by("slug")
    ]
    entries = []
    # Catalogue order, but ties (entries added in the admin, with no
    # position) by slug: ids differ from one database to another.
    order = (CATALOGUE_ORDER[0], "slug")
    for entry in ErrorEntry.objects.prefetch_related("products").order_by(*order):
        entries.append(
            {
                "slug": entry.slug,
                **entry.source_fields(),
                **entry.advice_fields(),
                "products": sorted(product.slug for product in entry.products.all()),
                "source_key": entry.source_key,
                "source_position": entry.source_position,
                "source_hash": entry.source_hash,
                "import_hash": entry.import_hash,
            }
        )
    return {"format": EXPORT_FORMAT, "products": products, "entries": entries}


def dump_export(data: dict) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False) + "\n"
