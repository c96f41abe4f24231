"""HTML pages: parse → call → render."""

from django.core.paginator import Paginator
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render

from errors.caching import html_representation
from errors.facets import add_product_links, facet_counts
from errors.filters import ErrorEntryFilter
from errors.models import ErrorEntry
from errors.permalinks import moved_entry_queryset
from errors.seo import meta_description, related_entries, structured_data

PAGE_SIZE = 20
SIBLINGS_SHOWN = 15


def list_template(request) -> str:
    """The whole page, or only its results and facets for search-as-you-type
    (static/errors/portal.js sends the header; the cache varies on it)."""
    if html_representation(request) == "fragment":
        return "errors/_results.html"
    return "errors/entry_list.html"


def entry_list(request):
    """Search box, facets and results."""
    filterset = ErrorEntryFilter(request.GET or None, queryset=ErrorEntry.objects.all())
    if filterset.is_bound and not filterset.is_valid():
        return render(
            request,
            list_template(request),
            {"filter": filterset, "page": None, "facets": None, "invalid": True},
            status=400,
        )
    results = filterset.qs
    page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
    search = getattr(results, "search_result", None)
    return render(
        request,
        list_template(request),
        {
            "filter": filterset,
            "page": page,
            "facets": add_product_links(facet_counts(filterset), request.GET),
            "q": search.query if search else "",
            "terms": search.terms if search else [],
            "search": search,
        },
    )


def entry_detail(request, slug):
    """One entry with its cause, solution and siblings under the same code."""
    entry = ErrorEntry.objects.prefetch_related("products").filter(slug=slug).first()
    if entry is None:
        # A renamed entry keeps its old links: 301 to the new slug.
        return redirect(get_object_or_404(moved_entry_queryset(slug)), permanent=True)
    same_code = (
        ErrorEntry.objects.filter(code=entry.code).exclude(pk=entry.pk)
        if entry.code
        else ErrorEntry.objects.none()
    )
    # InvalidParameter has a hundred entries: list some, link to the rest.
    siblings = list(same_code[: SIBLINGS_SHOWN + 1])
    return render(
        request,
        "errors/entry_detail.html",
        {
            "entry": entry,
            "siblings": siblings[:SIBLINGS_SHOWN],
            "more_siblings": len(siblings) > SIBLINGS_SHOWN,
            "related": related_entries(entry),
            "description": meta_description(entry),
            "structured_data": structured_data(request, entry),
        },
    )


def healthz(request):
    """200 when the database answers, 503 when it does not (for load balancers)."""
    from errors.failures import is_database_outage, unavailable

    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as error:
        if is_database_outage(error):
            return unavailable(request)
        raise
    response = JsonResponse({"status": "ok", "database": connection.vendor})
    response["Cache-Control"] = "no-store"
    return response
