"""The entries listed for a query that names a status and nothing more (or a
status and a model's name: ``429 qwen-vl``)."""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings
from django.db.models import Q

from errors.search.text import stem, words
from errors.search.wordings import count_wordings, split_wordings


def status_entry_ids(queryset, status: int, model: str = "") -> list[int]:
    """The ids of `queryset`'s entries of `status`, code by code in the order
    the catalogue first documents each (the vendor's page begins a status
    with its everyday error: InvalidParameter for 400, Throttling for 429),
    and within a code the general message before the particular cases
    (_code_by_code). With a model's name, the entries that name it come first, in the
    same order. At most SEARCH_MAX_RESULTS."""
    scoped = queryset.filter(status=status)
    naming = Q(pk__in=[])
    if model:
        naming = (
            Q(message__icontains=model)
            | Q(cause__icontains=model)
            | Q(solution__icontains=model)
        )
    limit = settings.SEARCH_MAX_RESULTS
    columns = ("id", "code", "message")
    first = list(
        scoped.filter(naming).in_catalogue_order().values_list(*columns)[:limit]
    )
    rest = list(
        scoped.exclude(naming)
        .in_catalogue_order()
        .values_list(*columns)[: limit - len(first)]
    )
    return [pk for part in (first, rest) for pk in _code_by_code(part)]


def _code_by_code(rows: list[tuple[int, str, str]]) -> list[int]:
    """The ids of `rows` (in catalogue order) code by code, each code where
    it first appears; within a code, as for a code typed alone
    (errors.search.bonuses: WORDING_TIE), the message that says the code's
    words first (``Internal server error!`` for InternalError, not ``request asr
    failed``), then the one documenting more wordings (the vendor gathers
    the common ones under one entry), then the catalogue's order."""
    place: dict[str, int] = {}
    for _, code, _ in rows:
        place.setdefault(code, len(place))

    def key(row: tuple[int, str, str]) -> tuple[int, float, int]:
        _, code, message = row
        return (place[code], *_generality(code, message))

    # (A stable sort: rows tied stay in the catalogue's order.)
    return [pk for pk, _, _ in sorted(rows, key=key)]


@lru_cache(maxsize=8192)
def _generality(code: str, message: str) -> tuple[float, int]:
    """(minus the share of the code's words the message says, minus its
    wordings): read once per entry's text, not per search (a 400 lists two
    hundred entries), as the ranking derives its own once (entries.derive)."""
    named = [stem(word) for word in words(code)]
    said = {stem(word) for word in words(message)}
    share = sum(word in said for word in named) / len(named) if named else 0.0
    return -share, -count_wordings(*split_wordings(message))
