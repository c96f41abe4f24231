"""JSON API v1: the same FilterSet as the pages, one error shape.

Every error is `{"error": {"code", "message", "field"}}`, its code one of
`ErrorCode`; the OpenAPI document lists the same codes.
"""

import json
from functools import wraps

from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpResponsePermanentRedirect, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from errors.facets import facet_counts
from errors.filters import ErrorEntryFilter, first_error
from errors.limits import (
    DEFAULT_PAGE_SIZE,
    MAX_BODY_BYTES,
    MAX_PAGE_SIZE,
    MAX_QUERY_BYTES,
    utf8_length,
)
from errors.models import ErrorEntry, Product, with_product_dicts
from errors.search.snapshot import Facts
from errors.web import search_log
from errors.web.answer import entry_values
from errors.web.error_codes import ErrorCode
from errors.web.throttle import per_client_limit


def api_error(
    status: int, code: ErrorCode, message: str, field: str | None = None
) -> JsonResponse:
    return JsonResponse(
        {"error": {"code": code, "message": message, "field": field}}, status=status
    )


def allow_methods(*methods: str):
    """Only `methods`; anything else gets a JSON 405 with an Allow header."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method not in methods:
                allowed = ", ".join(methods)
                response = api_error(
                    405,
                    ErrorCode.METHOD_NOT_ALLOWED,
                    f"{request.method} is not allowed here; use {allowed}.",
                )
                response["Allow"] = allowed
                return response
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def read_only(view):
    """GET and HEAD only. Exempt from the CSRF check, which would otherwise
    answer other methods with an HTML 403 before the JSON 405 could."""
    return csrf_exempt(allow_methods("GET", "HEAD")(view))


def positive_int(value: str | None, default: int) -> int | None:
    if value is None or value == "":
        return default
    if not value.isascii() or not value.isdigit() or len(value) > 9 or int(value) < 1:
        return None
    return int(value)


def page_url(request, number: int) -> str:
    params = request.GET.copy()
    params["page"] = str(number)
    return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")


def origin_of(request) -> str:
    """scheme://host of the request, for absolute URLs in answers."""
    return request.build_absolute_uri("/").rstrip("/")


def match_dict(entry) -> dict | None:
    if entry.match is None:
        return None
    return {
        "kind": entry.match.kind,
        "score": round(entry.match.score, 4),
        "values": entry.match.values,
        "placeholders": entry_values(entry),
    }


def with_products(entries: list, facts: Facts | None) -> list:
    """The entries, each with `product_dicts`: from what this process knows
    of the catalogue (errors.search.snapshot), else from one query."""
    unknown = []
    for entry in entries:
        profile = facts.profile(entry.pk) if facts is not None else None
        if profile is None:
            unknown.append(entry)
        else:
            entry.product_dicts = [
                {"slug": slug, "name": name} for slug, name in profile.products
            ]
    if unknown:
        with_product_dicts(unknown)
    return entries


def best_advice(search, entries: list) -> dict | None:
    """The advice object of the best match: null without a good match, so a
    proxy never acts on a guess."""
    if search is None or not search.confident or not search.ordered_ids:
        return None
    best_id = search.ordered_ids[0]
    best = next((entry for entry in entries if entry.pk == best_id), None)
    if best is None:  # a later page: the best match is on page 1
        best = ErrorEntry.objects.filter(pk=best_id).first()
    return best.advice if best is not None else None


def search_response(request, params, q_override: str | None = None) -> JsonResponse:
    """Filter, search, paginate: the body of GET /errors/ and POST /search."""
    page_size = positive_int(params.get("page_size"), DEFAULT_PAGE_SIZE)
    if page_size is None or page_size > MAX_PAGE_SIZE:
        return api_error(
            400,
            ErrorCode.INVALID_PAGE_SIZE,
            f"page_size must be a whole number from 1 to {MAX_PAGE_SIZE}.",
            "page_size",
        )
    page_number = positive_int(params.get("page"), 1)
    if page_number is None:
        return api_error(
            400,
            ErrorCode.INVALID_PAGE,
            "page must be a whole number of 1 or more.",
            "page",
        )
    data = params.copy()
    if q_override is not None:
        data["q"] = q_override
    filterset = ErrorEntryFilter(data, queryset=ErrorEntry.objects.all())
    if not filterset.is_valid():
        field, message = first_error(filterset.form)
        return api_error(400, ErrorCode.INVALID_PARAMETER, message, field)
    results = filterset.results
    paginator = Paginator(results, page_size)
    if page_number > max(paginator.num_pages, 1):
        return api_error(
            400,
            ErrorCode.INVALID_PAGE,
            f"page must be at most {paginator.num_pages}.",
            "page",
        )
    page = paginator.page(page_number)
    # A POSTed text is not in the URL, so a link could not carry it: to page
    # through those results, POST again with ?page=N.
    linkable = q_override is None
    body = {
        "count": paginator.count,
        "next": page_url(request, page.next_page_number())
        if linkable and page.has_next()
        else None,
        "previous": page_url(request, page.previous_page_number())
        if linkable and page.has_previous()
        else None,
        "results": [],
        "facets": facet_counts(filterset),
    }
    search = results.search
    origin = origin_of(request)
    entries = with_products(page.object_list, results.facts())
    body["advice"] = best_advice(search, entries)
    for entry in entries:
        item = entry.to_dict(origin)
        if search is not None:
            item["match"] = match_dict(entry)
        body["results"].append(item)
    if search is not None:
        search_log.note(search, params)  # written after the answer
    if search is not None:
        body["search"] = {
            "query": search.query,
            "good_match": search.confident,
            "capped": search.capped,
        }
    return JsonResponse(body)


@read_only
def entry_list(request):
    """GET /api/v1/errors/: filtered, searched, paginated entries with facets."""
    return search_response(request, request.GET)


@read_only
def entry_detail(request, slug):
    """GET /api/v1/errors/<slug>/."""
    try:
        entry = ErrorEntry.objects.prefetch_related("products").get(slug=slug)
    except ErrorEntry.DoesNotExist:
        moved = ErrorEntry.objects.moved_from(slug).first()
        if moved is not None:
            return HttpResponsePermanentRedirect(moved.get_api_url())
        return api_error(
            404, ErrorCode.NOT_FOUND, f"No error entry with slug {slug!r}.", "slug"
        )
    return JsonResponse(entry.to_dict(origin_of(request)))


@read_only
def product_list(request):
    """GET /api/v1/products/: every product with its entry count."""
    products = Product.objects.annotate(count=Count("entries")).order_by("name")
    return JsonResponse(
        {
            "count": len(products),
            "results": [
                {**product.to_dict(), "count": product.count} for product in products
            ],
        }
    )


def read_body(request, limit: int) -> bytes | None:
    """The request body, or None when it is longer than `limit` bytes.

    A chunked body has no Content-Length, and Django reads it as empty; the
    server has de-chunked it (`wsgi.input_terminated`), so read it there.
    """
    chunked = "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower()
    if chunked and request.environ.get("wsgi.input_terminated"):
        raw = request.environ["wsgi.input"].read(limit + 1)
    else:
        length = request.META.get("CONTENT_LENGTH") or "0"
        if not length.isdigit() or int(length) > limit:
            return None
        raw = request.read(limit + 1)
    return None if len(raw) > limit else raw


def decode_body(request, raw: bytes) -> str | None:
    """The body as text in its declared charset (UTF-8 when none is said),
    or None for a charset this server does not know."""
    charset = request.content_params.get("charset") or "utf-8"
    try:
        return raw.decode(charset, errors="replace")
    except (LookupError, ValueError):  # unknown, or not a text encoding
        return None


def query_from_json(text: str) -> str | None:
    """`q` from a `{"q": "…"}` body; None for anything else, deep nesting
    included (the parser's recursion limit is an error, not a crash)."""
    try:
        payload = json.loads(text)
    except (ValueError, RecursionError):
        return None
    if not isinstance(payload, dict) or not isinstance(payload.get("q"), str):
        return None
    return payload["q"]


@csrf_exempt
@allow_methods("POST")
@per_client_limit
def search(request):
    """POST /api/v1/search: raw pasted text (up to MAX_QUERY_BYTES) as the body."""
    raw = read_body(request, MAX_BODY_BYTES)
    if raw is None:
        return too_large()
    text = decode_body(request, raw)
    if text is None:
        return api_error(
            415,
            ErrorCode.UNSUPPORTED_CHARSET,
            f"Unknown charset {request.content_params.get('charset', '')[:40]!r}; "
            "send UTF-8 (or say a charset Python knows).",
            "body",
        )
    if request.content_type == "application/json":
        text = query_from_json(text)
        if text is None:
            return api_error(
                400,
                ErrorCode.INVALID_BODY,
                'A JSON body must be an object with a string "q".',
                "q",
            )
    if utf8_length(text) > MAX_QUERY_BYTES:
        return too_large()
    if not text.strip():
        return api_error(
            400,
            ErrorCode.EMPTY_QUERY,
            "Send the error text as the request body.",
            "body",
        )
    return search_response(request, request.GET, q_override=text)


def too_large() -> JsonResponse:
    return api_error(
        413,
        ErrorCode.PAYLOAD_TOO_LARGE,
        f"The text may be at most {MAX_QUERY_BYTES} bytes (UTF-8).",
        "body",
    )


@csrf_exempt  # a POST to an unknown API path is a JSON 404 too, not an HTML 403
def not_found(request, exception=None):
    return api_error(404, ErrorCode.NOT_FOUND, "No such API endpoint.")
