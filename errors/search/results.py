"""The one search behind `q`: pages, API and the `explain` command call
:func:`find_entries`, which returns :class:`Results`.

A search's path: the text is prepared once (errors.search.query), the index
proposes candidates (errors.search.candidates), the ranking orders them
(errors.search.ranking), and the result pairs the ranked ids and their
details with the queryset. What it reads of the catalogue as a whole (the
entry count, the indexed words, derived entries, facet fields) comes from the
snapshot of the catalogue's version it read first (errors.search.snapshot).

What a search finds is decided by the query alone, never by the page's
filters: the filters then narrow that set in the same SQL. So a facet count
is always exactly what choosing that facet returns, and a filter never hides
a match that a limit on candidates would have cut.

* A query that only names an HTTP status (``429``, ``Error code: 503``)
  finds that status's entries, code by code in catalogue order, and is never
  a good match; so does one that names a status and a model (``429
  qwen-vl``), those of its entries that name the model first.
* A *narrow* query (the index holds at most RANK_LIMIT entries with its
  words, as for most pastes) is ranked in full over the whole catalogue; the
  long tail far below the best hit is dropped.
* A *broad* query (``parameter`` at 100,000 entries) finds every entry holding
  its words, like Datasette's full-text search; the best RANKED_HEAD of them
  within the filters are ranked, the rest follow in catalogue order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from itertools import islice

from django.conf import settings
from django.db.models import Q

from errors.models import CATALOGUE_ORDER, ErrorEntry
from errors.search.candidates import (
    IndexQuery,
    index_query,
    keyword_query,
    load_candidates,
)
from errors.search.entries import EntryInfo, derive
from errors.search.families import other_family
from errors.search.ordering import RankPosition
from errors.search.query import Query
from errors.search.ranking import Hit, RankResult, rank_entries
from errors.search.snapshot import Facts, Snapshot, current
from errors.search.status_list import status_entry_ids
from errors.search.typed import (
    corrected_code,
    keyword_groups,
    spelled_code,
    typed_codes,
    typed_corrections,
)

# A query whose words the index finds in at most this many entries is ranked
# in full (ranking 300 entries costs a few milliseconds).
RANK_LIMIT = 300
# In a catalogue of at most this many entries, a search within filters
# scores the matches before counting them too (see _scored).
SCORE_FIRST = 2000
# Of a broader query, this many best full-text matches within the filters are
# ranked: a short keyword query's list of results starts with them.
RANKED_HEAD = 60
# A hit is kept when its score is at least this share of the best hit's.
RELATIVE_FLOOR = 0.5
CLOSEST_WHEN_UNSURE = 10


@dataclass
class SearchResult:
    """What a search found: the ranked ids, and why each matched."""

    query: str
    terms: list[str] = field(default_factory=list)  # words to highlight
    matches: dict[int, Hit] = field(default_factory=dict)
    ordered_ids: list[int] = field(default_factory=list)  # ranked, best first
    confident: bool = False
    # Broad query: only the first len(ordered_ids) are ranked by relevance.
    capped: bool = False
    # The entries the query finds, whatever the filters (None: no search).
    members: Q | None = None
    status: int | None = None  # the query only named this HTTP status
    model: str = ""  # ... and this model's name
    index: IndexQuery | None = None  # what the index was asked
    filtered: bool = False  # the rows searched were narrowed by filters
    # The best hit in the whole catalogue, whatever the filters (None when
    # nothing was found, or for a broad search within filters).
    best: Hit | None = None


class Results:
    """The rows a search selects, best first, each with why it matched.

    Paginator pages through it as through a QuerySet: `count()` needs no
    query when the search already knows it, and a slice is a list of
    entries, each with `match` (the ranking's Hit; None for a row that was
    not ranked, or without a search). A slice of ranked rows is read by id;
    only the unranked rest of a broad query is read in catalogue order.
    """

    def __init__(
        self,
        filtered,
        search: SearchResult | None = None,
        snapshot: Snapshot | None = None,
    ):
        self._filtered = filtered  # the rows searched (the filters applied)
        self.search = search  # None: there was no search text
        self.snapshot = snapshot  # the catalogue's version the search read
        self._count: int | None = None
        self._member_ids: list[int] | None = None

    @cached_property
    def queryset(self):
        """The rows as a QuerySet, in rank order. Built on first use (some
        80 us): a page of a ranked search is read by id and counted from
        the ranked ids, so most answers need none."""
        search = self.search
        if search is None:
            return self._filtered
        ranked = self._filtered.filter(search.members)
        if search.ordered_ids:
            ranked = ranked.order_by(RankPosition(search.ordered_ids), *CATALOGUE_ORDER)
        return ranked

    def facts(self) -> Facts | None:
        return self.snapshot.facts() if self.snapshot is not None else None

    def member_ids(self) -> list[int] | None:
        """Every id the rows hold, when known without reading the rows: a
        ranked search's ids, or a broad search's whole match when no filter
        narrows it (one index query). None otherwise."""
        search = self.search
        if search is None:
            return None
        if not search.capped:
            return search.ordered_ids
        if search.index is None or search.filtered:
            return None
        if self._member_ids is None:
            self._member_ids = search.index.ids()
        return self._member_ids

    def count(self) -> int:
        if self._count is None:
            ids = self.member_ids()
            self._count = len(ids) if ids is not None else self.queryset.count()
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            if index < 0:
                raise IndexError("negative indexing is not supported")
            found = self[index : index + 1]
            if not found:
                raise IndexError(index)
            return found[0]
        if self.search is None:
            return list(self.queryset[index])
        start, stop = index.start or 0, index.stop
        ranked = self.search.ordered_ids
        rows = self._by_id(ranked[start:stop])
        if self.search.capped and (stop is None or stop > len(ranked)):
            rest = self.queryset.exclude(pk__in=ranked).in_catalogue_order()
            low = max(start - len(ranked), 0)
            rows += rest[low : None if stop is None else stop - len(ranked)]
        return [self._with_match(entry) for entry in rows]

    def _by_id(self, ids: list[int]) -> list:
        if not ids:
            return []
        if self.snapshot is not None:
            # The ranked ids are rows of the filtered queryset (find() keeps
            # only those), so rows kept for this version answer for it.
            rows = self.snapshot.rows().read(self._filtered, ids)
        else:
            found = self._filtered.filter(pk__in=ids).order_by()
            rows = {entry.pk: entry for entry in found}
        return [rows[pk] for pk in ids if pk in rows]

    def _with_match(self, entry):
        if self.search is not None:
            entry.match = self.search.matches.get(entry.pk)
        return entry


def find_entries(queryset, q: str) -> Results:
    """The rows of `queryset` (already filtered) that match `q`, in rank
    order, with why each matched; all of them, unordered, for a blank `q`."""
    snapshot = current()
    result = find(queryset, Query.parse(q), snapshot)
    return Results(queryset, result if result.query else None, snapshot)


def find(queryset, query: Query, snapshot: Snapshot | None = None) -> SearchResult:
    """Rank the entries of `queryset` (already filtered) against `query`."""
    result = SearchResult(query=query.text)
    if not query.text:
        return result
    if query.status is not None:
        return _status_result(queryset, result, query.status)
    snapshot = snapshot or current()
    named = query.model_status
    if named is not None and named[0] in snapshot.facts().statuses:
        return _status_result(queryset, result, *named)
    code = corrected_code(query, snapshot) or spelled_code(query, snapshot)
    if code is not None:
        # Read as the code meant: our reading, so never a good match.
        found = _searched(queryset, result, Query.parse(code), snapshot)
        found.confident = False
        return found
    query, reread = typed_codes(query, snapshot)
    found = _searched(queryset, result, query, snapshot)
    if reread:
        found.confident = False
    return found


def _searched(
    queryset, result: SearchResult, query: Query, snapshot: Snapshot
) -> SearchResult:
    """:func:`find` for a query that is not a status alone."""
    result.terms = query.index_terms
    keywords = query.keywords
    if keywords:
        query, groups = keyword_groups(query, snapshot)
        required = set(query.keyword_terms)
        wrapper = [t for t in query.index_terms if t not in required]
        index = keyword_query(groups, wrapper + query.synonym_terms)
    else:
        terms = query.index_terms + query.synonym_terms
        terms += typed_corrections(query, snapshot)
        index = index_query(terms, snapshot.entry_count())
    if index is None:
        result.members = Q(pk__in=[])
        return result
    found = _indexed(queryset, result, index, query, snapshot, cut=not keywords)
    if keywords and index.every and len(index.groups) > 1:
        best = _best_anywhere(found, query, snapshot)
        if _words_only(best, query, snapshot):
            # Every word is held by these entries, but the best holds them
            # only in its cause or solution and its message reads otherwise:
            # a typed text with a word of context (``model not exist
            # dashscope``) is read as a paste instead, any word counting,
            # and kept when a message then matches. Decided in the whole
            # catalogue: the filters never change what is found. The index
            # is asked as for a paste: in a large catalogue, only the
            # selective words (candidates.selective_terms).
            terms = [t for group in groups for t in group] + wrapper
            wider = _indexed(
                queryset,
                SearchResult(query=result.query, terms=result.terms),
                index_query(terms, snapshot.entry_count()),
                query,
                snapshot,
                cut=True,
            )
            best = _best_anywhere(wider, query, snapshot)
            if best is not None and best.kind != "text":
                return wider
    return found


def _indexed(
    queryset,
    result: SearchResult,
    index: IndexQuery,
    query: Query,
    snapshot: Snapshot,
    cut: bool,
) -> SearchResult:
    """The entries `index` finds, ranked: all of them for a narrow query,
    the best within the filters for a broad one."""
    result.members = Q(pk__in=index.ids_sql())
    result.index = index
    result.filtered = bool(queryset.query.where)
    scores, broad = _scored(index, result.filtered, snapshot)
    if broad:
        if scores is None or result.filtered:
            scores = index.scores(
                RANKED_HEAD, within=queryset, entries=snapshot.entry_count()
            )
        else:
            # The index orders ties by id: the best RANK_LIMIT begin with
            # the best RANKED_HEAD.
            scores = dict(islice(scores.items(), RANKED_HEAD))
        return _broad_result(result, scores, query, snapshot)
    return _narrow_result(queryset, result, scores, query, snapshot, cut=cut)


def _best_anywhere(
    result: SearchResult, query: Query, snapshot: Snapshot
) -> Hit | None:
    """The search's best hit in the whole catalogue, whatever the filters: a
    broad search within filters ranked only their best, so the catalogue's
    best RANKED_HEAD are ranked for it."""
    if result.best is None and result.capped and result.index is not None:
        scores = result.index.scores(RANKED_HEAD, entries=snapshot.entry_count())
        hits = _ranked(query, snapshot, scores).hits
        return hits[0] if hits else None
    return result.best


def _words_only(best: Hit | None, query: Query, snapshot: Snapshot) -> bool:
    """Whether the best hit of keywords holds them only as shared words: no
    message, alignment or code matched, and its message and code lack one of
    them (one holding them all, in another order or camelCase, ``workspace
    not found`` for ``WorkSpace can not be found.``, is the message meant)."""
    if best is None or best.kind != "text":
        return False
    said = entry_infos(snapshot, [best.id])[0].message_terms
    return not all(term in said for term in query.terms)


def _scored(
    index: IndexQuery, filtered: bool, snapshot: Snapshot
) -> tuple[dict[int, float] | None, bool]:
    """(the index's best RANK_LIMIT + 1 entries, the query is broad).

    Scoring every match then counting them takes one query, but a broad query
    within filters is scored again within them: for it, in a large catalogue,
    the matches are counted first, cheaply, and the scores left to the caller
    (None)."""
    if filtered and snapshot.entry_count() > SCORE_FIRST:
        if index.count(RANK_LIMIT + 1) > RANK_LIMIT:
            return None, True
        return index.scores(RANK_LIMIT, entries=snapshot.entry_count()), False
    scores = index.scores(RANK_LIMIT + 1, entries=snapshot.entry_count())
    return scores, len(scores) > RANK_LIMIT


def entry_infos(snapshot: Snapshot, ids) -> list[EntryInfo]:
    """The ranking's view of these entries, by id: from the snapshot's cache,
    the rest read and derived (and cached), in id order."""
    found, missing = snapshot.entries.get(ids)
    if missing:
        derived = [
            derive(candidate)
            for candidate in load_candidates(ErrorEntry.objects.all(), missing)
        ]
        snapshot.entries.put(derived)
        found.update((info.id, info) for info in derived)
    return [found[pk] for pk in sorted(found)]


def _ranked(query: Query, snapshot: Snapshot, scores: dict[int, float]) -> RankResult:
    """The ranking of the entries the index scored."""
    infos = entry_infos(snapshot, scores)
    others = other_family(snapshot, query.text, scores)
    return rank_entries(query, infos, scores, max(len(scores), 1), others)


def _narrow_result(
    queryset,
    result: SearchResult,
    scores: dict[int, float],
    query: Query,
    snapshot: Snapshot,
    cut: bool,
) -> SearchResult:
    """Rank every entry the index finds (`scores`, over the whole catalogue).
    For a paste, whose words are found in many entries that have nothing to
    do with it, keep only the hits near the best; the best is taken over the
    whole catalogue, so what is kept does not depend on the filters. Then
    keep those within the filters."""
    ranked = _ranked(query, snapshot, scores)
    kept = ranked.hits
    if cut:
        kept = relevant(kept, ranked.confident)[: settings.SEARCH_MAX_RESULTS]
    else:
        # Keywords find every entry holding them, however weakly it ranks.
        ranked_ids = {hit.id for hit in kept}
        kept = kept + [Hit(pk, "text", 0.0) for pk in scores if pk not in ranked_ids]
    result.members = Q(pk__in=[hit.id for hit in kept])
    result.best = ranked.hits[0] if ranked.hits else None
    if result.filtered:
        in_scope = set(
            queryset.filter(pk__in=[hit.id for hit in kept]).values_list(
                "pk", flat=True
            )
        )
        hits = [hit for hit in kept if hit.id in in_scope]
    else:
        hits = kept  # no filters: nothing to look up
    result.matches = {hit.id: hit for hit in hits}
    result.ordered_ids = [hit.id for hit in hits]
    # A good match only when the best entry is the one shown first.
    result.confident = bool(ranked.confident and hits and hits[0] is kept[0])
    return result


def _broad_result(
    result: SearchResult, scores: dict[int, float], query: Query, snapshot: Snapshot
) -> SearchResult:
    """Every entry holding the words; the best within the filters (`scores`)
    ranked."""
    ranked = _ranked(query, snapshot, scores)
    if not result.filtered and ranked.hits:
        result.best = ranked.hits[0]
    result.matches = {hit.id: hit for hit in ranked.hits}
    result.ordered_ids = [hit.id for hit in ranked.hits]
    result.confident = ranked.confident
    result.capped = True
    return result


def _status_result(
    queryset, result: SearchResult, status: int, model: str = ""
) -> SearchResult:
    """A status's entries (errors.search.status_list), never a good match."""
    result.status = status
    result.model = model
    result.terms = [str(status)]
    result.members = Q(status=status)
    result.ordered_ids = status_entry_ids(queryset, status, model)
    result.matches = {pk: Hit(pk, "status", 0.0) for pk in result.ordered_ids}
    # A status with more entries than are ordered: the rest follow in
    # catalogue order, and the count and facets cover them all.
    result.capped = len(result.ordered_ids) >= settings.SEARCH_MAX_RESULTS
    return result


def relevant(hits: list[Hit], confident: bool) -> list[Hit]:
    """Drop the long tail: hits far weaker than the best say nothing (a pasted
    message should not list a hundred entries that share the word "invalid").
    Without a good match, offer just the closest few (and any tied with the
    last of them)."""
    if not hits:
        return hits
    floor = hits[0].score * RELATIVE_FLOOR
    if not confident and len(hits) > CLOSEST_WHEN_UNSURE:
        floor = max(floor, hits[CLOSEST_WHEN_UNSURE - 1].score)
    return [hit for hit in hits if hit.score >= floor]
