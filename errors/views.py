"""HTML pages: parse → call → render."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from errors.facets import add_product_links, facet_counts
from errors.filters import ErrorEntryFilter
from errors.models import ErrorEntry

PAGE_SIZE = 20


def entry_list(request):
    """Search box, facets and results."""
    filterset = ErrorEntryFilter(request.GET or None, queryset=ErrorEntry.objects.for_listing())
    if filterset.is_bound and not filterset.is_valid():
        return render(
            request,
            "errors/entry_list.html",
            {"filter": filterset, "page": None, "facets": None, "invalid": True},
            status=400,
        )
    results = filterset.qs
    page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
    search = getattr(results, "search_result", None)
    return render(
        request,
        "errors/entry_list.html",
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
    entry = get_object_or_404(ErrorEntry.objects.prefetch_related("products"), slug=slug)
    siblings = (
        ErrorEntry.objects.filter(code=entry.code).exclude(pk=entry.pk)
        if entry.code
        else ErrorEntry.objects.none()
    )
    return render(request, "errors/entry_detail.html", {"entry": entry, "siblings": siblings})
