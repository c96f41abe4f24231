"""Hostile pastes cost bounded, near-linear work (tests/adversarial.py).

Every shape is searched at the largest allowed size through the real search,
in-process, with its work counted, not timed: the paste's work budget (texts
scanned, characters handed to the patterns) and the SQL queries a search
makes. Timings belong to `make bench` and `make attack`.
"""

import pytest

from errors.limits import MAX_QUERY_BYTES
from errors.models import ErrorEntry
from errors.search import findings, paste
from errors.search.findings import Collector
from errors.search.paste import _scan, unwrap
from errors.search.results import find_entries
from tests.adversarial import MAX, corpus

SHAPES = corpus()
# Two reads of the catalogue version, two match counts, the index's ranked
# candidates, the page and its count: a paste's size never adds a query.
MAX_QUERIES_PER_SEARCH = 7


def test_the_corpus_is_large_and_at_the_size_limit():
    assert len(SHAPES) >= 100
    assert len({name for name, _ in SHAPES}) == len(SHAPES)
    full = [text for name, text in SHAPES if "@" not in name]
    assert sum(len(text) >= MAX // 4 for text in full) >= 90
    assert all(len(text.encode()) <= 256 * 1024 for text in full)


def test_every_hostile_paste_is_searched_in_a_few_queries(
    catalogue, django_assert_max_num_queries
):
    for name, text in SHAPES:
        with django_assert_max_num_queries(MAX_QUERIES_PER_SEARCH, info=name):
            results = find_entries(ErrorEntry.objects.all(), text)
            results[:20]
            results.count()


@pytest.mark.parametrize(("name", "text"), SHAPES, ids=[name for name, _ in SHAPES])
def test_the_work_budget_holds(name, text):
    found = Collector()
    cleaned = paste.prepare_text(text)
    _scan(cleaned, found, depth=0)
    # Texts scanned and characters handed to the patterns are bounded, and
    # so is what reaches the ranking.
    assert found.scans >= -1 and found.pattern_budget >= -findings.MAX_MESSAGE - 2
    assert len(found.messages) <= findings.MAX_FOUND
    result = unwrap(text)
    assert len(result.messages) <= paste.MAX_MESSAGES
    assert all(len(m) <= MAX_QUERY_BYTES for m in result.messages)
    # No whitespace run survives to the patterns.
    assert "  " not in cleaned and "\n\n" not in cleaned
