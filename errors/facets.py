"""Facet counts over the filtered rows, as plain dicts for pages and API."""

from django.db.models import Count

from errors.models import Category, ErrorEntry


def sort_facets(items: list[dict]) -> list[dict]:
    return sorted(items, key=lambda item: (-item["count"], str(item["label"])))


def facet_counts(filterset) -> dict[str, list[dict]]:
    """Status, product and category counts over `filterset.qs`."""
    # A fresh query over the matching ids: counting products through the
    # joins the product filter added would only count the selected product.
    queryset = ErrorEntry.objects.filter(pk__in=filterset.qs.order_by().values("pk"))
    data = (
        filterset.form.cleaned_data
        if filterset.is_bound and filterset.is_valid()
        else {}
    )
    selected_status = data.get("status") or ""
    selected_products = {product.slug for product in data.get("product") or []}
    selected_category = data.get("category") or ""

    # Status and category come from one GROUP BY over both columns.
    status_counts: dict = {}
    category_counts: dict = {}
    for row in queryset.values("status", "category").annotate(count=Count("id")):
        status_counts[row["status"]] = (
            status_counts.get(row["status"], 0) + row["count"]
        )
        category_counts[row["category"]] = (
            category_counts.get(row["category"], 0) + row["count"]
        )
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
            "value": row["products__slug"],
            "label": row["products__name"],
            "count": row["count"],
            "selected": row["products__slug"] in selected_products,
        }
        for row in queryset.filter(products__isnull=False)
        .values("products__slug", "products__name")
        .annotate(count=Count("id", distinct=True))
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
    }


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
