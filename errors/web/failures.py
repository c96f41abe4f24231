"""The portal's own error answers: 404, 500, and 503 when the database is away.

A database that is down, locked past the timeout, or unreadable raises an
OperationalError (or InterfaceError) wherever it is first touched: in a view, a
middleware or a template. Django routes all of them to handler500, which here
tells them apart from real bugs: those get a 503 with Retry-After, so clients
and load balancers retry instead of giving up, and nothing of the database's
message reaches the response.
"""

import contextlib
import logging
import sys

from django.core.exceptions import RequestDataTooBig
from django.db import (
    DatabaseError,
    DataError,
    IntegrityError,
    NotSupportedError,
    ProgrammingError,
    connection,
)
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render

from errors.web.error_codes import ErrorCode

logger = logging.getLogger(__name__)
RETRY_AFTER_SECONDS = 5


def wants_json(request) -> bool:
    return request.path.startswith("/api/")


def json_error(status: int, code: str, message: str) -> JsonResponse:
    return JsonResponse(
        {"error": {"code": code, "message": message, "field": None}}, status=status
    )


def unavailable(request):
    # A kept connection (CONN_MAX_AGE) may hold what failed: the pages of an
    # unreadable file, a broken session. The next request opens a new one.
    with contextlib.suppress(DatabaseError):
        connection.close()
    message = "The error catalogue's database is not answering right now. Please retry in a few seconds."
    if wants_json(request):
        response = json_error(503, ErrorCode.SERVICE_UNAVAILABLE, message)
    else:
        response = render(request, "503.html", {"message": message}, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


# SQLite reports a missing table or column as an OperationalError, like a
# lock; PostgreSQL as a ProgrammingError. Either way the schema is behind.
MISSING_SCHEMA_MESSAGES = ("no such table", "no such column", "has no column named")
MIGRATE_HINT = (
    "the database schema is behind the code (%s): run `python manage.py migrate`"
)


def is_missing_schema(error: BaseException | None) -> bool:
    if isinstance(error, ProgrammingError):
        return True
    return isinstance(error, DatabaseError) and str(error).startswith(
        MISSING_SCHEMA_MESSAGES
    )


def is_database_outage(error: BaseException | None) -> bool:
    """A database that cannot be reached, is locked, or cannot be read, as
    opposed to a query the code got wrong (integrity, data, programming) or a
    schema that needs `migrate` (a server error to fix, not to wait out)."""
    return (
        isinstance(error, DatabaseError)
        and not isinstance(
            error, IntegrityError | DataError | ProgrammingError | NotSupportedError
        )
        and not is_missing_schema(error)
    )


def server_error(request):
    """handler500: a 503 for database outages, the portal's own 500 otherwise."""
    error = sys.exc_info()[1]
    if is_database_outage(error):
        logger.warning("database unavailable: %s", error)
        return unavailable(request)
    if is_missing_schema(error):
        logger.error(MIGRATE_HINT, error)
    if wants_json(request):
        return json_error(
            500,
            ErrorCode.SERVER_ERROR,
            "Something went wrong on our side; it has been logged.",
        )
    try:
        return render(request, "500.html", status=500)
    except Exception:  # the template itself may need what failed
        return HttpResponseServerError(
            "<h1>Server error</h1>", content_type="text/html"
        )


def bad_request(request, exception=None):
    """handler400 (a suspicious request, a body too large to parse): JSON under
    /api/, plain text elsewhere; never Django's HTML page."""
    if wants_json(request):
        if isinstance(exception, RequestDataTooBig):
            return json_error(
                413, "payload_too_large", "The request body is too large."
            )
        return json_error(400, ErrorCode.BAD_REQUEST, "The request could not be read.")
    status = 413 if isinstance(exception, RequestDataTooBig) else 400
    return HttpResponse("Bad request.", status=status, content_type="text/plain")


def not_found(request, exception=None):
    """handler404: JSON under /api/, the portal's page elsewhere."""
    if wants_json(request):
        return json_error(404, "not_found", "Nothing here.")
    return render(request, "404.html", status=404)
