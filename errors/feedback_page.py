""" "Did this solve it?": the page that asks and takes the answer.

A page of its own, so that the entry page and the answer card stay the same
for everyone (and cacheable): they carry a plain GET form that leads here.
This page carries the CSRF-protected POST form; static/errors/portal.js
fetches it and posts it in place where JavaScript runs.
"""

from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from errors.feedback import FeedbackForm, record
from errors.models import ErrorEntry

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
