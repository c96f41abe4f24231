"""Conditional requests for the public pages and the API.

Every public answer derives from the catalogue as a whole (facets, siblings,
product names), so one catalogue-wide ETag serves them all: it changes with any
create, change or delete of an entry or product. Clients revalidate every time
(`max-age=0`) and get a cheap 304 while nothing changed, so an admin's edit
shows at once.
"""

import hashlib
import os
from functools import lru_cache, wraps
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.http import condition

from errors.models import ErrorEntry, Product


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


def catalogue_etag(request, *args, **kwargs) -> str:
    # One round trip for both tables: this runs on every public request.
    parts = [
        f"(SELECT COUNT(*) FROM {table}), (SELECT MAX(updated_at) FROM {table})"
        for table in (ErrorEntry._meta.db_table, Product._meta.db_table)
    ]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(parts)}")
        state = cursor.fetchone()
    return hashlib.sha256(f"{release()}|{state!r}".encode()).hexdigest()[:32]


def public(view):
    """ETag, 304 when unchanged, and cache headers that let shared caches keep it."""
    conditional = condition(etag_func=catalogue_etag)(view)

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = conditional(request, *args, **kwargs)
        if response.status_code in (200, 304):
            patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
            # Search-as-you-type fetches a partial of the same URL.
            patch_vary_headers(response, ["X-Requested-With"])
        return response

    return wrapped
