"""The HTML pages: the search page, an entry's page, the search form's
redirect, and /healthz. Each view parses the request, calls the FilterSet,
the QuerySet or a helper of this package, and renders: parse → call → render.
"""

from django.core.paginator import Paginator
from django.db import DatabaseError, connection
from django.http import HttpResponseRedirect, JsonResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from errors.catalogue.links import source_url
from errors.facets import facet_counts
from errors.feedback import helpful_count
from errors.filters import ErrorEntryFilter
from errors.models import ErrorEntry
from errors.readiness import pending_migrations
from errors.search.paste import unwrap
from errors.search.results import find_entries
from errors.web import search_log
from errors.web.answer import filled_message, values_from_request
from errors.web.caching import html_representation
from errors.web.facet_links import active_filters, clear_filters_url, facet_sections
from errors.web.failures import is_database_outage, unavailable
from errors.web.related import related_entries
from errors.web.seo import meta_description, structured_data
from errors.web.start import code_index, common_entries

PAGE_SIZE = 20
SIBLINGS_SHOWN = 15
# The longest query a posted search keeps whole in its `/?q=` link.
LINK_QUERY_CHARS = 2000


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
    results = filterset.results
    page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
    search = results.search
    entries = list(page.object_list)
    # A good match opens into the answer card, the rest fold away below it;
    # only the search's own best hit, not what a filter left first.
    answer = (
        entries[0]
        if entries
        and search
        and search.confident
        and page.number == 1
        and entries[0].pk == search.ordered_ids[0]
        else None
    )
    filters = active_filters(filterset, request.GET)
    unfiltered_count = None
    if filters and not entries:
        unfiltered = find_entries(
            ErrorEntry.objects.all(), search.query if search else ""
        )
        unfiltered_count = unfiltered.count()
    at_start = not search and not filters and page.number == 1
    # Counted (after the answer) for admins; a search-as-you-type fragment
    # is a paste still being typed.
    if search and list_template(request) != "errors/_results.html":
        search_log.note(search, request.GET)
    return render(
        request,
        list_template(request),
        {
            "filter": filterset,
            "page": page,
            "entries": entries[1:] if answer else entries,
            "answer": answer,
            "facet_list": facet_sections(facet_counts(filterset), request.GET),
            "active_filters": filters,
            "clear_filters": clear_filters_url(request.GET),
            "unfiltered_count": unfiltered_count,
            "common": common_entries() if at_start else [],
            "code_index": code_index() if at_start else [],
            "q": search.query if search else "",
            "terms": search.terms if search else [],
            "search": search,
        },
    )


def link_query(text: str) -> str:
    """What goes into `/?q=` for a posted paste: the paste itself when it
    makes a short link, else the message found in it (errors/search/paste.py), else
    its last lines (where a traceback says what went wrong)."""
    text = text.strip()
    if len(text) <= LINK_QUERY_CHARS:
        return text
    messages = unwrap(text).messages
    if len(messages) > 1:  # the last one is always the whole paste
        return messages[0][:LINK_QUERY_CHARS]
    tail = text[-LINK_QUERY_CHARS:]
    return tail.split("\n", 1)[-1] if "\n" in tail else tail


@csrf_exempt  # it changes nothing: it only says where the results are
@require_http_methods(["GET", "POST"])
def search_form(request):
    """The search form, posted: 303 to `/?q=` with a short link's worth of it.

    A pasted traceback can be longer than any URL a server takes; posting it
    here keeps it whole, and the results page still has a link to share.
    """
    data = request.POST if request.method == "POST" else request.GET
    params = QueryDict(mutable=True)
    query = link_query(data.get("q", "").replace("\x00", " "))
    if query:
        params["q"] = query
    for name in ErrorEntryFilter.KEPT:
        if data.get(name):
            params[name] = data[name][:200]
    params.setlist("product", [slug[:100] for slug in data.getlist("product")][:10])
    location = reverse("errors:entry_list")
    if params:
        location += "?" + params.urlencode()
    return HttpResponseRedirect(location, status=303)


def entry_detail(request, slug):
    """One entry with its cause, solution and siblings under the same code."""
    entry = ErrorEntry.objects.prefetch_related("products").filter(slug=slug).first()
    if entry is None:
        # A renamed entry keeps its old links: 301 to the new slug.
        return redirect(
            get_object_or_404(ErrorEntry.objects.moved_from(slug)), permanent=True
        )
    same_code = (
        ErrorEntry.objects.filter(code=entry.code).exclude(pk=entry.pk)
        if entry.code
        else ErrorEntry.objects.none()
    )
    # InvalidParameter has a hundred entries: list some, link to the rest.
    siblings = list(same_code[: SIBLINGS_SHOWN + 1])
    # Values the answer card passed on (?value=98304): shown beside the
    # placeholders, never stored.
    your_values = values_from_request(entry.message, request.GET)
    return render(
        request,
        "errors/entry_detail.html",
        {
            "entry": entry,
            "your_values": your_values,
            "your_message": filled_message(entry.message, your_values),
            "source_url": source_url(entry),
            "siblings": siblings[:SIBLINGS_SHOWN],
            "more_siblings": len(siblings) > SIBLINGS_SHOWN,
            "related": related_entries(entry),
            "description": meta_description(entry),
            "structured_data": structured_data(request, entry),
            "helpful": helpful_count(entry),
        },
    )


def healthz(request):
    """200 when the catalogue answers a real query and every migration is
    applied; 503 otherwise (for load balancers). Pages fail when it fails."""
    try:
        pending = pending_migrations()
        entries = None if pending else ErrorEntry.objects.count()
    except DatabaseError as error:
        if is_database_outage(error):
            return unavailable(request)
        raise
    body = {"status": "ok", "database": connection.vendor, "entries": entries}
    if pending:
        body.update(
            status="error",
            pending_migrations=pending,
            message="The schema is behind the code: run `python manage.py migrate`.",
        )
    response = JsonResponse(body, status=503 if pending else 200)
    response["Cache-Control"] = "no-store"
    return response
