"""Admin login throttling, kept in the database so every app server agrees.

ADMIN_LOGIN_FAILURE_LIMIT (5) failed logins within ADMIN_LOGIN_LOCKOUT_MINUTES
(15) for one username, or from one client address, lock that username or
address for ADMIN_LOGIN_LOCKOUT_MINUTES after the last of them: even the right
password is refused, with a message saying how long to wait. Attempts while
locked are not counted, so the lock ends on time.
"""

from __future__ import annotations

import logging
import math
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

logger = logging.getLogger(__name__)


class LoginFailure(models.Model):
    username = models.CharField(max_length=150, help_text="As typed, lower-cased.")
    address = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["username", "created_at"]),
            models.Index(fields=["address", "created_at"]),
            models.Index(fields=["created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.username} from {self.address or 'unknown address'}"


def lockout_period() -> timedelta:
    return timedelta(minutes=settings.ADMIN_LOGIN_LOCKOUT_MINUTES)


def client_address(request) -> str:
    """The client's address: REMOTE_ADDR, or the last hop of CLIENT_IP_HEADER.

    Behind a reverse proxy REMOTE_ADDR is the proxy's; set CLIENT_IP_HEADER
    (X-Forwarded-For, X-Real-IP) only then, since clients can forge it
    otherwise. Its last value is the one your proxy added.
    """
    if request is None:
        return ""
    if settings.CLIENT_IP_HEADER:
        value = request.headers.get(settings.CLIENT_IP_HEADER, "")
        last_hop = value.split(",")[-1].strip()
        if last_hop:
            return last_hop[:64]
    return request.META.get("REMOTE_ADDR", "")[:64]


def normalise_username(username: str | None) -> str:
    return (username or "").strip().lower()[:150]


def locked_until(
    username: str, address: str, now: datetime | None = None
) -> datetime | None:
    """When the lock on this username or address ends, or None if there is none."""
    now = now or timezone.now()
    limit, period = settings.ADMIN_LOGIN_FAILURE_LIMIT, lockout_period()
    ends = []
    for lookup in [{"username": username}, {"address": address}]:
        if not next(iter(lookup.values())):
            continue
        recent = list(
            LoginFailure.objects.filter(**lookup)
            .order_by("-created_at")
            .values_list("created_at", flat=True)[:limit]
        )
        # Locked when the last `limit` failures fall within one period, until
        # a period after the newest of them.
        if len(recent) == limit and recent[0] - recent[-1] <= period:
            if recent[0] + period > now:
                ends.append(recent[0] + period)
    return max(ends, default=None)


def reserve_attempt(username: str, address: str) -> LoginFailure | None:
    """Record this attempt as a failure *before* the password is checked, then
    count: the row, None when it would pass the limit (and is taken back).

    Writing first makes the count and the check one step that parallel
    attempts cannot slip between: of attempts racing for the last places,
    the last to write sees every other one, so at most the limit get their
    password checked. A failed check keeps the row; a right one clears it.
    """
    now = timezone.now()
    attempt = LoginFailure.objects.create(
        username=username, address=address, created_at=now
    )
    since = now - lockout_period()
    for lookup in [{"username": username}, {"address": address}]:
        if not next(iter(lookup.values())):
            continue
        recent = LoginFailure.objects.filter(**lookup, created_at__gt=since).count()
        if recent > settings.ADMIN_LOGIN_FAILURE_LIMIT:
            attempt.delete()  # attempts while locked are not counted
            return None
    # Rows older than two periods can no longer lock anything.
    LoginFailure.objects.filter(created_at__lt=now - 2 * lockout_period()).delete()
    return attempt


def clear_failures(username: str) -> None:
    LoginFailure.objects.filter(username=username).delete()


def lock_error(until: datetime) -> ValidationError:
    minutes = max(1, math.ceil((until - timezone.now()).total_seconds() / 60))
    return ValidationError(
        "Too many failed logins for this username or from your address. "
        "Logging in is locked for %(wait)s; try again then.",
        code="locked",
        params={"wait": f"{minutes} minute" + ("" if minutes == 1 else "s")},
    )


class ThrottledAdminLoginForm(AdminAuthenticationForm):
    """The admin login form, refusing locked usernames and addresses."""

    def clean(self):
        username = normalise_username(self.cleaned_data.get("username"))
        address = client_address(self.request)
        self.refuse_if_locked(username, address)
        if reserve_attempt(username, address) is None:
            logger.warning(
                "admin login locked: username %r, address %s", username, address
            )
            raise lock_error(timezone.now() + lockout_period())
        try:
            cleaned_data = super().clean()
        except ValidationError:
            if locked_until(username, address) is not None:
                logger.warning(
                    "admin login locked: username %r, address %s", username, address
                )
            self.refuse_if_locked(username, address)
            raise
        clear_failures(username)
        return cleaned_data

    def refuse_if_locked(self, username: str, address: str) -> None:
        until = locked_until(username, address)
        if until is not None:
            raise lock_error(until)
