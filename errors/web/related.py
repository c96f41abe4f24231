"""Entries related to an entry by meaning, for "Related entries" on its page.

In this order, without repeats and never the entry's own code (those are
listed apart, under "Other entries under code …"):

1. the same code family: ``Throttling.RateQuota`` → ``Throttling``,
   ``Throttling.BurstRate``…;
2. the same status and a shared product;
3. entries whose text is close to this one's message, as the search ranks them.

Sharing a product alone is not enough: every Qwen entry shares "Qwen".
"""

from __future__ import annotations

from django.db.models import Q

from errors.models import ErrorEntry
from errors.search.results import find_entries

RELATED_LIMIT = 5
# A text hit weaker than this says little about meaning (a single shared
# common word); ranking scores run from 0 to about 1.
MIN_TEXT_SCORE = 0.35


def code_family(code: str) -> str:
    """``Throttling`` for ``Throttling.RateQuota``; the code itself otherwise."""
    return code.split(".", 1)[0]


def related_entries(entry: ErrorEntry) -> list[ErrorEntry]:
    """Up to RELATED_LIMIT entries related to `entry` by meaning."""
    others = ErrorEntry.objects.exclude(pk=entry.pk)
    if entry.code:
        others = others.exclude(code=entry.code)
    found: list[ErrorEntry] = []

    def add(candidates) -> None:
        seen = {other.pk for other in found}
        for other in candidates:
            if len(found) >= RELATED_LIMIT:
                return
            if other.pk not in seen:
                found.append(other)
                seen.add(other.pk)

    if entry.code:
        family = code_family(entry.code)
        add(
            others.filter(
                Q(code=family) | Q(code__startswith=family + ".")
            ).in_catalogue_order()[:RELATED_LIMIT]
        )
    product_ids = [product.pk for product in entry.products.all()]
    if len(found) < RELATED_LIMIT and product_ids and entry.status is not None:
        add(
            others.filter(status=entry.status, products__in=product_ids)
            .distinct()
            .in_catalogue_order()[:RELATED_LIMIT]
        )
    if len(found) < RELATED_LIMIT:
        hits = find_entries(others, entry.message)
        add(
            hit
            for hit in hits[: RELATED_LIMIT * 2]
            if hit.match is not None and hit.match.score >= MIN_TEXT_SCORE
        )
    return found
