"""Filters never lose a match, and every facet count is what choosing it gives.

The search decides what a query finds from the query alone; filters narrow
that set inside the index query. These run on SQLite and, in CI, PostgreSQL.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from errors.catalogue.synthetic import add_synthetic
from errors.facets import facet_counts
from errors.filters import ErrorEntryFilter
from errors.models import ErrorEntry
from errors.search import candidates
from errors.search.candidates import IndexQuery
from errors.search.results import RANK_LIMIT, RANKED_HEAD, find_entries

API = "/api/v1/errors/"


def get(client, **params):
    response = client.get(API, {"page_size": 100, **params})
    assert response.status_code == 200, response.content[:300]
    return response.json()


def assert_facets_are_what_choosing_gives(client, params, most_products=None):
    """Choose each facet value in turn (`most_products`: only the first that
    many products, the facet's largest) and compare the count it promised."""
    body = get(client, **params)
    assert body["count"] == sum(item["count"] for item in body["facets"]["status"])
    assert body["count"] == sum(item["count"] for item in body["facets"]["category"])
    checked = 0
    for name in ("status", "category", "product"):
        items = body["facets"][name]
        for item in items[:most_products] if name == "product" else items:
            chosen = dict(params)
            if name == "product":
                chosen["product"] = [*params.get("product", []), item["value"]]
            else:
                chosen[name] = item["value"]
            assert get(client, **chosen)["count"] == item["count"], (name, item)
            checked += 1
    return body, checked


def test_facets_hold_when_matches_exceed_the_ranking(client, catalogue):
    # At 10,000 entries (the size issue 8 names) each query matches hundreds
    # of entries, far more than RANK_LIMIT; every facet value is chosen once.
    add_synthetic(10_000 - catalogue.count())
    # A word and a pasted sentence (each facet check is a search at 10,000).
    for query in ["model", "Failed to process the model request: check the input"]:
        # Every status and category; the six largest products (each product
        # is counted by the same code).
        body, checked = assert_facets_are_what_choosing_gives(
            client, {"q": query}, most_products=6
        )
        # These match far more entries than the ranking reads, so the list is
        # the index's whole match, with the best of it ranked.
        assert body["count"] > RANK_LIMIT, query
        assert body["search"]["capped"] is True
        assert checked >= 5

    # A filter finds matches beyond the ranked head: every 503 entry that
    # mentions "model" is there, not only those the whole catalogue's
    # ranking put first.
    everything = get(client, q="model")
    ranked_503 = sum(
        1 for item in everything["results"][:RANKED_HEAD] if item["status"] == 503
    )
    narrowed = get(client, q="model", status="503")
    expected = find_entries(ErrorEntry.objects.all(), "model").queryset.filter(
        status=503
    )
    assert narrowed["count"] == expected.count() > ranked_503
    assert {item["status"] for item in narrowed["results"]} == {503}


def test_status_filter_with_a_common_word_is_not_empty(client, catalogue):
    body = get(client, q="parameter", status="500")
    holding = [
        entry
        for entry in ErrorEntry.objects.filter(status=500)
        if "parameter" in f"{entry.message} {entry.cause} {entry.solution}".lower()
    ]
    assert holding, "the catalogue has 500 entries about parameters"
    assert body["count"] >= 1
    assert {item["status"] for item in body["results"]} == {500}
    page = client.get("/", {"q": "parameter", "status": "500"})
    assert b"Nothing found" not in page.content


@pytest.mark.parametrize(
    "query",
    [
        "api key",
        "Range of input length should be [1, 30720]",
        "audio",
        '{"code": "Throttling.RateQuota", "message": "Requests rate limit exceeded"}',
        "503",
    ],
)
def test_facets_hold_on_the_real_catalogue(client, catalogue, query):
    assert_facets_are_what_choosing_gives(client, {"q": query})


def test_facets_hold_with_a_product_chosen(client, catalogue):
    body = get(client, q="audio")
    product = max(body["facets"]["product"], key=lambda item: item["count"])
    assert_facets_are_what_choosing_gives(
        client, {"q": "audio", "product": [product["value"]]}
    )


def test_broad_queries_list_every_match_and_rank_the_head(client, make_entry):
    for number in range(RANK_LIMIT + 20):
        make_entry(slug=f"quokka-{number}", message=f"Quokka quota {number} reached.")
    body = get(client, q="quokka")
    assert body["count"] == RANK_LIMIT + 20
    assert body["search"]["capped"] is True
    assert body["results"][0]["match"] is not None
    narrow = get(client, q="Range of input length should be [1, 30720]")
    assert narrow["search"]["capped"] is False


def test_a_filtered_listing_counts_its_facets_from_its_ids(client, catalogue):
    # One query reads the listing's ids; the facets are counted from what the
    # process knows of each entry. No GROUP BY joins the entries to
    # themselves: PostgreSQL, misled by tables analysed while empty, ran
    # such a join for seconds.
    with CaptureQueriesContext(connection) as queries:
        body = get(client, product="cosyvoice", status="400")
    assert body["count"] == (
        ErrorEntry.objects.filter(products__slug="cosyvoice", status=400).count()
    )
    assert body["count"] > 0
    assert not [q["sql"] for q in queries if "GROUP BY" in q["sql"]]
    # And the counts are those of the rows, product by product.
    rows = ErrorEntry.objects.filter(products__slug="cosyvoice", status=400)
    for item in body["facets"]["product"]:
        assert item["count"] == rows.filter(products__slug=item["value"]).count()


def test_a_listing_s_facets_count_a_write_made_during_the_request(catalogue):
    # The facts were read for the catalogue's version of the search; an
    # admin's save lands before the listing's ids are read: the counts
    # must be those of the rows the listing shows, not of the older facts.
    filterset = ErrorEntryFilter({"category": "api"}, queryset=ErrorEntry.objects.all())
    assert filterset.results.facts() is not None  # read at the search's version
    entry = ErrorEntry.objects.filter(category="api", status=400).first()
    entry.status = 503
    entry.save()
    counts = {
        item["value"]: item["count"] for item in facet_counts(filterset)["status"]
    }
    rows = ErrorEntry.objects.filter(category="api")
    assert counts["503"] == rows.filter(status=503).count()
    assert counts["400"] == rows.filter(status=400).count()


def test_ids_of_a_listing_that_can_match_nothing(db):
    assert ErrorEntry.objects.none().ids() == set()
    assert ErrorEntry.objects.filter(pk__in=[]).ids() == set()


def test_a_query_matching_more_than_the_engine_scores_is_ranked_within_the_first(
    make_entry, monkeypatch
):
    # The engine scores the first SCORED_MATCHES matches by id (on
    # PostgreSQL PG_SCORED_MATCHES); which entries match, and how many,
    # still covers all of them.
    for bound in ("SCORED_MATCHES", "PG_SCORED_MATCHES"):
        monkeypatch.setattr(candidates, bound, 3)
    long = [
        make_entry(message=f"The gadget {n} failed after a long and winding wait.")
        for n in range(4)
    ]
    best = make_entry(message="Gadget failed.", status=429)
    query = IndexQuery((("gadget",),), every=False)
    assert set(query.scores(10)) == {entry.pk for entry in long[:3]}
    assert set(query.ids()) == {entry.pk for entry in [*long, best]}
    # Within filters, the first matches within them: the best is scored.
    within = ErrorEntry.objects.filter(status=429)
    assert list(query.scores(10, within=within)) == [best.pk]
    # With room for every match, every match is scored.
    for bound in ("SCORED_MATCHES", "PG_SCORED_MATCHES"):
        monkeypatch.setattr(candidates, bound, 100)
    assert set(query.scores(10)) == {entry.pk for entry in [*long, best]}
