"""The admin login lock-out (django-axes, configured in portal/settings.py):
failures for one username from one address lock that pair only; counts live
in the database; the client address comes from CLIENT_IP_HEADER only when
it is configured (and, errors/web/guards.py, only from trusted proxies)."""

import threading
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.db import connection
from django.db.models import F
from django.test import Client
from pytest_django.asserts import assertContains, assertNotContains

from errors.web import login_gate

LOGIN_URL = "/admin/login/?next=/admin/"
PASSWORD = "correct horse battery staple"
WRONG = "Please enter the correct username and password"
LOCKED = "Too many failed logins (5) for this username from your address."

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(django_user_model, settings):
    # Many logins: a fast hasher keeps the tests quick.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return django_user_model.objects.create_user(
        username="editor", password=PASSWORD, is_staff=True, is_superuser=True
    )


def log_in(username, password, address="10.0.0.1", **headers):
    """A fresh client's login attempt, its connection coming from `address`."""
    return Client().post(
        LOGIN_URL,
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        **headers,
    )


def assert_logged_in(response):
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert "_auth_user_id" in response.wsgi_request.session


def assert_locked(response):
    assert response.status_code == 429
    assertContains(response, LOCKED, status_code=429)
    assertContains(response, "locked for 15 minutes", status_code=429)
    assert "_auth_user_id" not in response.wsgi_request.session


def age_failures(minutes):
    AccessAttempt.objects.update(
        attempt_time=F("attempt_time") - timedelta(minutes=minutes)
    )


def test_five_failures_lock_the_user_from_that_address_even_with_the_right_password(
    editor,
):
    for _ in range(4):
        assertContains(log_in("editor", "wrong", address="10.0.0.1"), WRONG)
    assert_locked(log_in("editor", "wrong", address="10.0.0.1"))
    assert_locked(log_in("editor", PASSWORD, address="10.0.0.1"))
    # Kept in the database, where every app server sees it.
    attempt = AccessAttempt.objects.get(username="editor")
    assert (attempt.ip_address, attempt.failures_since_start) == ("10.0.0.1", 5)


def test_the_same_user_from_another_address_still_logs_in(editor):
    for _ in range(5):
        log_in("editor", "wrong", address="203.0.113.66")
    assert_locked(log_in("editor", PASSWORD, address="203.0.113.66"))
    assert_logged_in(log_in("editor", PASSWORD, address="10.0.0.1"))


def test_failures_spread_across_users_do_not_lock_an_unrelated_user(editor):
    # From one address: one user locked, four more guessed at, 9 failures in all.
    for _ in range(5):
        log_in("alice", "wrong", address="10.0.0.9")
    for number in range(4):
        log_in(f"guess-{number}", "wrong", address="10.0.0.9")
    assert_locked(log_in("alice", "anything", address="10.0.0.9"))
    assert_logged_in(log_in("editor", PASSWORD, address="10.0.0.9"))


def test_four_failures_do_not_lock_and_a_right_password_clears_them(editor):
    for _ in range(4):
        assertContains(log_in("editor", "wrong"), WRONG)
    assert_logged_in(log_in("editor", PASSWORD))
    assert not AccessAttempt.objects.exists()
    for _ in range(4):
        assertContains(log_in("editor", "wrong"), WRONG)
    assert_logged_in(log_in("editor", PASSWORD))


def test_the_lock_ends_a_period_after_the_last_failure(editor):
    for _ in range(5):
        log_in("editor", "wrong")
    age_failures(14)
    assert_locked(log_in("editor", PASSWORD))
    age_failures(2)
    assert_logged_in(log_in("editor", PASSWORD))


def test_attempts_while_locked_do_not_extend_the_lock(editor):
    for _ in range(5):
        log_in("editor", "wrong")
    age_failures(10)
    for _ in range(3):
        assert_locked(log_in("editor", "wrong"))
    assert AccessAttempt.objects.get().failures_since_start == 5
    age_failures(6)  # 16 minutes after the fifth failure, 6 after the others
    assert_logged_in(log_in("editor", PASSWORD))


def test_the_proxy_header_is_ignored_unless_configured(editor, settings):
    settings.CLIENT_IP_HEADER = ""
    # From a trusted proxy's address, each attempt claiming another client:
    # without CLIENT_IP_HEADER they all count against the connection's address.
    for number in range(5):
        log_in(
            "editor",
            "wrong",
            address="127.0.0.1",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{number}",
        )
    assert_locked(
        log_in(
            "editor", PASSWORD, address="127.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.1"
        )
    )
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == [
        "127.0.0.1"
    ]


def test_the_proxy_header_names_the_client_when_configured(editor, settings):
    settings.CLIENT_IP_HEADER = "X-Forwarded-For"
    for _ in range(5):
        log_in(
            "editor",
            "wrong",
            address="127.0.0.1",
            HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.7",
        )
    # The last hop is the one the proxy added; the first is the client's claim.
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == [
        "203.0.113.7"
    ]
    assert_locked(
        log_in(
            "editor", PASSWORD, address="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7"
        )
    )
    assert_logged_in(
        log_in(
            "editor", PASSWORD, address="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.1"
        )
    )


def test_the_proxy_header_from_an_untrusted_address_is_dropped(editor, settings):
    settings.CLIENT_IP_HEADER = "X-Forwarded-For"
    settings.TRUSTED_PROXIES = ["10.0.0.2"]
    # A client talking to the server directly cannot dodge its count by
    # claiming a new address on every attempt.
    for number in range(5):
        log_in(
            "editor",
            "wrong",
            address="203.0.113.9",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{number}",
        )
    assert_locked(
        log_in(
            "editor", PASSWORD, address="203.0.113.9", HTTP_X_FORWARDED_FOR="192.0.2.1"
        )
    )


def test_the_lock_out_page_is_the_admin_s_and_allows_its_inline_styles(editor):
    for _ in range(5):
        log_in("editor", "wrong")
    response = log_in("editor", PASSWORD)
    assert_locked(response)
    assertContains(response, "Back to the login page", status_code=429)
    assertNotContains(response, PASSWORD, status_code=429)
    assert "style-src 'self' 'unsafe-inline'" in response["Content-Security-Policy"]


def test_login_form_needs_csrf(editor):
    csrf_client = Client(enforce_csrf_checks=True)
    response = csrf_client.post(LOGIN_URL, {"username": "editor", "password": PASSWORD})
    assert response.status_code == 403
    assert not AccessAttempt.objects.exists()


def pair_in_stripe(stripe: int, address: str) -> str:
    """A username whose pair with `address` falls in `stripe`."""
    return next(
        name
        for name in (f"user{n}" for n in range(10_000))
        if login_gate.pair_key(name, address)[0] % login_gate.STRIPES == stripe
    )


def test_an_attempt_waits_for_its_pair_and_no_other(editor, monkeypatch):
    # One pair's attempt in progress (its gate held): the same pair's next
    # attempt waits, and past the wait gets a clear 503, its password
    # unchecked; a pair in another stripe goes straight through.
    monkeypatch.setattr(login_gate, "WAIT_SECONDS", 0.2)
    busy = pair_in_stripe(3, "10.0.0.1")
    free = pair_in_stripe(4, "10.0.0.1")
    held, release = threading.Event(), threading.Event()

    def attempt_in_progress():
        try:
            with login_gate.gate(login_gate.pair_key(busy, "10.0.0.1")):
                held.set()
                release.wait(5)
        finally:
            connection.close()  # this thread's own (PostgreSQL)

    holder = threading.Thread(target=attempt_in_progress)
    holder.start()
    try:
        held.wait(5)
        waited = log_in(busy, "wrong")
        assert waited.status_code == 503
        assert "Too many sign-ins at once" in waited.content.decode()
        assert not AccessAttempt.objects.filter(username=busy).exists()
        assertContains(log_in(free, "wrong"), WRONG, status_code=200)
    finally:
        release.set()
        holder.join()
    assertContains(log_in(busy, "wrong"), WRONG, status_code=200)
