"""The staff dashboard (/admin/dashboard/): what to work on next.

Read from what errors/search_log.py and errors/feedback.py keep: the share of
searches with a good match per week (an SVG chart drawn here, no script), the
most frequent searches without an answer, the entries most often marked "not
solved", and the entries no search has found for UNFOUND_DAYS.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib import admin
from django.db.models import Count, Q
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from errors.models import ErrorEntry
from errors.search_log import MissedSearch, SearchWeek, week_of

WEEKS_SHOWN = 12
ROWS_SHOWN = 20
UNFOUND_DAYS = 90
# The chart, in SVG user units (it scales to the page's width).
CHART_WIDTH = 720
CHART_HEIGHT = 240
PLOT_TOP = 16
PLOT_BOTTOM = 200
PLOT_LEFT = 48
GRID_SHARES = (0, 25, 50, 75, 100)


def weekly_shares(weeks: int = WEEKS_SHOWN) -> list[dict]:
    """The last `weeks` weeks, oldest first, each with its searches, good
    matches and their share in percent (None for a week without searches)."""
    this_week = week_of(timezone.localdate())
    mondays = [this_week - timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]
    counts = {row.week: row for row in SearchWeek.objects.filter(week__gte=mondays[0])}
    rows = []
    for monday in mondays:
        row = counts.get(monday)
        searches = row.searches if row else 0
        good = row.good_matches if row else 0
        share = round(100 * good / searches) if searches else None
        rows.append(
            {"week": monday, "searches": searches, "good_matches": good, "share": share}
        )
    return rows


def share_chart(rows: list[dict]) -> dict:
    """Bars and grid lines of the weekly share, in SVG coordinates."""
    plot_height = PLOT_BOTTOM - PLOT_TOP
    slot = (CHART_WIDTH - PLOT_LEFT) / max(len(rows), 1)
    bars = []
    for index, row in enumerate(rows):
        share = row["share"]
        height = round(plot_height * (share or 0) / 100, 1)
        x = round(PLOT_LEFT + index * slot + slot * 0.15, 1)
        bars.append(
            {
                **row,
                "x": x,
                "y": round(PLOT_BOTTOM - height, 1),
                "width": round(slot * 0.7, 1),
                "height": height,
                "center": round(x + slot * 0.35, 1),
                "value_y": round(PLOT_BOTTOM - height - 4, 1),
            }
        )
    grid = [
        {"share": share, "y": round(PLOT_BOTTOM - plot_height * share / 100, 1)}
        for share in GRID_SHARES
    ]
    return {
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "left": PLOT_LEFT,
        "bottom": PLOT_BOTTOM,
        "label_y": PLOT_BOTTOM + 18,
        "bars": bars,
        "grid": grid,
    }


def top_unmatched(limit: int = ROWS_SHOWN):
    """Unresolved searches without an answer, most frequent first."""
    return MissedSearch.objects.filter(resolved_at__isnull=True).order_by(
        "-count", "-last_seen"
    )[:limit]


def most_not_solved(limit: int = ROWS_SHOWN):
    """Entries with the most "not solved" answers, with both counts."""
    return (
        ErrorEntry.objects.annotate(
            not_solved=Count("feedback", filter=Q(feedback__solved=False)),
            solved=Count("feedback", filter=Q(feedback__solved=True)),
        )
        .filter(not_solved__gt=0)
        .order_by("-not_solved", "slug")[:limit]
    )


def unfound_entries(days: int = UNFOUND_DAYS):
    """Entries no search has found as its good match for `days` days."""
    cutoff = timezone.now() - timedelta(days=days)
    return (
        ErrorEntry.objects.exclude(found__last_found__gte=cutoff)
        .select_related("found")
        .in_catalogue_order()
    )


def dashboard(request):
    """Staff only (wrapped in admin_view by portal/urls.py)."""
    rows = weekly_shares()
    unfound = unfound_entries()
    first_week = SearchWeek.objects.order_by("week").first()
    context = {
        **admin.site.each_context(request),
        "title": "Dashboard",
        "recording": settings.SEARCH_LOG,
        "since": first_week.week if first_week else None,
        "weeks": rows,
        "chart": share_chart(rows),
        "searches": sum(row["searches"] for row in rows),
        "unmatched": top_unmatched(),
        "unmatched_url": reverse("admin:errors_missedsearch_changelist"),
        "not_solved": most_not_solved(),
        "unfound_days": UNFOUND_DAYS,
        "unfound_count": unfound.count(),
        "unfound": unfound[:ROWS_SHOWN],
    }
    return render(request, "errors/dashboard.html", context)
