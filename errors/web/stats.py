"""The stats page: the catalogue by status, product and category.

Each chart is a server-rendered SVG whose bars link to that filter on the
search page; the numbers are printed beside the bars and every bar has an
accessible name, so the page needs no JavaScript and no chart library.
"""

from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_safe

from errors.facets import facet_counts
from errors.filters import NO_STATUS, ErrorEntryFilter
from errors.models import ErrorEntry

# Row geometry in CSS pixels: a label line, then the bar with its count.
ROW_HEIGHT = 44
LABEL_BASELINE = 15
BAR_TOP = 21
BAR_HEIGHT = 16
# The longest bar leaves room on its right for the count.
MAX_BAR_PERCENT = 86


def status_order(item: dict) -> tuple:
    return (item["value"] == NO_STATUS, item["value"])


def chart(parameter: str, title: str, items: list[dict]) -> dict:
    """Bar geometry for one chart; bars link to `/?<parameter>=<value>`."""
    top = max((item["count"] for item in items), default=0) or 1
    base_url = reverse("errors:entry_list")
    rows = []
    for index, item in enumerate(items):
        y = index * ROW_HEIGHT
        width = max(item["count"] / top * MAX_BAR_PERCENT, 0.5)
        rows.append(
            {
                "label": item["label"],
                "count": item["count"],
                "y": y,
                "url": f"{base_url}?{urlencode({parameter: item['value']})}",
                "label_y": y + LABEL_BASELINE,
                "bar_y": y + BAR_TOP,
                "count_y": y + BAR_TOP + BAR_HEIGHT - 3,
                "width": f"{width:.2f}",
            }
        )
    return {
        "id": f"chart-{parameter}",
        "parameter": parameter,
        "title": title,
        "rows": rows,
        "total": sum(item["count"] for item in items),
        "height": len(rows) * ROW_HEIGHT,
        "bar_height": BAR_HEIGHT,
        "row_height": ROW_HEIGHT,
    }


def catalogue_charts() -> list[dict]:
    facets = facet_counts(ErrorEntryFilter(queryset=ErrorEntry.objects.all()))
    return [
        chart(
            "status",
            "Entries by HTTP status",
            sorted(facets["status"], key=status_order),
        ),
        chart("category", "Entries by category", facets["category"]),
        chart("product", "Entries by product", facets["product"]),
    ]


@require_safe
def stats(request):
    """Bar charts of the catalogue; each bar links to its filter."""
    return render(
        request,
        "errors/stats.html",
        {
            "entry_count": ErrorEntry.objects.count(),
            "charts": catalogue_charts(),
        },
    )
