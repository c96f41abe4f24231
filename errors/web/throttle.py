"""A per-client cap on an expensive view: so many at once, so many a minute.

`POST /api/v1/search` takes 64 KB of text from anyone, without CSRF or CORS
preflight (a `text/plain` body), so any web page can make its visitors send
pastes. One client may therefore only hold SEARCH_POST_CONCURRENCY threads
at once and send SEARCH_POST_PER_MINUTE a minute; beyond that the answer is
429 with Retry-After, before any work is done.

The counts live in each server process (no shared store to run or to fail):
with N gunicorn workers a client gets at most N times the figures.
"""

import math
import threading
import time
from collections import defaultdict, deque
from functools import wraps

from django.conf import settings

from errors.web.error_codes import ErrorCode
from errors.web.failures import json_error
from errors.web.guards import client_address

WINDOW_SECONDS = 60.0
MAX_CLIENTS_KEPT = 10_000  # past this many addresses, idle ones are forgotten


class ClientLimits:
    """Requests in flight and recent start times, per client address."""

    def __init__(self):
        self.lock = threading.Lock()
        self.active: dict[str, int] = defaultdict(int)
        self.started: dict[str, deque] = defaultdict(deque)

    def acquire(self, client: str, now: float) -> float | None:
        """None when the client may go on; otherwise seconds to wait."""
        with self.lock:
            if len(self.started) > MAX_CLIENTS_KEPT:
                self.forget_idle(now)
            recent = self.started[client]
            while recent and recent[0] <= now - WINDOW_SECONDS:
                recent.popleft()
            if len(recent) >= settings.SEARCH_POST_PER_MINUTE:
                return recent[0] + WINDOW_SECONDS - now
            if self.active[client] >= settings.SEARCH_POST_CONCURRENCY:
                return 1.0
            recent.append(now)
            self.active[client] += 1
            return None

    def release(self, client: str) -> None:
        with self.lock:
            self.active[client] -= 1
            if self.active[client] <= 0:
                del self.active[client]
            if not self.started[client]:
                del self.started[client]

    def forget_idle(self, now: float) -> None:
        """Drop clients with nothing in flight and nothing within the window."""
        for client in list(self.started):
            recent = self.started[client]
            if not self.active.get(client) and (
                not recent or recent[-1] <= now - WINDOW_SECONDS
            ):
                del self.started[client]

    def clear(self) -> None:
        with self.lock:
            self.active.clear()
            self.started.clear()


LIMITS = ClientLimits()


def per_client_limit(view):
    """429 with Retry-After (and the JSON error body) past the client's share."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        client = client_address(request)
        wait = LIMITS.acquire(client, time.monotonic())
        if wait is not None:
            response = json_error(
                429,
                ErrorCode.TOO_MANY_REQUESTS,
                "Too many searches from your address at once or this minute; "
                "retry after the number of seconds in Retry-After.",
            )
            response["Retry-After"] = str(max(1, math.ceil(wait)))
            return response
        try:
            return view(request, *args, **kwargs)
        finally:
            LIMITS.release(client)

    return wrapped
