"""Hostile traffic against the production server on loopback, bounded in time.

    .venv/bin/python scripts/attack.py [--seconds 20] [--clients 8]

Prints figures for each attack and exits 1 when a target is missed:

1. adversarial pastes (whitespace runs, tabs, brackets; 64 KB each) POSTed
   at 1 per second during a load run like `make load`: throughput drop
   against the same run without them (target < 20%), and errors (target 0);
2. half-open connections (workers + 8, each a request cut off mid-header):
   a normal request must still answer within 1 s;
3. `make run HOST=0.0.0.0` must show no debug page (requests go to
   127.0.0.1 only);
4. 24 parallel wrong logins for one username from one address: how many
   passwords were checked (target 5: the login gate makes them take turns),
   that pair locked afterwards, the username from elsewhere not.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from load import Stats, client_loop, percentile, run_together  # noqa: E402

from errors.limits import MAX_QUERY_BYTES  # noqa: E402
from tests.servers import (  # noqa: E402
    ROOT,
    fetch,
    free_port,
    gunicorn,
    prepare_database,
    server_env,
    wait_until_up,
)
from tests.test_server_hardening import (  # noqa: E402
    failures_recorded,
    login_attempt,
)

DEBUG_MARKERS = ["Traceback", "DEBUG = True", "URLconf", "Django tried these", "SECRET"]


def fill(line: str) -> bytes:
    return (line * (MAX_QUERY_BYTES // len(line) + 1)).encode()[:MAX_QUERY_BYTES]


ADVERSARIAL = [
    fill("message:a" + " " * 2000 + "b\n"),
    fill("code=" + "\t" * 3000 + "x\n"),
    fill('{"message": "' + " " * 1500 + '"\n'),
    fill("Error code: 400 - " + " " * 4000 + "[\n"),
    fill("<400> " + "a " * 2000 + "\n"),
    fill("xxx " * 500 + "\n\n\n"),
]


def load_run(base_url: str, slugs: list[str], seconds: float, clients: int, paste):
    """(requests/s, p99 ms, errors) of a load run; with `paste`, an adversarial
    paste is POSTed every second meanwhile."""
    stats = Stats()
    deadline = time.monotonic() + seconds
    threads = [
        threading.Thread(target=client_loop, args=(base_url, slugs, deadline, stats, n))
        for n in range(clients)
    ]
    paste_times: list[float] = []
    paste_errors: list[str] = []

    def attacker():
        n = 0
        while time.monotonic() < deadline - 1:
            started = time.monotonic()
            body = ADVERSARIAL[n % len(ADVERSARIAL)]
            try:
                status, _, _ = fetch(
                    base_url + "/api/v1/search",
                    method="POST",
                    data=body,
                    headers={"Content-Type": "text/plain"},
                    timeout=60,
                )
                if status != 200:
                    paste_errors.append(f"paste {n % len(ADVERSARIAL)}: {status}")
            except Exception as exc:  # noqa: BLE001
                paste_errors.append(f"paste {n % len(ADVERSARIAL)}: {exc!r}")
            paste_times.append(time.monotonic() - started)
            n += 1
            time.sleep(max(0.0, 1.0 - (time.monotonic() - started)))

    if paste:
        threads.append(threading.Thread(target=attacker))
    elapsed = run_together(threads)
    rate = len(stats.latencies) / elapsed
    p99 = percentile(stats.latencies, 0.99) * 1000
    return rate, p99, stats.errors + paste_errors, paste_times


def half_open(base_url: str, workers: int) -> list[float]:
    """Seconds a normal request takes while workers + 8 requests hang mid-header."""
    port = int(urllib.parse.urlsplit(base_url).port)
    sockets = []
    for _ in range(workers + 8):
        sock = socket.create_connection(("127.0.0.1", port), timeout=5)
        sock.sendall(b"GET /?q=rate+limit HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        sockets.append(sock)
    time.sleep(1.0)  # let the server take them all
    times = []
    try:
        for path in ["/healthz", "/?q=rate+limit", "/api/v1/errors/?q=quota", "/"]:
            started = time.monotonic()
            try:
                status, _, _ = fetch(base_url + path, timeout=10)
            except OSError:
                status = None
            times.append(time.monotonic() - started if status == 200 else 99.0)
    finally:
        for sock in sockets:
            sock.close()
    return times


def debug_page_shown() -> tuple[bool, str]:
    """Start `make run HOST=0.0.0.0` and look for a debug page (on loopback)."""
    port = free_port()
    process = subprocess.Popen(
        ["make", "run", "HOST=0.0.0.0", f"PORT={port}"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        env={k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base_url, process, seconds=180)
        pages = [
            fetch(base_url + path)
            for path in ["/no-such-page/", "/errors/no-such-entry/", "/api/v1/nope"]
        ]
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
    text = b"".join(body for _, _, body in pages).decode(errors="replace")
    statuses = [status for status, _, _ in pages]
    shown = statuses != [404, 404, 404] or any(m in text for m in DEBUG_MARKERS)
    return shown, f"statuses {statuses}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    args.seconds = min(args.seconds, 120)  # bounded, whatever is asked
    missed = []

    with tempfile.TemporaryDirectory() as folder:
        env = server_env(
            f"sqlite:///{folder}/attack.sqlite3", CLIENT_IP_HEADER="X-Forwarded-For"
        )
        prepare_database(env)
        with gunicorn(env, workers=args.workers) as base_url:
            listing = fetch(base_url + "/api/v1/errors/?page_size=100")[2]
            slugs = [entry["slug"] for entry in json.loads(listing)["results"]]
            base, base_p99, base_errors, _ = load_run(
                base_url, slugs, args.seconds, args.clients, paste=False
            )
            hit, hit_p99, hit_errors, paste_times = load_run(
                base_url, slugs, args.seconds, args.clients, paste=True
            )
            drop = 100 * (1 - hit / base) if base else 100.0
            print(
                f"1. load alone: {base:.1f} req/s, p99 {base_p99:.0f} ms, "
                f"errors {len(base_errors)}"
            )
            print(
                f"   with a 64 KB adversarial paste every second: {hit:.1f} req/s "
                f"(drop {drop:.1f}%, target < 20%), p99 {hit_p99:.0f} ms, "
                f"errors {len(hit_errors)} (target 0)"
            )
            if paste_times:
                print(
                    f"   paste answers: {len(paste_times)}, p50 "
                    f"{percentile(paste_times, 0.5) * 1000:.0f} ms, max "
                    f"{max(paste_times) * 1000:.0f} ms"
                )
            for error in (base_errors + hit_errors)[:5]:
                print(f"   error: {error}")
            if drop >= 20 or hit_errors or base_errors:
                missed.append("adversarial pastes")

            times = half_open(base_url, args.workers)
            print(
                f"2. {args.workers + 8} half-open connections: normal requests took "
                + ", ".join(f"{t * 1000:.0f} ms" for t in times)
                + " (target < 1000 ms each)"
            )
            if max(times) >= 1.0:
                missed.append("half-open connections")

            username = "attack-admin"
            started = time.monotonic()
            with ThreadPoolExecutor(max_workers=24) as pool:
                list(
                    pool.map(
                        lambda n: login_attempt(
                            base_url, username, "198.51.100.1", timeout=180
                        ),
                        range(24),
                    )
                )
            seconds = time.monotonic() - started
            checked = failures_recorded(env, username)
            again = login_attempt(base_url, username, "198.51.100.1")
            elsewhere = login_attempt(base_url, username, "203.0.113.7")
            print(
                f"4. 24 parallel wrong logins for one username from one address: "
                f"{checked} password checks in {seconds:.1f} s (target 5); "
                f"then from that address: {again} (target locked), "
                f"from another: {elsewhere} (target checked)"
            )
            if (checked, again, elsewhere) != (5, "locked", "checked"):
                missed.append("parallel logins")

    shown, detail = debug_page_shown()
    print(
        f"3. make run HOST=0.0.0.0: debug page {'SHOWN' if shown else 'not shown'} "
        f"({detail})"
    )
    if shown:
        missed.append("debug page")
    print("missed: " + ", ".join(missed) if missed else "all targets met")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
