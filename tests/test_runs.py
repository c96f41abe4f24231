"""Runs of a message's words written side by side in a short text
(errors.search.runs). The examples are this file's own."""

import pytest

from errors.search.alternatives import compile_alternative
from errors.search.runs import MAX_TEXT_WORDS, longest_run, short_text
from errors.search.text import tokenise
from tests.searching import search


def run_of(text: str, message: str) -> int:
    short = short_text(tokenise(text).tokens)
    return longest_run(short, [compile_alternative(message)])


def test_the_longest_run_counts_the_message_s_words_in_a_row():
    message = "Gadget storage quota exceeded, please remove old gadgets."
    assert run_of("gadget storage quota exceeded acme cli", message) == 4
    # Word forms meet (exceeds/exceeded), as in the rest of the search.
    assert run_of("acme gadget storage quota exceeds", message) == 4
    # The same words out of order or apart make no run.
    assert run_of("storage gadget exceeded quota acme", message) == 0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        # Three words in a row are no run.
        ("acme gadget storage quota", "Gadget storage quota is full."),
        # Stopwords make up the run: under three said words.
        ("it is not in the gadget", "It is not in the list."),
        # A placeholder breaks the run: its value is any text.
        ("gadget storage quota full", "Gadget xxx storage quota full."),
        # ``please`` is a stopword as its stem is (``pleas``) too.
        ("acme please try again later", "Failed, please try again later."),
    ],
)
def test_no_run_without_four_words_three_of_them_said(text, message):
    assert run_of(text, message) < 4


def test_a_paste_has_no_runs():
    long = " ".join(["gadget storage quota exceeded"] + ["word"] * MAX_TEXT_WORDS)
    assert short_text(tokenise(long).tokens) is None


def test_the_run_ranks_the_message_written_in_a_row_first(client, make_entry):
    make_entry(
        message="Maximum gadget storage limit exceeded, please delete old gadgets.",
        code="Quota",
        slug="storage",
    )
    make_entry(message="Maximum gadget-clone gadget limit exceeded.", code="Quota")
    results, _ = search(client, "Maximum gadget storage limit exceeded acmevoice clone")
    assert results[0]["slug"] == "storage"
