"""What a process knows of the catalogue for one version (errors.search.snapshot),
the derived entries it keeps (errors.search.entries.EntryCache) and the rows
(errors.search.rows.RowCache)."""

from collections import Counter

import pytest
from django.core.management import call_command
from django.db import connection

from errors.models import ErrorEntry
from errors.search import rows, snapshot
from errors.search.entries import Candidate, EntryCache, _estimated_size, derive
from errors.search.results import find_entries
from errors.search.snapshot import FACET_FIELDS


def database_counts():
    fields = {
        name: Counter(ErrorEntry.objects.values_list(name, flat=True))
        for name in FACET_FIELDS
    }
    products = Counter(
        ErrorEntry.objects.filter(products__isnull=False).values_list(
            "products__slug", "products__name"
        )
    )
    return fields, products


def test_facet_counts_are_the_databases(catalogue):
    fields, products = snapshot.current().facts().all_counts()
    expected_fields, expected_products = database_counts()
    assert fields == expected_fields
    assert products == expected_products
    assert sum(fields["status"].values()) == catalogue.count() > 300


def test_counts_of_some_ids_and_of_an_unknown_one(make_entry, make_product):
    voice = make_product(slug="voice", name="Voice")
    first = make_entry(status=429, products=[voice])
    second = make_entry(status=None, category="sdk")
    facts = snapshot.current().facts()
    fields, products = facts.counts([first.pk, second.pk])
    assert fields["status"] == {429: 1, None: 1}
    assert fields["category"] == {"api": 1, "sdk": 1}
    assert products == {("voice", "Voice"): 1}
    assert facts.profile(first.pk).products == (("voice", "Voice"),)
    # An entry written after the snapshot: the caller counts in the database.
    assert facts.counts([first.pk, second.pk + 1000]) is None


def test_a_write_starts_a_new_snapshot(make_entry):
    make_entry(message="Quokka overflow")
    before = snapshot.current()
    assert "quokka" in before.words() and "wombat" not in before.words()
    assert before.entry_count() == 1
    assert snapshot.current() is before  # nothing written: the same one
    make_entry(message="Wombat overflow")
    after = snapshot.current()
    assert after is not before
    assert "wombat" in after.words()
    assert after.entry_count() == 2


def test_a_flush_leaves_a_version_that_still_moves(make_entry):
    # `flush` empties every table, the version counter's too: without its row
    # the version would read 0 for ever, and no write would be seen again.
    first = make_entry(message="Quokka overflow")
    seen = snapshot.current()
    call_command("flush", "--noinput", verbosity=0)
    make_entry(message="Wombat overflow")
    after_flush = snapshot.current()
    assert after_flush.version > seen.version  # no version is seen twice
    make_entry(message="Numbat overflow")
    latest = snapshot.current()
    assert latest is not after_flush
    assert "numbat" in latest.words() and "quokka" not in latest.words()
    assert not ErrorEntry.objects.filter(message=first.message).exists()


def test_completions_need_no_word_list_built_first(make_entry):
    make_entry(message="Throttling in effect")
    # The sorted words are built from the typo index, inside the snapshot's
    # lock: asked first, they build the index too (no deadlock).
    assert snapshot.current().completions("thrott") == ["throttling"]


def candidate(number: int) -> Candidate:
    return Candidate(
        id=number,
        status=400,
        code=f"Code{number}",
        aliases=(),
        message=f"Parameter number {number} is out of range [1, xxx]",
        cause="The value is too large.",
        solution="Send a smaller value.",
    )


def test_entry_cache_keeps_to_its_budget_dropping_the_least_recent():
    infos = [derive(candidate(number)) for number in range(10)]
    size = _estimated_size(infos[0])
    cache = EntryCache(budget=size * 4)
    cache.put(infos[:4])
    cache.get([0])  # 0 is used again: 1 is now the least recent
    cache.put(infos[4:6])
    found, missing = cache.get(range(6))
    assert sorted(found) == [0, 3, 4, 5]
    assert missing == [1, 2]
    assert cache.size <= cache.budget and len(cache) == 4
    assert found[4] is infos[4]


def first_result(client, q: str) -> dict:
    return client.get("/api/v1/errors/", {"q": q}).json()["results"][0]


@pytest.mark.django_db(transaction=True)
def test_rows_shown_are_kept_and_every_search_gets_its_own(make_entry, monkeypatch):
    monkeypatch.setattr(snapshot, "ROWS_READ_WHOLE", 1)  # read row by row
    quokka = make_entry(message="Quokka overflow", cause="Too many *quokkas*.")
    make_entry(message="Wombat overflow")
    first = find_entries(ErrorEntry.objects.all(), "quokka overflow")[:1][0]
    kept = snapshot.current().rows()
    assert len(kept) == 1  # the row shown, not the other match
    again = find_entries(ErrorEntry.objects.all(), "quokka overflow")[:1][0]
    assert again is not first and again.pk == first.pk == quokka.pk
    assert again.match is not first.match  # set by each search on its own
    assert [again.message, again.cause, again.updated_at] == [
        quokka.message,
        quokka.cause,
        quokka.updated_at,
    ]
    assert again.cause_html == "<p>Too many <em>quokkas</em>.</p>"


def save(entry):  # as the admin does
    entry.cause = "New **cause**."
    entry.save()


def update(entry):
    ErrorEntry.objects.filter(pk=entry.pk).update(cause="New **cause**.")


def raw_sql(entry):
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {ErrorEntry._meta.db_table} SET cause = %s WHERE id = %s",
            ["New **cause**.", entry.pk],
        )


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("write", [save, update, raw_sql])
def test_a_kept_row_is_never_shown_after_a_write(client, make_entry, write):
    entry = make_entry(message="Quokka overflow", cause="Old *cause*.")
    assert first_result(client, "quokka overflow")["cause"] == "Old *cause*."
    assert len(snapshot.current().rows()) == 1
    write(entry)
    shown = first_result(client, "quokka overflow")
    assert shown["cause"] == "New **cause**."
    assert shown["cause_html"] == "<p>New <strong>cause</strong>.</p>"


def test_rows_read_inside_a_transaction_are_not_kept(make_entry):
    # A rollback would take the version back, and the next write would bring
    # the same version number back with other rows.
    make_entry(message="Quokka overflow")
    assert connection.in_atomic_block
    assert find_entries(ErrorEntry.objects.all(), "quokka overflow")[:1]
    assert len(snapshot.current().rows()) == 0


@pytest.mark.django_db(transaction=True)
def test_a_small_catalogue_has_its_rows_read_at_once(
    make_entry, django_assert_num_queries
):
    for number in range(5):
        make_entry(message=f"Quokka overflow {number}")
    find_entries(ErrorEntry.objects.all(), "quokka overflow 1")[:1]
    assert len(snapshot.current().rows()) == 5  # not only the one shown
    results = find_entries(ErrorEntry.objects.all(), "quokka overflow 3")
    with django_assert_num_queries(0):
        shown = results[:5]
    assert shown[0].message == "Quokka overflow 3"


@pytest.mark.django_db(transaction=True)
def test_row_cache_keeps_to_its_budget_dropping_the_least_recent(
    make_entry, django_assert_num_queries
):
    entries = [make_entry(message=f"Message {number}") for number in range(6)]
    ids = [entry.pk for entry in entries]
    row = tuple(getattr(entries[0], name) for name in rows.RowCache(ErrorEntry).names)
    cache = rows.RowCache(ErrorEntry, budget=rows._estimated_size(row) * 4)
    cache.read(ErrorEntry.objects.all(), ids[:4])
    cache.read(ErrorEntry.objects.all(), ids[:1])  # 0 again: 1 is the least recent
    cache.read(ErrorEntry.objects.all(), ids[4:6])
    assert len(cache) == 4
    # Read with no query: the kept ones. The others are read again.
    kept = [ids[0], ids[3], ids[4], ids[5]]
    with django_assert_num_queries(0):
        found = cache.read(ErrorEntry.objects.all(), kept)
    assert sorted(found) == kept
    assert [found[pk].message for pk in kept] == [
        "Message 0",
        "Message 3",
        "Message 4",
        "Message 5",
    ]
