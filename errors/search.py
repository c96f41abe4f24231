"""The one search behind `q`: pages, API and the `explain` command call this.

The database's full-text engine proposes candidates (so template matching never
scans every pattern), entries whose code appears in the paste join them, and
`errors.ranking` orders them and says why each matched.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Case, IntegerField, Value, When

from errors import fulltext
from errors.ranking import Candidate, Hit, query_terms, rank, vocabulary_corrections

CANDIDATE_FIELDS = ("id", "status", "code", "aliases", "message", "cause", "solution")
# How many full-text candidates the ranking sees before deciding.
CANDIDATE_LIMIT = 200
CODE_CANDIDATE_LIMIT = 100


@dataclass
class SearchResult:
    query: str
    terms: list[str] = field(default_factory=list)  # words to highlight
    matches: dict[int, Hit] = field(default_factory=dict)
    ordered_ids: list[int] = field(default_factory=list)
    confident: bool = False
    capped: bool = False  # more entries matched than the ranking kept

    @property
    def best(self) -> Hit | None:
        return self.matches.get(self.ordered_ids[0]) if self.ordered_ids else None


def normalise_query(q: str) -> str:
    return q.replace("\x00", " ")[: settings.SEARCH_MAX_QUERY_BYTES].strip()


def load_candidates(queryset, ids) -> list[Candidate]:
    rows = queryset.order_by().filter(pk__in=list(ids)).values(*CANDIDATE_FIELDS)
    return [
        Candidate(
            id=row["id"],
            status=row["status"],
            code=row["code"],
            aliases=row["aliases"].split(),
            message=row["message"],
            cause=row["cause"],
            solution=row["solution"],
        )
        for row in rows
    ]


def code_candidate_ids(queryset, codes: list[str]) -> set[int]:
    ids: set[int] = set()
    for code in codes[:8]:
        ids.update(queryset.order_by().with_code(code).values_list("pk", flat=True)[:CODE_CANDIDATE_LIMIT])
    return ids


def find(queryset, q: str) -> SearchResult:
    """Rank the entries of `queryset` against the pasted text `q`."""
    q = normalise_query(q)
    result = SearchResult(query=q)
    if not q:
        return result
    terms = query_terms(q)
    result.terms = terms
    scores, capped = fulltext.candidates(queryset, terms, CANDIDATE_LIMIT)
    ranked = rank_candidates(queryset, q, scores)
    if not ranked.confident:
        # Typos: map unknown words to indexed ones and look again.
        corrections = vocabulary_corrections(terms, fulltext.vocabulary.words())
        if corrections:
            corrected = [corrections.get(term, term) for term in terms]
            more, _ = fulltext.candidates(queryset, corrected, CANDIDATE_LIMIT)
            for pk, score in more.items():
                scores[pk] = max(scores.get(pk, 0.0), score)
            ranked = rank_candidates(queryset, q, scores)
    limit = settings.SEARCH_MAX_RESULTS
    hits = ranked.hits[:limit]
    result.matches = {hit.id: hit for hit in hits}
    result.ordered_ids = [hit.id for hit in hits]
    result.confident = ranked.confident
    result.capped = capped or len(ranked.hits) > limit
    return result


def rank_candidates(queryset, q: str, scores: dict[int, float]):
    from errors.paste import unwrap

    codes = unwrap(q).codes
    ids = set(scores) | code_candidate_ids(queryset, codes + q.split()[:4])
    candidates = load_candidates(queryset, ids)
    return rank(q, candidates, text_scores=scores, limit=max(len(candidates), 1))


def search_queryset(queryset, q: str):
    """`queryset` narrowed to the matches of q, in rank order, with details."""
    result = find(queryset, q)
    if not result.query:
        return queryset
    order = Case(
        *[When(pk=pk, then=Value(position)) for position, pk in enumerate(result.ordered_ids)],
        output_field=IntegerField(),
    )
    ranked = queryset.filter(pk__in=result.ordered_ids)
    if result.ordered_ids:
        ranked = ranked.order_by(order)
    ranked.search_result = result
    return ranked
