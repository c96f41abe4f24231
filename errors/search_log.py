"""What searches found, as kept for the people who keep the catalogue.

- `SearchWeek`: per week, how many searches there were and how many found
  a good match (counts only: the staff dashboard's chart);
- `EntryFound`: per entry, when a search last found it as its good match;
- `MissedSearch`: a search without a good match, redacted, deduplicated by
  its message and filters, with a count and first and last seen;
  `purge_search_log` removes those not seen for SEARCH_LOG_DAYS.

errors/web/search_log.py records them, after the answers.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.http import urlencode

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
    # Set by `resolve_search_log` once the message finds a good match;
    # cleared when it is missed again.
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

    @property
    def create_entry_query(self) -> str:
        """The query string that pre-fills the admin's add form: the message
        with `xxx` for its values, and the status and code of the paste."""
        initial = {"message": self.template_message, "code": self.code}
        if self.status:
            initial["status"] = self.status
        return urlencode(initial)


class SearchWeek(models.Model):
    week = models.DateField(unique=True, help_text="The Monday the week starts on.")
    searches = models.PositiveIntegerField(default=0)
    good_matches = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["week"]

    def __str__(self) -> str:
        return f"week of {self.week}: {self.good_matches}/{self.searches}"


class EntryFound(models.Model):
    entry = models.OneToOneField(
        "errors.ErrorEntry",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="found",
    )
    last_found = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-last_found"]

    def __str__(self) -> str:
        return f"{self.entry_id} found {self.last_found:%Y-%m-%d}"


def week_of(day: date) -> date:
    """The Monday of `day`'s week."""
    return day - timedelta(days=day.weekday())


def purge(days: int | None = None) -> int:
    """Delete missed searches not seen for `days` (SEARCH_LOG_DAYS); how many
    went. The weekly counts and entry dates hold no search text: they stay."""
    days = settings.SEARCH_LOG_DAYS if days is None else days
    cutoff = timezone.now() - timedelta(days=days)
    deleted, _ = MissedSearch.objects.filter(last_seen__lt=cutoff).delete()
    return deleted
