""" "Did this solve it?": one yes or no per entry, client and day, with a note.

The client is a keyed hash of its address and the day, never the address
itself (errors/web/feedback.py makes it and takes the answers): a stored row
cannot be traced back to an address without the key, and the same client
gets a new key every day, so rows of different days cannot be linked either.
"""

from __future__ import annotations

from django.db import models

from errors.limits import FEEDBACK_NOTE_CHARS, HELPFUL_SHOWN_FROM


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


def helpful_count(entry) -> int | None:
    """How many said it solved their error; None below HELPFUL_SHOWN_FROM
    (a count of one or two says little, and invites stuffing)."""
    count = Feedback.objects.filter(entry=entry, solved=True).count()
    return count if count >= HELPFUL_SHOWN_FROM else None


def latest() -> int:
    """The newest answer's id: entry pages show counts, so their validator
    follows it (errors/web/caching.py)."""
    return Feedback.objects.aggregate(newest=models.Max("id"))["newest"] or 0
