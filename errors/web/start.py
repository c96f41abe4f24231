"""What the start page leads with: the errors people hit most, and an index of
every code on one line each (as the Rust error index and Stripe's codes do).

"Most hit" is a curated list of codes rather than a tally: the portal keeps no
record of what people search for, and these are the errors every Model Studio
user meets first (a wrong key, rate limits, an unpaid bill, moderation, a
wrong model name, a server error). A code missing from the catalogue is
skipped, so the list never points nowhere.
"""

from __future__ import annotations

from collections import OrderedDict

from errors.models import ErrorEntry

COMMON_CODES = [
    "InvalidApiKey",
    "Throttling.RateQuota",
    "Arrearage",
    "DataInspectionFailed",
    "AccessDenied",
    "ModelNotFound",
    "Throttling.AllocationQuota",
    "InternalError",
]


def common_entries() -> list[ErrorEntry]:
    """The first entry of each common code, in the list's order."""
    first: dict[str, ErrorEntry] = {}
    for entry in ErrorEntry.objects.filter(code__in=COMMON_CODES).in_catalogue_order():
        first.setdefault(entry.code, entry)
    return [first[code] for code in COMMON_CODES if code in first]


def code_index() -> list[dict]:
    """One row per (status, code): how many entries and a first message, in
    catalogue order. Entries without a code are grouped by category."""
    rows: OrderedDict[tuple, dict] = OrderedDict()
    entries = ErrorEntry.objects.in_catalogue_order().values_list(
        "status", "code", "category", "message"
    )
    for status, code, category, message in entries:
        key = (status, code or f"({category})")
        row = rows.get(key)
        if row is None:
            rows[key] = {
                "status": status,
                "code": code,
                "category": category,
                "message": message,
                "count": 1,
            }
        else:
            row["count"] += 1
    return list(rows.values())
