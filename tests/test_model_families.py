"""A model family the text names (errors.search.families) counts against the
entries documented only for other families, as another status does."""

import pytest

from errors.models import ErrorEntry
from errors.search.entries import Candidate
from errors.search.families import (
    MAX_FAMILY_SCAN,
    load_family_names,
    other_family_ids,
)
from errors.search.query import Query
from errors.search.ranking import rank
from errors.search.snapshot import current
from tests.searching import search


@pytest.fixture
def voices(make_product, make_entry):
    cosy = make_product(slug="cosyvoice", name="CosyVoice", aliases="")
    tts = make_product(slug="qwen-tts", name="Qwen-TTS", aliases="qwen3-tts-flash")
    # A feature, not a family: no model's name among its names.
    cloning = make_product(slug="voice-cloning", name="Voice cloning", aliases="")
    make_entry(
        code="Voice.Quota",
        message="Voice limit reached.",
        products=[tts, cloning],
        slug="tts-voices",
    )
    make_entry(
        code="Voice.Quota",
        message="Voice limit reached for this workspace.",
        products=[cosy, cloning],
        slug="cosy-voices",
    )
    make_entry(code="Other", message="Voice count too low.", slug="general")


@pytest.mark.parametrize(
    "text, named",
    [
        ("cosyvoice-v2 voice", {"cosyvoice"}),
        ("CosyVoice: voices", {"cosyvoice"}),
        ("qwen tts clone", {"qwen-tts"}),  # typed with a space
        ("qwen3-tts-flash failed", {"qwen-tts"}),  # its version aside
        ("voice cloning failed", set()),  # a feature names no family
        ("cosyvoicex", set()),  # a whole name only
    ],
)
def test_the_families_a_text_names(voices, text, named):
    assert load_family_names().named(text) == named


def test_only_the_beginning_of_a_long_paste_is_read_for_names(voices):
    names = load_family_names()
    filler = "x " * (MAX_FAMILY_SCAN // 2)
    assert names.named("cosyvoice " + filler) == {"cosyvoice"}
    assert names.named(filler + " cosyvoice") == frozenset()


def test_entries_of_other_families_only(voices):
    snapshot = current()
    by_slug = dict(ErrorEntry.objects.values_list("slug", "pk"))
    families = snapshot.families()
    named = families.named("cosyvoice-v2 voices")
    others = other_family_ids(families, named, snapshot.facts(), by_slug.values())
    # Qwen-TTS's entry; not the general one, linked to no family.
    assert others == {by_slug["tts-voices"]}


def test_the_family_named_puts_its_entry_first(client, voices):
    results, _ = search(client, "cosyvoice-v2 voices limit exceeded")
    assert results[0]["slug"] == "cosy-voices"
    # Without a family named, the shorter message holding the words is first.
    results, _ = search(client, "voices limit exceeded")
    assert results[0]["slug"] == "tts-voices"


def test_another_family_weighs_like_another_status():
    candidates = [
        Candidate(1, 400, "A", (), "Voice limit reached."),
        Candidate(2, 400, "B", (), "Voice limit reached."),
    ]
    query = Query.parse("voice limit")
    alike = rank(query, candidates).hits
    assert alike[0].score == alike[1].score
    hits = rank(query, candidates, other_family=frozenset({1})).hits
    assert [hit.id for hit in hits] == [2, 1]
    assert hits[1].score < hits[0].score
