"""Facet counts over the filtered rows, as plain dicts for pages and API.

The links that select or remove a facet on the results page are made in
`errors.web.facet_links`.
"""

from collections import Counter

from django.db.models import Count

from errors import catalogue_version
from errors.advice import Retryable, WhoActs
from errors.models import Category, ErrorEntry

# The advice facets: field name -> the plain words of each value.
ADVICE_LABELS = {
    "retryable": dict(Retryable.choices),
    "who_acts": dict(WhoActs.choices),
}


def sort_facets(items: list[dict]) -> list[dict]:
    return sorted(items, key=lambda item: (-item["count"], str(item["label"])))


def facet_counts(filterset) -> dict[str, list[dict]]:
    """Status, product, category and advice counts over `filterset.qs`."""
    data = (
        filterset.form.cleaned_data
        if filterset.is_bound and filterset.is_valid()
        else {}
    )
    selected_status = data.get("status") or ""
    selected_products = {product.slug for product in data.get("product") or []}
    selected_category = data.get("category") or ""

    results = filterset.results
    counts = _known_counts(results)
    if counts is None:
        counts = _count_grouped(results.queryset)
    status_counts, category_counts, product_counts, advice_counts = counts

    statuses = []
    for status, count in status_counts.items():
        value = "none" if status is None else str(status)
        statuses.append(
            {
                "value": value,
                "label": "No status" if status is None else value,
                "count": count,
                "selected": selected_status == value,
            }
        )
    products = [
        {
            "value": slug,
            "label": name,
            "count": count,
            "selected": slug in selected_products,
        }
        for (slug, name), count in product_counts.items()
    ]
    labels = dict(Category.choices)
    categories = [
        {
            "value": category,
            "label": labels.get(category, category),
            "count": count,
            "selected": category == selected_category,
        }
        for category, count in category_counts.items()
    ]
    return {
        "status": sort_facets(statuses),
        "product": sort_facets(products),
        "category": sort_facets(categories),
        **{
            name: sort_facets(
                [
                    {
                        "value": value,
                        "label": labels.get(value, value),
                        "count": count,
                        "selected": value == (data.get(name) or ""),
                    }
                    for value, count in advice_counts[name].items()
                ]
            )
            for name, labels in ADVICE_LABELS.items()
        },
    }


def _count_grouped(results) -> tuple[dict, dict, dict, dict]:
    """Counts by GROUP BY in the database, for listings of any size."""
    # A fresh query over the matching ids: counting products through the
    # joins the product filter added would only count the selected product.
    queryset = ErrorEntry.objects.filter(pk__in=results.order_by().values("pk"))
    status_counts: Counter = Counter()
    category_counts: Counter = Counter()
    advice_counts = {name: Counter() for name in ADVICE_LABELS}
    # Status, category and advice come from one GROUP BY over those columns.
    columns = ("status", "category", *ADVICE_LABELS)
    for row in queryset.values(*columns).annotate(count=Count("id")):
        status_counts[row["status"]] += row["count"]
        category_counts[row["category"]] += row["count"]
        for name in ADVICE_LABELS:
            advice_counts[name][row[name]] += row["count"]
    product_counts = Counter(
        {
            (row["products__slug"], row["products__name"]): row["count"]
            for row in queryset.filter(products__isnull=False)
            .values("products__slug", "products__name")
            .annotate(count=Count("id", distinct=True))
        }
    )
    return status_counts, category_counts, product_counts, advice_counts


def _known_counts(results) -> tuple[dict, dict, dict, dict] | None:
    """Counts from what this process knows of the catalogue
    (errors.search.snapshot), over the rows' ids: a search's ranked ids, a
    broad search's whole match, a filtered listing's ids (one query), or the
    whole catalogue when nothing narrows it. None otherwise (an id the
    snapshot does not know)."""
    facts = results.facts()
    if facts is None:
        return None
    if results.search is None:
        queryset = results.queryset
        if not queryset.query.where:
            known = facts.all_counts()
        else:
            # The ids in one query, counted here: a GROUP BY over them joins
            # the entries to themselves, which PostgreSQL, misled by tables
            # analysed while empty, ran for seconds (a plan of nested loops).
            ids = queryset.ids()
            # Rows written since the facts' version (an entry's status
            # changed) are counted in the database instead.
            if catalogue_version.current() != results.snapshot.version:
                return None
            known = facts.counts(ids)
    else:
        ids = results.member_ids()
        known = None if ids is None else facts.counts(ids)
    if known is None:
        return None
    fields, products = known
    advice = {name: fields[name] for name in ADVICE_LABELS}
    return fields["status"], fields["category"], products, advice
