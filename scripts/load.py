"""Load test: the production server (gunicorn) on loopback, bounded in time.

    .venv/bin/python scripts/load.py [--clients 16] [--seconds 60] [--workers 4]

Starts gunicorn on a throw-away database (SQLite, or the PostgreSQL that
DATABASE_URL points at), then runs CLIENTS threads for SECONDS that mix
searches, facet pages, detail pages and API calls, while one more thread logs
into the admin and saves entries through the real change form. Prints
requests/s, p50 and p99 latency and the error count (any non-2xx/3xx answer,
timeout or connection error), and exits 1 when there was any error.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.servers import BIN, ROOT, fetch, gunicorn, prepare_database, server_env  # noqa: E402

QUERIES = [
    "Range of input length should be [1, 30720]",
    '{"code":"InvalidParameter","message":"Presence_penalty should be in [-2.0, 2.0]"}',
    "Error code: 429 - {'error': {'message': 'Requests rate limit exceeded, please try again later.', 'code': 'limit_requests'}}",
    "InvalidFile.FPS",
    "Arrearage",
    "rate limit",
    "overdue payment",
    "Range of max_tokens shuold be [1, 16384]",
    "model",
    "The audio is empty",
]
ADMIN_PASSWORD = "load-test-password-1"


def run_together(threads: list[threading.Thread]) -> float:
    """Start every thread, wait for all of them: the seconds it took."""
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.monotonic() - started


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


class FormFields(HTMLParser):
    """The fields of the admin change form, as the browser would submit them."""

    def __init__(self):
        super().__init__()
        self.fields: list[tuple[str, str]] = []
        self._textarea: str | None = None
        self._select: str | None = None
        self._buffer = ""

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        name = attributes.get("name")
        if (
            tag == "input"
            and name
            and attributes.get("type") not in {"submit", "button", "file"}
        ):
            if (
                attributes.get("type") in {"checkbox", "radio"}
                and "checked" not in attributes
            ):
                return
            self.fields.append((name, attributes.get("value") or ""))
        elif tag == "textarea" and name:
            self._textarea, self._buffer = name, ""
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in attributes:
            self.fields.append((self._select, attributes.get("value") or ""))

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea:
            self.fields.append((self._textarea, self._buffer))
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            self._buffer += data


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.latencies: list[float] = []
        self.errors: list[str] = []
        self.saves = 0

    def record(self, seconds: float, error: str | None) -> None:
        with self.lock:
            self.latencies.append(seconds)
            if error:
                self.errors.append(error)


def client_loop(
    base_url: str, slugs: list[str], deadline: float, stats: Stats, seed: int
) -> None:
    rng = random.Random(seed)
    while time.monotonic() < deadline:
        kind = rng.random()
        if kind < 0.35:
            path = "/?q=" + urllib.parse.quote(rng.choice(QUERIES))
        elif kind < 0.55:
            path = "/api/v1/errors/?q=" + urllib.parse.quote(rng.choice(QUERIES))
        elif kind < 0.7:
            path = rng.choice(
                [
                    "/?status=400",
                    "/?product=cosyvoice",
                    "/?category=websocket&page=2",
                    "/api/v1/errors/?status=429",
                ]
            )
        elif kind < 0.9:
            path = f"/errors/{rng.choice(slugs)}/"
        else:
            path = f"/api/v1/errors/{rng.choice(slugs)}/"
        started = time.monotonic()
        try:
            status, _, _ = fetch(base_url + path, timeout=30)
            error = None if status < 400 else f"{status} {path}"
        except Exception as exc:  # noqa: BLE001 - every failure counts as an error
            error = f"{type(exc).__name__} {path}"
        stats.record(time.monotonic() - started, error)


def admin_loop(base_url: str, ids: list[int], deadline: float, stats: Stats) -> None:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    login = opener.open(base_url + "/admin/login/", timeout=30).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login).group(1)
    data = urllib.parse.urlencode(
        {
            "username": "loadadmin",
            "password": ADMIN_PASSWORD,
            "csrfmiddlewaretoken": token,
            "next": "/admin/",
        }
    ).encode()
    opener.open(
        urllib.request.Request(
            base_url + "/admin/login/",
            data=data,
            headers={"Referer": base_url + "/admin/login/"},
        ),
        timeout=30,
    ).read()
    rng = random.Random(99)
    while time.monotonic() < deadline:
        entry_id = rng.choice(ids)
        url = f"{base_url}/admin/errors/errorentry/{entry_id}/change/"
        started = time.monotonic()
        try:
            page = opener.open(url, timeout=30).read().decode()
            form = FormFields()
            form.feed(page)
            fields = [
                (name, value)
                for name, value in form.fields
                if name not in {"_addanother", "_continue", "_saveasnew"}
            ]
            fields = [
                (
                    name,
                    value + " (checked under load)"
                    if name == "solution" and "(checked under load)" not in value
                    else value,
                )
                for name, value in fields
            ]
            fields.append(("_save", "Save"))
            request = urllib.request.Request(
                url,
                data=urllib.parse.urlencode(fields).encode(),
                headers={"Referer": url},
            )
            with opener.open(request, timeout=30) as response:
                body = response.read().decode()
                # A successful save redirects to the change list.
                error = (
                    None
                    if "/change/" not in response.geturl()
                    else "admin save rejected: " + re.sub(r"\s+", " ", body)[:200]
                )
        except Exception as exc:  # noqa: BLE001
            error = f"admin {type(exc).__name__}: {exc}"
        stats.record(time.monotonic() - started, error)
        with stats.lock:
            stats.saves += 1
        time.sleep(0.5)


def prepare(env: dict[str, str]) -> tuple[list[int], list[str]]:
    """Migrate and load the database env points at, add the admin user, and
    return the entries' ids and slugs."""
    prepare_database(env)
    subprocess.run(
        [
            str(BIN / "python"),
            "manage.py",
            "createsuperuser",
            "--noinput",
            "--username",
            "loadadmin",
            "--email",
            "load@example.com",
        ],
        cwd=ROOT,
        env={**env, "DJANGO_SUPERUSER_PASSWORD": ADMIN_PASSWORD},
        capture_output=True,
    )
    code = "import django; django.setup(); from errors.models import ErrorEntry; print(' '.join(f'{e.pk}:{e.slug}' for e in ErrorEntry.objects.all()))"
    listing = subprocess.run(
        [str(BIN / "python"), "-c", code],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "portal.settings"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    ids = [int(item.split(":", 1)[0]) for item in listing]
    slugs = [item.split(":", 1)[1] for item in listing]
    return ids, slugs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument(
        "--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "4"))
    )
    args = parser.parse_args()
    args.seconds = min(args.seconds, 600)  # bounded, whatever is asked

    with tempfile.TemporaryDirectory() as folder:
        database_url = (
            os.environ.get("DATABASE_URL") or f"sqlite:///{folder}/load.sqlite3"
        )
        env = server_env(database_url)
        ids, slugs = prepare(env)
        with gunicorn(env, workers=args.workers) as base_url:
            stats = Stats()
            deadline = time.monotonic() + args.seconds
            threads = [
                threading.Thread(
                    target=client_loop, args=(base_url, slugs, deadline, stats, n)
                )
                for n in range(args.clients)
            ]
            threads.append(
                threading.Thread(
                    target=admin_loop, args=(base_url, ids[:50], deadline, stats)
                )
            )
            elapsed = run_together(threads)
    engine = "PostgreSQL" if database_url.startswith("postgres") else "SQLite"
    total = len(stats.latencies)
    print(
        f"database: {engine}; gunicorn workers: {args.workers}; clients: {args.clients} + 1 admin; {elapsed:.0f} s"
    )
    print(f"requests: {total}  ({total / elapsed:.1f}/s), admin saves: {stats.saves}")
    print(
        f"latency p50: {percentile(stats.latencies, 0.5) * 1000:.1f} ms  p99: {percentile(stats.latencies, 0.99) * 1000:.1f} ms"
    )
    print(f"errors: {len(stats.errors)}")
    for error in stats.errors[:10]:
        print(f"  {error}")
    return 1 if stats.errors else 0


if __name__ == "__main__":
    sys.exit(main())
