"""Conditional requests for the public pages and the API.

Every public answer derives from the catalogue as a whole (facets, siblings,
product names), so validators follow the catalogue's version, a counter the
database bumps on any write (errors/catalogue_version.py). Clients revalidate
every time (`max-age=0`) and get a cheap 304 while nothing changed, so an
admin's edit shows at once.
"""

import hashlib
import os
from functools import lru_cache, wraps
from pathlib import Path

from django.conf import settings
from django.http import HttpResponseNotModified
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import parse_etags, quote_etag

from errors import catalogue_version


@lru_cache(maxsize=1)
def release() -> str:
    """What the answers depend on besides the data: code, templates, static
    files. A deploy changes it, so browsers do not keep pages of the last one.
    PORTAL_RELEASE (e.g. a commit id) overrides the files' fingerprint."""
    if os.environ.get("PORTAL_RELEASE"):
        return os.environ["PORTAL_RELEASE"]
    fingerprint = hashlib.sha256()
    for folder in ("errors", "portal", "templates", "static"):
        for path in sorted(Path(settings.BASE_DIR, folder).rglob("*")):
            if path.is_file() and path.suffix in {
                ".py",
                ".html",
                ".css",
                ".js",
                ".xml",
                ".txt",
            }:
                stat = path.stat()
                fingerprint.update(f"{path}|{stat.st_size}|{stat.st_mtime_ns}".encode())
    return fingerprint.hexdigest()[:16]


def catalogue_etag(request, representation: str) -> str:
    """The validator of one representation of one URL at the current version.

    Its own for each representation (the full page, the search-as-you-type
    fragment of the same URL, the JSON) and each address, host included (the
    JSON carries absolute URLs): a cache can never answer one with another.
    """
    key = "|".join(
        [
            release(),
            str(catalogue_version.current()),
            representation,
            request.build_absolute_uri(),
        ]
    )
    return quote_etag(hashlib.sha256(key.encode()).hexdigest()[:32])


def html_representation(request) -> str:
    """ "fragment" for search-as-you-type (static/errors/portal.js sends the
    header and the view answers with the results only), "page" otherwise."""
    return "fragment" if request.headers.get("X-Requested-With") == "fetch" else "page"


def json_representation(request) -> str:
    return "json"


def matches(request, etag: str) -> bool:
    """If-None-Match names this exact validator (weak comparison, RFC 9110)."""
    header = request.headers.get("If-None-Match", "")
    return etag.removeprefix("W/") in {
        tag.removeprefix("W/") for tag in parse_etags(header)
    }


def cache_headers(response) -> None:
    patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
    # The page and its fragment share a URL.
    patch_vary_headers(response, ["X-Requested-With"])


def public(view, representation=html_representation):
    """ETag, 304 while unchanged, and headers that let shared caches keep it.

    Only a 200 carries a validator; errors (400, 404), redirects and 5xx never
    do, and never turn into a 304: a conditional request that names no
    validator of ours (or `*`) runs the view, as RFC 9110 asks, and only its
    200 may become a 304.
    """

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        etag = catalogue_etag(request, representation(request))
        if matches(request, etag):
            response = HttpResponseNotModified()
            response["ETag"] = etag
            cache_headers(response)
            return response
        response = view(request, *args, **kwargs)
        if response.status_code == 200:
            if request.headers.get("If-None-Match", "").strip() == "*":
                response = HttpResponseNotModified()
            response["ETag"] = etag
            cache_headers(response)
        return response

    return wrapped
