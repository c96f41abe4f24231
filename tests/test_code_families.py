"""Entries of one code (a family) holding the same words of a query are told
apart by their own signals, not by the index's length norm, which ranks the
shortest text first (errors.search.ranking._siblings_alike); a catch-all
code's entries still are."""

from errors.search.entries import Candidate
from errors.search.query import Query
from errors.search.ranking import FAMILY_ENTRIES, rank


def family(code: str, size: int, first: int = 1) -> list[Candidate]:
    """`size` entries of `code` with the same message, the later ones with
    a shorter cause (an index ranks them higher for the same words)."""
    return [
        Candidate(
            first + i,
            400,
            code,
            (),
            "Banned colours.",
            cause="Paint " * (size - i),
        )
        for i in range(size)
    ]


def index_favouring_the_last(candidates: list[Candidate]) -> dict[int, float]:
    return {c.id: 0.5 + 0.5 * i / len(candidates) for i, c in enumerate(candidates)}


def test_a_family_holding_the_same_words_is_not_ordered_by_the_index():
    candidates = family("Paint.Blocked", 3)
    query = Query.parse("Paint.Blocked banned")
    scores = index_favouring_the_last(candidates)
    hits = rank(query, candidates, text_scores=scores).hits
    # Alike on every signal of their own: the catalogue's order.
    assert [hit.id for hit in hits] == [1, 2, 3]
    assert len({hit.score for hit in hits}) == 1


def test_words_only_one_of_the_family_holds_still_count():
    candidates = family("Paint.Blocked", 3)
    candidates[2] = Candidate(3, 400, "Paint.Blocked", (), "Banned colours on trim.")
    query = Query.parse("Paint.Blocked banned trim")
    hits = rank(query, candidates, text_scores=index_favouring_the_last(candidates))
    assert hits.hits[0].id == 3


def test_a_catch_all_code_keeps_the_index_s_order():
    candidates = family("Paint.Invalid", FAMILY_ENTRIES + 1)
    query = Query.parse("Paint.Invalid banned")
    scores = index_favouring_the_last(candidates)
    hits = rank(query, candidates, text_scores=scores).hits
    assert hits[0].id == candidates[-1].id
