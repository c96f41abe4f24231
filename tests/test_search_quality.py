"""The search's quality on real pastes it was not tuned on.

The real-world set (tests/data/eval/real_world.jsonl, public cases with their
sources) is split once into a tuning and a check half (errors.evaluation
.half_of). Only the check half counts here; `make eval` prints both.
"""

from pathlib import Path

from errors.evaluation import evaluate, format_report, load_cases, split_cases
from errors.management.commands.evaluate_search import search_entries

REAL_WORLD = Path(__file__).resolve().parent / "data" / "eval" / "real_world.jsonl"
# Floors, a little under what the check half gives today (README, "Search
# quality"): falling below one is a regression.
RECALL_AT_1 = 0.95
RECALL_AT_3 = 0.965
NO_GOOD_MATCH_ON_NULL = 0.9


def test_the_split_is_fixed_and_even():
    cases = load_cases(REAL_WORLD)
    halves = split_cases(cases)
    assert len(cases) >= 150
    assert all(case["source"].startswith("http") for case in cases)
    assert abs(len(halves["tuning"]) - len(halves["check"])) <= len(cases) // 5
    # The same case always lands in the same half.
    assert split_cases(cases) == halves


def test_check_half_through_the_real_search(catalogue):
    check = split_cases(load_cases(REAL_WORLD))["check"]
    report = evaluate(check, search_entries)
    summary = format_report(report, "check half", show_misses=False)
    assert report.recall_at_1 >= RECALL_AT_1, summary
    assert report.recall_at_3 >= RECALL_AT_3, summary
    assert report.null_cases and report.no_good_match_rate >= NO_GOOD_MATCH_ON_NULL
