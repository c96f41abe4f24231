"""Conditional requests for the public pages and the API.

Every public answer derives from the catalogue as a whole (facets, siblings,
product names), so one catalogue-wide ETag serves them all: it changes with any
create, change or delete of an entry or product. Clients revalidate every time
(`max-age=0`) and get a cheap 304 while nothing changed, so an admin's edit
shows at once.
"""

import hashlib
from functools import wraps

from django.db import connection
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.http import condition

from errors.models import ErrorEntry, Product


def catalogue_etag(request, *args, **kwargs) -> str:
    # One round trip for both tables: this runs on every public request.
    parts = [
        f"(SELECT COUNT(*) FROM {table}), (SELECT MAX(updated_at) FROM {table})"
        for table in (ErrorEntry._meta.db_table, Product._meta.db_table)
    ]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(parts)}")
        state = cursor.fetchone()
    return hashlib.sha256(repr(state).encode()).hexdigest()[:32]


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
