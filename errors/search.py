"""The one search behind `q`: pages, API and the `explain` command call this.

The database's full-text engine proposes candidates from the paste's rarer
words (so template matching never scans every pattern; codes and aliases are
indexed columns with the highest weights), `errors.ranking` orders them and
says why each matched, and the long tail of weak hits is dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Func, IntegerField

from errors import fulltext
from errors.ranking import Candidate, Hit, query_terms, rank, vocabulary_corrections

CANDIDATE_FIELDS = ("id", "status", "code", "aliases", "message", "cause", "solution")
# How many full-text candidates the ranking sees before deciding: a pasted
# message's words pin its entry down within a few dozen; a short keyword
# query gets more, since they are also its list of results.
CANDIDATE_LIMIT = 60
PASTE_CANDIDATE_LIMIT = 30
PASTE_TERMS = 4
MAX_TYPO_TERM = 30
# A hit is kept when its score is at least this share of the best hit's.
RELATIVE_FLOOR = 0.5
CLOSEST_WHEN_UNSURE = 10


@dataclass
class SearchResult:
    query: str
    terms: list[str] = field(default_factory=list)  # words to highlight
    matches: dict[int, Hit] = field(default_factory=dict)
    ordered_ids: list[int] = field(default_factory=list)
    confident: bool = False
    capped: bool = False  # a limit, not relevance, cut the list


def normalise_query(q: str) -> str:
    return q.replace("\x00", " ")[: settings.SEARCH_MAX_QUERY_BYTES].strip()


def load_candidates(queryset, ids) -> list[Candidate]:
    rows = queryset.order_by().filter(pk__in=list(ids)).values_list(*CANDIDATE_FIELDS)
    return [
        Candidate(
            id=pk,
            status=status,
            code=code,
            aliases=tuple(aliases.split()),
            message=message,
            cause=cause,
            solution=solution,
        )
        for pk, status, code, aliases, message, cause, solution in rows
    ]


class RankPosition(Func):
    """The position of the row's id in a ranked id list, for ORDER BY.

    One parameter whatever the list's length: a CASE with a WHEN per id costs
    more to build than the search itself.
    """

    output_field = IntegerField()

    def __init__(self, ids: list[int]):
        super().__init__()
        self.ids = [int(pk) for pk in ids]

    def as_sql(self, compiler, connection, **extra):
        table = compiler.quote_name_unless_alias(compiler.query.get_initial_alias())
        column = f"{table}.{connection.ops.quote_name('id')}"
        if connection.vendor == "postgresql":
            return f"array_position(%s::bigint[], {column})", [self.ids]
        return f"instr(%s, ',' || {column} || ',')", [
            "," + ",".join(map(str, self.ids)) + ","
        ]


def find(queryset, q: str) -> SearchResult:
    """Rank the entries of `queryset` against the pasted text `q`."""
    q = normalise_query(q)
    result = SearchResult(query=q)
    if not q:
        return result
    terms = query_terms(q)
    result.terms = terms
    limit = PASTE_CANDIDATE_LIMIT if len(terms) >= PASTE_TERMS else CANDIDATE_LIMIT
    scores, capped = fulltext.candidates(queryset, terms, limit)
    ranked = rank_candidates(queryset, q, scores)
    if not ranked.confident:
        # Typos: map unknown words to indexed ones and look again.
        # Only word-sized terms can be typos of indexed words.
        typo_terms = [term for term in terms if 3 <= len(term) <= MAX_TYPO_TERM]
        corrections = vocabulary_corrections(typo_terms, fulltext.vocabulary.words())
        if corrections:
            corrected = [corrections.get(term, term) for term in terms]
            more, _ = fulltext.candidates(queryset, corrected, limit)
            for pk, score in more.items():
                scores[pk] = max(scores.get(pk, 0.0), score)
            ranked = rank_candidates(queryset, q, scores)
    kept = relevant(ranked.hits, ranked.confident)
    hits = kept[: settings.SEARCH_MAX_RESULTS]
    result.matches = {hit.id: hit for hit in hits}
    result.ordered_ids = [hit.id for hit in hits]
    result.confident = ranked.confident
    # Cut by a limit rather than by relevance: the index matched more entries
    # than the ranking saw, and nearly all it saw were relevant, so more of
    # the unseen ones would be too.
    nearly_all = len(kept) >= 0.9 * limit
    result.capped = len(kept) > settings.SEARCH_MAX_RESULTS or (
        capped and ranked.confident and nearly_all
    )
    return result


def relevant(hits: list[Hit], confident: bool) -> list[Hit]:
    """Drop the long tail: hits far weaker than the best say nothing (a pasted
    message should not list a hundred entries that share the word "invalid").
    Without a good match, offer just the closest few."""
    if not hits:
        return hits
    floor = hits[0].score * RELATIVE_FLOOR
    kept = [hit for hit in hits if hit.score >= floor]
    return kept if confident else kept[:CLOSEST_WHEN_UNSURE]


def rank_candidates(queryset, q: str, scores: dict[int, float]):
    # Codes need no lookup of their own: code and aliases are indexed columns
    # with the highest weights, so an entry whose code is in the paste is
    # among the full-text candidates.
    candidates = load_candidates(queryset, scores)
    return rank(q, candidates, text_scores=scores, limit=max(len(candidates), 1))


def search_queryset(queryset, q: str):
    """`queryset` narrowed to the matches of q, in rank order, with details."""
    result = find(queryset, q)
    if not result.query:
        return queryset
    ranked = queryset.filter(pk__in=result.ordered_ids)
    if result.ordered_ids:
        ranked = ranked.order_by(RankPosition(result.ordered_ids))
    ranked.search_result = result
    ranked.known_count = len(result.ordered_ids)
    return ranked
