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
    data = filterset.form.cleaned_data if filterset.is_bound and filterset.is_valid() else {}
    selected_status = data.get("status") or ""
    selected_products = {product.slug for product in data.get("product") or []}
    selected_category = data.get("category") or ""

    statuses = [
        {
            "value": "none" if row["status"] is None else str(row["status"]),
            "label": "No status" if row["status"] is None else str(row["status"]),
            "count": row["count"],
            "selected": selected_status == ("none" if row["status"] is None else str(row["status"])),
        }
        for row in queryset.values("status").annotate(count=Count("id"))
    ]
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
            "value": row["category"],
            "label": labels.get(row["category"], row["category"]),
            "count": row["count"],
            "selected": row["category"] == selected_category,
        }
        for row in queryset.values("category").annotate(count=Count("id"))
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
