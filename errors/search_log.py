"""Searches that found nothing: kept, redacted and counted, to become entries.

A search without a good match (the results page, GET /api/v1/errors/ and
POST /api/v1/search) is *noted* while the answer is built, in memory, and
*written* once the answer has gone (Django's `request_finished`, which
fires when the server closes the response). A write that fails (a locked or
absent database) is dropped, never the answer. Rows are deduplicated by the
redacted, normalised message and the filters: one row per message, with a
count and first and last seen; so growth is bounded by distinct messages,
and `purge_search_log` removes those not seen for SEARCH_LOG_DAYS.

Nothing is stored unredacted (errors/redaction.py): the message, the
example paste (cut to EXAMPLE_BYTES) and the filters all pass through it.
SEARCH_LOG=0 turns it all off.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import threading
import time
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, models, transaction
from django.db.models import F
from django.utils import timezone

from errors.paste import unwrap
from errors.redaction import redact

log = logging.getLogger(__name__)

EXAMPLE_BYTES = 2048
MESSAGE_CHARS = 500
FILTER_NAMES = ("status", "code", "product", "category", "retryable", "who_acts")
SPACE_RE = re.compile(r"\s+")
# Values in a message: redaction markers, quoted text (its quotes kept),
# numbers.
VALUE_RE = re.compile(
    r"sk-<redacted>|<[a-z-]+>|(['\"])[^'\"]{1,80}\1|(?<![\w.])\d+(?:\.\d+)?(?![\w.])"
)


class MissedSearch(models.Model):
    message = models.TextField(help_text="The message found in the paste, redacted.")
    # sha256 of message and filters: the deduplication key.
    key = models.CharField(max_length=64, unique=True, editable=False)
    example = models.TextField(
        blank=True, help_text="One paste, redacted, cut to 2 KB."
    )
    filters = models.TextField(blank=True, help_text="The filters used, as JSON.")
    status = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The HTTP status found in the paste."
    )
    code = models.CharField(
        max_length=200, blank=True, help_text="The error code found in the paste."
    )
    count = models.PositiveIntegerField(default=1)
    first_seen = models.DateTimeField(default=timezone.now)
    last_seen = models.DateTimeField(default=timezone.now, db_index=True)
    # Set by `resolve_search_log` once the message finds a good match.
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-count", "-last_seen"]
        verbose_name = "search without an answer"
        verbose_name_plural = "searches without an answer"

    def __str__(self) -> str:
        return f"{self.count}× {self.message[:80]}"

    @property
    def template_message(self) -> str:
        """The message as a catalogue entry writes it: concrete values,
        redaction markers and quoted or numeric values, as `xxx`."""
        return VALUE_RE.sub(
            lambda match: (
                match.group(1) + "xxx" + match.group(1) if match.group(1) else "xxx"
            ),
            self.message,
        )


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


# Searches noted since the last write, in this process: (query, filters as
# JSON) -> how many times. Written together, at most every
# SEARCH_LOG_FLUSH_SECONDS, by whichever request finishes next: one short
# transaction now and then instead of one per search, and a repeated miss
# costs an increment in memory.
_pending: dict[tuple[str, str], int] = {}
_pending_lock = threading.Lock()
_flush_lock = threading.Lock()
_last_flush = [0.0]
# Distinct searches held between writes; past it, new ones are dropped (a
# flood of distinct pastes costs bounded memory).
MAX_PENDING = 1000


def note(query: str, params) -> None:
    """Remember a search without a good match, to write after the answer."""
    if not settings.SEARCH_LOG or not query.strip():
        return
    filters = {}
    for name in FILTER_NAMES:
        values = params.getlist(name) if hasattr(params, "getlist") else []
        if values:
            filters[name] = ",".join(values)
    key = (query, json.dumps(filters, sort_keys=True))
    with _pending_lock:
        if key in _pending or len(_pending) < MAX_PENDING:
            _pending[key] = _pending.get(key, 0) + 1


def discard_pending() -> None:
    """Forget what was noted and not yet written (for tests)."""
    with _pending_lock:
        _pending.clear()


def write(query: str, filters: dict, times: int = 1) -> None:
    """Add a search (seen `times` times) to its row, creating it on first sight."""
    row = prepared(query, filters)
    now = timezone.now()
    with transaction.atomic():
        updated = MissedSearch.objects.filter(key=row["key"]).update(
            count=F("count") + times, last_seen=now
        )
        if not updated:
            MissedSearch.objects.create(
                **row, count=times, first_seen=now, last_seen=now
            )


def flush(**kwargs) -> None:
    """Write what was noted, if SEARCH_LOG_FLUSH_SECONDS have passed since
    the last write (connected to request_finished: the answer has gone). On
    database trouble the records are dropped: the answers were given."""
    now = time.monotonic()
    if not _pending or now - _last_flush[0] < settings.SEARCH_LOG_FLUSH_SECONDS:
        return
    if not _flush_lock.acquire(blocking=False):
        return  # another thread is writing them
    try:
        _last_flush[0] = now
        with _pending_lock:
            items = dict(_pending)
            _pending.clear()
        for (query, filters), times in items.items():
            try:
                write(query, json.loads(filters), times)
            except DatabaseError as error:
                log.warning(
                    "search log: dropped a record (%s)", error.__class__.__name__
                )
    finally:
        _flush_lock.release()


def purge(days: int | None = None) -> int:
    """Delete rows not seen for `days` (SEARCH_LOG_DAYS); how many went."""
    days = settings.SEARCH_LOG_DAYS if days is None else days
    cutoff = timezone.now() - timedelta(days=days)
    deleted, _ = MissedSearch.objects.filter(last_seen__lt=cutoff).delete()
    return deleted
