"""Facet counts over the filtered rows, as plain dicts for pages and API."""

from collections import Counter
from urllib.parse import urlencode

from django.db.models import Count

from errors.advice import Retryable, WhoActs
from errors.answer import status_name
from errors.models import Category, ErrorEntry


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

    results = filterset.qs
    search = getattr(results, "search_result", None)
    if search is not None and results.known_count is not None:
        counts = _count_rows(search.ordered_ids)
    else:
        counts = _count_grouped(results)
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


# The advice facets: field name -> the plain words of each value.
ADVICE_LABELS = {
    "retryable": dict(Retryable.choices),
    "who_acts": dict(WhoActs.choices),
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


def _count_rows(ids: list[int]) -> tuple[dict, dict, dict, dict]:
    """Counts from the rows themselves, for a search's few hits: one query
    instead of two group-bys over a subquery."""
    status_counts: Counter = Counter()
    category_counts: Counter = Counter()
    product_counts: Counter = Counter()
    advice_counts = {name: Counter() for name in ADVICE_LABELS}
    seen: set[int] = set()
    rows = ErrorEntry.objects.filter(pk__in=ids).values_list(
        "id",
        "status",
        "category",
        "retryable",
        "who_acts",
        "products__slug",
        "products__name",
    )
    for pk, status, category, retryable, who_acts, slug, name in rows:
        if pk not in seen:
            seen.add(pk)
            status_counts[status] += 1
            category_counts[category] += 1
            advice_counts["retryable"][retryable] += 1
            advice_counts["who_acts"][who_acts] += 1
        if slug is not None:
            product_counts[(slug, name)] += 1
    return status_counts, category_counts, product_counts, advice_counts


def add_product_links(facets: dict, params) -> dict:
    """Give each product facet a link that adds it to, or removes it from,
    the repeated `product` parameters (other parameters kept, page reset)."""
    for item in facets["product"]:
        query = params.copy()
        query.pop("page", None)
        chosen = [slug for slug in query.getlist("product") if slug != item["value"]]
        if not item["selected"]:
            chosen.append(item["value"])
        query.setlist("product", chosen)
        item["url"] = "?" + query.urlencode()
    return facets


def active_filters(filterset, params) -> list[dict]:
    """The filters in force, each with the link that removes it, for the bar
    above the results: [{"name", "label", "url"}]. The search text stays."""
    if not (filterset.is_bound and filterset.is_valid()):
        return []
    data = filterset.form.cleaned_data
    labels = dict(Category.choices)

    def without(name: str, value: str | None = None) -> str:
        query = params.copy()
        query.pop("page", None)
        if value is None:
            query.pop(name, None)
        else:
            query.setlist(name, [v for v in query.getlist(name) if v != value])
        return "?" + query.urlencode()

    chosen = []
    if data.get("status"):
        chosen.append(
            {
                "name": "Status",
                "label": "No status"
                if data["status"] == "none"
                else status_name(data["status"]),
                "url": without("status"),
            }
        )
    if data.get("code", "").strip():
        chosen.append({"name": "Code", "label": data["code"], "url": without("code")})
    if data.get("category"):
        chosen.append(
            {
                "name": "Category",
                "label": labels.get(data["category"], data["category"]),
                "url": without("category"),
            }
        )
    for name, labels in ADVICE_LABELS.items():
        if data.get(name):
            chosen.append(
                {
                    "name": FACET_TITLES[name],
                    "label": labels.get(data[name], data[name]),
                    "url": without(name),
                }
            )
    for product in data.get("product") or []:
        chosen.append(
            {
                "name": "Product",
                "label": product.name,
                "url": without("product", product.slug),
            }
        )
    return chosen


def clear_filters_url(params) -> str:
    """The query string of the same search with no filters ("" for none)."""
    q = params.get("q", "")
    return "?" + urlencode({"q": q}) if q.strip() else ""


FACETS_SHOWN = 8  # longer facets show the rest under "Show N more"
FACET_TITLES = {
    "status": "Status",
    "category": "Category",
    "retryable": "Retry",
    "who_acts": "Who acts",
    "product": "Product",
}


def facet_sections(facets: dict, params) -> list[dict]:
    """The facets for the page: [{"title", "shown", "more"}], each item with
    the link that selects or removes it; statuses carry their names. Selected
    items always stay in view."""
    add_product_links(facets, params)
    sections = []
    for name in FACET_TITLES:
        items = facets[name]
        for item in items:
            if name == "status" and item["value"] != "none":
                item["label"] = status_name(item["value"])
            if name != "product":
                query = params.copy()
                query.pop("page", None)
                if item["selected"]:
                    query.pop(name, None)
                else:
                    query[name] = item["value"]
                item["url"] = "?" + query.urlencode()
        shown = items[:FACETS_SHOWN]
        more = items[FACETS_SHOWN:]
        shown += [item for item in more if item["selected"]]
        more = [item for item in more if not item["selected"]]
        sections.append({"title": FACET_TITLES[name], "shown": shown, "more": more})
    return sections
