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


def test_every_answer_a_case_expects_is_a_catalogue_entry():
    """A label naming no entry (a parent code for a dotted one's message,
    ``InternalError`` for ``InternalError.Algo``) would be a miss whatever the
    search did: every set's labels are checked against the catalogue alone."""
    from errors.catalogue.source import parse_catalogue
    from errors.evaluation import code_matches, message_matches

    root = REAL_WORLD.parent
    source = root.parent.parent.parent / "fixtures/source/model-studio-error-codes.txt"
    entries = parse_catalogue(source.read_text(encoding="utf-8"))
    unmatched = []
    for path in [REAL_WORLD, root / "blind" / "per_entry_blind.jsonl"]:
        for case in load_cases(path):
            for item in case["expect"] or []:
                # The code first: cheap, and it leaves a few messages to read.
                coded = [
                    e
                    for e in entries
                    if "code" not in item or code_matches(item["code"], e)
                ]
                wanted = item.get("message_contains") or ""
                if not any(message_matches(wanted, e.message) for e in coded):
                    unmatched.append((path.name, item))
    assert unmatched == []
