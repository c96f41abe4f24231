""" "Did this solve it?": the page that asks and takes the answer.

A page of its own, so that the entry page and the answer card stay the same
for everyone (and cacheable): they carry a plain GET form that leads here.
This page carries the CSRF-protected POST form; static/errors/portal.js
fetches it and posts it in place where JavaScript runs.

Answers are keyed by an HMAC-SHA256 (with SECRET_KEY) of the client's
address and the day, never the address: one answer per entry and client a
day, and FEEDBACK_PER_DAY answers a client a day in all.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import date

from django import forms
from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from errors.feedback import Feedback, latest
from errors.limits import FEEDBACK_NOTE_CHARS, FEEDBACK_PER_DAY
from errors.models import ErrorEntry
from errors.redaction import redact
from errors.web.caching import html_representation
from errors.web.guards import client_address


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


def entry_page_representation(request) -> str:
    """The entry page's representation for its validator: it shows the
    helpful count, so a new answer is a new page."""
    return f"{html_representation(request)}|feedback {latest()}"


# What the feedback page says after a POST, by record()'s outcome.
FEEDBACK_OUTCOMES = {
    "recorded": (303, "Thank you: your answer is recorded."),
    "repeat": (303, "You already answered for this entry today; thank you."),
    "throttled": (429, "That is enough answers from your address for today."),
}


@require_http_methods(["GET", "POST"])
def entry_feedback(request, slug):
    """ "Did this solve it?": the form (GET, ?solved=yes|no preselects), and
    its answer (POST, CSRF-checked, then 303 back here). A page of its own,
    so the entry page stays the same for everyone and can be cached."""
    entry = get_object_or_404(ErrorEntry, slug=slug)
    status, outcome = (
        200,
        FEEDBACK_OUTCOMES.get(request.GET.get("sent", ""), (0, ""))[1],
    )
    if request.method == "POST":
        form = FeedbackForm(request.POST)
        if form.is_valid():
            result = record(
                request, entry, form.cleaned_data["solved"], form.cleaned_data["note"]
            )
            code, _ = FEEDBACK_OUTCOMES[result]
            if code == 303:
                location = reverse("errors:entry_feedback", kwargs={"slug": slug})
                return HttpResponseRedirect(f"{location}?sent={result}", status=303)
            status, outcome = code, FEEDBACK_OUTCOMES[result][1]
        else:
            status = 400
    else:
        solved = request.GET.get("solved")
        form = FeedbackForm(
            initial={"solved": solved if solved in {"yes", "no"} else None}
        )
    response = render(
        request,
        "errors/feedback.html",
        {"entry": entry, "form": form, "outcome": outcome},
        status=status,
    )
    # It carries this client's CSRF token: for no shared cache to keep.
    response["Cache-Control"] = "private, no-store"
    return response
