""" "Did this solve it?": one yes or no per entry, client and day, with a note.

The client is a keyed hash (HMAC-SHA256 with SECRET_KEY) of its address and
the day, never the address itself: a stored row cannot be traced back to an
address without the key, and the same client gets a new key every day, so
rows of different days cannot be linked either. It serves two limits: one
answer per entry and client a day, and FEEDBACK_PER_DAY answers a client a
day in all.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import date

from django import forms
from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from errors.caching import html_representation
from errors.guards import client_address
from errors.limits import FEEDBACK_NOTE_CHARS, FEEDBACK_PER_DAY, HELPFUL_SHOWN_FROM
from errors.redaction import redact


class Feedback(models.Model):
    entry = models.ForeignKey(
        "errors.ErrorEntry", on_delete=models.CASCADE, related_name="feedback"
    )
    solved = models.BooleanField()
    note = models.TextField(blank=True, max_length=FEEDBACK_NOTE_CHARS)
    # HMAC of the client's address and `day` (client_key()): never the address.
    client_key = models.CharField(max_length=64, db_index=True, editable=False)
    day = models.DateField(db_index=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "feedback"
        verbose_name_plural = "feedback"
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "client_key", "day"], name="one_feedback_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{'solved' if self.solved else 'not solved'}: {self.entry_id}"


class FeedbackForm(forms.Form):
    solved = forms.TypedChoiceField(
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        label="Did this solve it?",
    )
    note = forms.CharField(
        required=False,
        max_length=FEEDBACK_NOTE_CHARS,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": FEEDBACK_NOTE_CHARS}),
        label="Anything to add? (optional; do not paste keys or personal data)",
    )

    def clean_note(self):
        # Notes are pasted like searches, keys and addresses included: kept
        # only redacted, as the search log keeps searches.
        return redact(self.cleaned_data["note"].replace("\x00", " ").strip())


def client_key(request, day: date) -> str:
    """The client's keyed hash for `day`."""
    message = f"{client_address(request)}|{day.isoformat()}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def record(request, entry, solved: bool, note: str) -> str:
    """Store one answer: "recorded", "repeat" (this entry, today) or
    "throttled" (FEEDBACK_PER_DAY reached today)."""
    day = timezone.localdate()
    key = client_key(request, day)
    if Feedback.objects.filter(client_key=key, day=day, entry=entry).exists():
        return "repeat"
    if Feedback.objects.filter(client_key=key, day=day).count() >= FEEDBACK_PER_DAY:
        return "throttled"
    try:
        with transaction.atomic():
            Feedback.objects.create(
                entry=entry, solved=solved, note=note, client_key=key, day=day
            )
    except IntegrityError:  # the same answer twice at once
        return "repeat"
    return "recorded"


def helpful_count(entry) -> int | None:
    """How many said it solved their error; None below HELPFUL_SHOWN_FROM
    (a count of one or two says little, and invites stuffing)."""
    count = Feedback.objects.filter(entry=entry, solved=True).count()
    return count if count >= HELPFUL_SHOWN_FROM else None


def latest() -> int:
    """The newest answer's id: entry pages show counts, so their validator
    follows it (errors/caching.py)."""
    return Feedback.objects.aggregate(newest=models.Max("id"))["newest"] or 0


def entry_page_representation(request) -> str:
    """The entry page's representation for its validator: it shows the
    helpful count, so a new answer is a new page."""
    return f"{html_representation(request)}|feedback {latest()}"
