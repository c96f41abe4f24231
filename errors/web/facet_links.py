"""The links of the results page's filters: each facet item's link that
selects or removes it, and the bar of filters in force with the link that
removes each, other parameters kept and the page reset.

The counts themselves come from `errors.facets`, shared with the API.
"""

from urllib.parse import urlencode

from django.http import QueryDict

from errors.facets import ADVICE_LABELS
from errors.models import Category
from errors.web.answer import status_name


class Links:
    """The page's query string with one parameter changed and the page reset.

    Each parameter is encoded once, however many links are made: the search
    text can be a pasted traceback of kilobytes, and the page has a link for
    every facet item. Parameters keep their order (a changed one its place).
    """

    def __init__(self, params: QueryDict):
        self.encoding = params.encoding
        self.parts = {
            key: self.encode(key, params.getlist(key))
            for key in params
            if key != "page"
        }

    def encode(self, name: str, values: list[str]) -> str:
        query = QueryDict(mutable=True, encoding=self.encoding)
        query.setlist(name, values)
        return query.urlencode()

    def link(self, name: str, values: list[str] | None) -> str:
        """ "?" and the query string with `name` set to `values` (None: removed)."""
        parts = dict(self.parts)
        if values is None:
            parts.pop(name, None)
        else:
            parts[name] = self.encode(name, values)
        return "?" + "&".join(part for part in parts.values() if part)


def add_product_links(facets: dict, params, links: Links | None = None) -> dict:
    """Give each product facet a link that adds it to, or removes it from,
    the repeated `product` parameters (other parameters kept, page reset)."""
    links = links or Links(params)
    selected = params.getlist("product")
    for item in facets["product"]:
        chosen = [slug for slug in selected if slug != item["value"]]
        if not item["selected"]:
            chosen.append(item["value"])
        item["url"] = links.link("product", chosen)
    return facets


def active_filters(filterset, params) -> list[dict]:
    """The filters in force, each with the link that removes it, for the bar
    above the results: [{"name", "label", "url"}]. The search text stays."""
    if not (filterset.is_bound and filterset.is_valid()):
        return []
    data = filterset.form.cleaned_data
    if not any(value for name, value in data.items() if name != "q"):
        return []  # most searches: no links to make (the text may be long)
    labels = dict(Category.choices)
    links = Links(params)

    def without(name: str, value: str | None = None) -> str:
        if value is None:
            return links.link(name, None)
        return links.link(name, [v for v in params.getlist(name) if v != value])

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
    links = Links(params)
    add_product_links(facets, params, links)
    sections = []
    for name in FACET_TITLES:
        items = facets[name]
        for item in items:
            if name == "status" and item["value"] != "none":
                item["label"] = status_name(item["value"])
            if name != "product":
                values = None if item["selected"] else [item["value"]]
                item["url"] = links.link(name, values)
        shown = items[:FACETS_SHOWN]
        more = items[FACETS_SHOWN:]
        shown += [item for item in more if item["selected"]]
        more = [item for item in more if not item["selected"]]
        sections.append({"title": FACET_TITLES[name], "shown": shown, "more": more})
    return sections
