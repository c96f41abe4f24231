"""The links of the results page's filters: each facet item's link that
selects or removes it, and the bar of filters in force with the link that
removes each, other parameters kept and the page reset.

The counts themselves come from `errors.facets`, shared with the API.
"""

from urllib.parse import urlencode

from errors.facets import ADVICE_LABELS
from errors.models import Category
from errors.web.answer import status_name


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
    for name, advice_labels in ADVICE_LABELS.items():
        if data.get(name):
            chosen.append(
                {
                    "name": FACET_TITLES[name],
                    "label": advice_labels.get(data[name], data[name]),
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
