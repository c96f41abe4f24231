"""Recording what searches found, never at the cost of an answer.

Every search (the results page, GET /api/v1/errors/ and POST
/api/v1/search; first pages only) is *noted* while its answer is built, in
this process's memory, and the notes are *written* together once an answer
has gone (Django's `request_finished`, which fires when the server closes
the response), at most every SEARCH_LOG_FLUSH_SECONDS, into the tables of
errors/search_log.py. A search without a good match is redacted
(errors/redaction.py) before anything of it is stored.

A write that fails (a locked or absent database) drops that batch and logs
it, and on PostgreSQL a write waits at most LOCK_WAIT for a lock.
SEARCH_LOG=0 turns it all off.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone

from errors.models import ErrorEntry
from errors.redaction import redact
from errors.search.paste import unwrap
from errors.search_log import EntryFound, MissedSearch, SearchWeek, week_of

log = logging.getLogger(__name__)

EXAMPLE_BYTES = 2048
MESSAGE_CHARS = 500
FILTER_NAMES = ("status", "code", "product", "category", "retryable", "who_acts")
# Distinct missed searches held between writes; past it, new ones are not
# kept (a flood of distinct pastes costs bounded memory).
MAX_PENDING = 1000
# On PostgreSQL, the longest a write waits for a row or table lock.
LOCK_WAIT = "1s"
SPACE_RE = re.compile(r"\s+")


def cut_bytes(text: str, limit: int) -> str:
    return text.encode("utf-8")[:limit].decode("utf-8", errors="ignore")


def prepared(query: str, filters: dict) -> dict:
    """What a row keeps of one search: all of it redacted."""
    # Redacted before the message is taken out of it: a label such as
    # "x-request-id:" that says what a value is may not survive the taking.
    text = redact(query.strip())
    found = unwrap(text)
    messages = found.messages
    message = messages[0] if messages else text
    # Redacted again: joining lines may bring a value and its label together.
    message = redact(SPACE_RE.sub(" ", message).strip())[:MESSAGE_CHARS]
    kept = {name: redact(str(value))[:200] for name, value in filters.items() if value}
    filters_json = json.dumps(kept, sort_keys=True, ensure_ascii=False) if kept else ""
    key = hashlib.sha256(f"{message}\n{filters_json}".encode()).hexdigest()
    return {
        "status": next((s for s in found.statuses if 100 <= s <= 599), None),
        "code": redact(found.codes[0])[:200] if found.codes else "",
        "message": message,
        "key": key,
        "example": cut_bytes(text, EXAMPLE_BYTES),
        "filters": filters_json,
    }


@dataclass
class Batch:
    """What was noted since the last write, in this process."""

    # week -> [searches, good matches]
    weeks: dict[date, list[int]] = field(default_factory=dict)
    # entry id -> found as a good match (the time is the write's)
    found: set[int] = field(default_factory=set)
    # (query, filters as JSON) -> how many times
    misses: Counter = field(default_factory=Counter)

    def __bool__(self) -> bool:
        return bool(self.weeks or self.found or self.misses)


_pending = Batch()
_pending_lock = threading.Lock()
_flush_lock = threading.Lock()
_last_flush = [0.0]


def used_filters(params) -> dict[str, str]:
    filters = {}
    for name in FILTER_NAMES:
        values = params.getlist(name) if hasattr(params, "getlist") else []
        if values:
            filters[name] = ",".join(values)
    return filters


def note(search, params) -> None:
    """Remember a search (a SearchResult) and what it found, to write after
    the answer; only its first page counts."""
    if not settings.SEARCH_LOG or not search.query.strip():
        return
    if params.get("page") not in (None, "", "1"):
        return
    good = bool(search.confident and search.ordered_ids)
    week = week_of(timezone.localdate())
    miss = None if good else (search.query, json.dumps(used_filters(params)))
    with _pending_lock:
        counts = _pending.weeks.setdefault(week, [0, 0])
        counts[0] += 1
        if good:
            counts[1] += 1
            _pending.found.add(search.ordered_ids[0])
        elif miss in _pending.misses or len(_pending.misses) < MAX_PENDING:
            _pending.misses[miss] += 1


def take_pending() -> Batch:
    """What was noted, now this caller's to write; the pending notes empty."""
    global _pending
    with _pending_lock:
        batch, _pending = _pending, Batch()
    return batch


def discard_pending() -> None:
    """Forget what was noted and not yet written (for tests)."""
    take_pending()


def add_to_row(model, lookup: dict, counts: dict, values=None, defaults=None) -> None:
    """Add `counts` to the row `lookup` names and set `values`; create it,
    with `defaults`, on first sight."""
    values = values or {}
    changes = {name: F(name) + number for name, number in counts.items()}
    if model.objects.filter(**lookup).update(**changes, **values):
        return
    try:
        with transaction.atomic():
            model.objects.create(**lookup, **(defaults or {}), **counts, **values)
    except IntegrityError:  # another process created it just now
        model.objects.filter(**lookup).update(**changes, **values)


def mark_found(ids: set[int], now: datetime) -> None:
    """Entries found just now: their last_found moves to `now`."""
    if not ids:
        return
    EntryFound.objects.filter(entry_id__in=ids).update(last_found=now)
    known = set(
        EntryFound.objects.filter(entry_id__in=ids).values_list("entry_id", flat=True)
    )
    # Entries deleted since their search are left out.
    alive = ErrorEntry.objects.filter(pk__in=ids - known).values_list("pk", flat=True)
    EntryFound.objects.bulk_create(
        [EntryFound(entry_id=pk, last_found=now) for pk in sorted(alive)],
        ignore_conflicts=True,
    )


def write(batch: Batch) -> None:
    """Write a batch in one transaction; rows in a fixed order, so that two
    processes writing at once wait for each other instead of deadlocking."""
    now = timezone.now()
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"SET LOCAL lock_timeout = '{LOCK_WAIT}'")
        for week, (searches, good) in sorted(batch.weeks.items()):
            add_to_row(
                SearchWeek, {"week": week}, {"searches": searches, "good_matches": good}
            )
        for (query, filters), times in sorted(batch.misses.items()):
            row = prepared(query, json.loads(filters))
            add_to_row(
                MissedSearch,
                {"key": row.pop("key")},
                {"count": times},
                values={"last_seen": now, "resolved_at": None},
                defaults={**row, "first_seen": now},
            )
        mark_found(batch.found, now)


def flush(**kwargs) -> None:
    """Write what was noted, if SEARCH_LOG_FLUSH_SECONDS have passed since
    the last write (connected to request_finished: the answer has gone). On
    database trouble the batch is dropped: the answers were given."""
    now = time.monotonic()
    if not _pending or now - _last_flush[0] < settings.SEARCH_LOG_FLUSH_SECONDS:
        return
    if not _flush_lock.acquire(blocking=False):
        return  # another thread is writing
    try:
        _last_flush[0] = now
        batch = take_pending()
        try:
            write(batch)
        except DatabaseError as error:
            log.warning(
                "search log: dropped %d searches (%s)",
                sum(counts[0] for counts in batch.weeks.values()),
                error.__class__.__name__,
            )
        # As request_finished's own handler (which ran before this one) does:
        # with CONN_MAX_AGE 0 the write's connection is not kept.
        if not connection.in_atomic_block:
            connection.close_if_unusable_or_obsolete()
    finally:
        _flush_lock.release()
