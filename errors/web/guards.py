"""Checks every request passes before any view: where forwarded headers may
come from (and so which address is the client's), how long a URL may be, and
NUL bytes in query parameters.

They run as middleware so that they cover every URL, the admin and the
static files included, with the same answer shape as the views (JSON under
/api/, the portal's text elsewhere).
"""

from functools import lru_cache

from django.conf import settings
from django.http import HttpResponse
from django.urls import get_script_prefix, reverse

from errors.web.error_codes import ErrorCode
from errors.web.failures import json_error, wants_json

# Headers a reverse proxy sets; from anyone else they are forged.
FORWARDED_HEADERS = (
    "HTTP_FORWARDED",
    "HTTP_X_FORWARDED_FOR",
    "HTTP_X_FORWARDED_HOST",
    "HTTP_X_FORWARDED_PORT",
    "HTTP_X_FORWARDED_PROTO",
    "HTTP_X_REAL_IP",
)
# `q` is pasted text: NUL bytes there become spaces (errors/filters.py).
NUL_ALLOWED_PARAMETERS = {"q"}


def refuse(request, status: int, code: str, message: str) -> HttpResponse:
    if wants_json(request):
        return json_error(status, code, message)
    return HttpResponse(message, status=status, content_type="text/plain")


def is_admin(request) -> bool:
    """Whether the request is for the Django admin's pages."""
    return request.path.startswith(admin_index(get_script_prefix()))


@lru_cache(maxsize=16)
def admin_index(script_prefix: str) -> str:
    # reverse() takes some 17 us and every request asked it three times; its
    # answer depends only on the script prefix (the URLconf is fixed).
    return reverse("admin:index")


def client_ip_meta_key() -> str:
    header = settings.CLIENT_IP_HEADER.upper().replace("-", "_")
    return f"HTTP_{header}" if header else ""


def client_address(request) -> str:
    """The client's address: REMOTE_ADDR, or the last hop of CLIENT_IP_HEADER.

    Behind a reverse proxy REMOTE_ADDR is the proxy's; set CLIENT_IP_HEADER
    (X-Forwarded-For, X-Real-IP) only then. TrustedProxyMiddleware has already
    dropped the header unless the connection came from TRUSTED_PROXIES, and its
    last value is the one that proxy added. Used by the login lock-out
    (django-axes, AXES_CLIENT_IP_CALLABLE) and the search throttle alike.
    """
    if request is None:
        return ""
    if settings.CLIENT_IP_HEADER:
        value = request.headers.get(settings.CLIENT_IP_HEADER, "")
        last_hop = value.split(",")[-1].strip()
        if last_hop:
            return last_hop[:64]
    return request.META.get("REMOTE_ADDR", "")[:64]


class TrustedProxyMiddleware:
    """Drop X-Forwarded-* (and CLIENT_IP_HEADER) unless the connection comes
    from one of TRUSTED_PROXIES: otherwise any client could claim HTTPS, or
    another address to dodge the login lock-out."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.META.get("REMOTE_ADDR", "") not in settings.TRUSTED_PROXIES:
            for key in (*FORWARDED_HEADERS, client_ip_meta_key()):
                request.META.pop(key, None)
        return self.get_response(request)


class RequestLimitsMiddleware:
    """414 for a URL longer than any search needs; 400 for a NUL byte in a
    parameter that is not pasted text (PostgreSQL refuses NUL in a query)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        length = len(request.META.get("QUERY_STRING", "")) + len(request.path)
        if length > settings.MAX_URL_BYTES:
            return refuse(
                request,
                414,
                ErrorCode.URI_TOO_LONG,
                f"The address may be at most {settings.MAX_URL_BYTES} bytes; "
                "POST long texts to /api/v1/search (or the search form).",
            )
        # The admin's own search box is also `q`, and goes to the database as is.
        admin = is_admin(request)
        for name, values in request.GET.lists():
            if name in NUL_ALLOWED_PARAMETERS and not admin:
                continue
            if "\x00" in name or any("\x00" in value for value in values):
                return refuse(
                    request,
                    400,
                    "invalid_parameter",
                    f"The parameter {name[:40].replace(chr(0), '')!r} holds a NUL byte.",
                )
        return self.get_response(request)
