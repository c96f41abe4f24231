"""What recording searches costs under load: the same traffic, at the same
time, against two gunicorns, one with SEARCH_LOG=0 and one with SEARCH_LOG=1.

    .venv/bin/python scripts/search_log_cost.py [--clients 16] [--seconds 60]

`make load` run twice, once each way, compares two minutes that a busy
machine makes unlike each other; here both servers share every moment, so
the difference between their p50 is what recording costs. Each server has
its own throw-away database (two SQLite files, or two databases created in
the PostgreSQL that DATABASE_URL points at) and WORKERS processes; CLIENTS/2
client threads and one admin thread drive each, with `make load`'s mix
(scripts/load.py). Prints each server's figures and the p50 difference;
exits 1 on any error, or when recording costs more than 10% of p50.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import secrets
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from load import (  # noqa: E402
    Stats,
    admin_loop,
    client_loop,
    percentile,
    prepare,
    run_together,
)

from tests.servers import gunicorn, server_env  # noqa: E402

BUDGET = 0.10  # recording may cost at most this share of p50


@contextlib.contextmanager
def databases(folder: str):
    """Two throw-away database URLs: SQLite files, or PostgreSQL databases."""
    server = os.environ.get("DATABASE_URL", "")
    if not server.startswith("postgres"):
        yield [f"sqlite:///{folder}/off.sqlite3", f"sqlite:///{folder}/on.sqlite3"]
        return
    names = [f"cost_{secrets.token_hex(4)}" for _ in range(2)]
    with psycopg.connect(server, autocommit=True) as connection:
        for name in names:
            connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield [urlsplit(server)._replace(path=f"/{name}").geturl() for name in names]
    finally:
        with psycopg.connect(server, autocommit=True) as connection:
            for name in names:
                connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def drive(base_url: str, targets, clients: int, deadline: float, offset: int):
    """The threads of one server: clients and one admin, with their Stats."""
    ids, slugs = targets
    stats = Stats()
    threads = [
        threading.Thread(
            target=client_loop, args=(base_url, slugs, deadline, stats, offset + n)
        )
        for n in range(clients)
    ]
    threads.append(
        threading.Thread(target=admin_loop, args=(base_url, ids[:50], deadline, stats))
    )
    return stats, threads


def report(name: str, stats: Stats, elapsed: float) -> float:
    total = len(stats.latencies)
    p50 = percentile(stats.latencies, 0.5) * 1000
    print(
        f"{name}: {total} requests ({total / elapsed:.1f}/s), admin saves "
        f"{stats.saves}, p50 {p50:.1f} ms, p99 "
        f"{percentile(stats.latencies, 0.99) * 1000:.1f} ms, errors {len(stats.errors)}"
    )
    for error in stats.errors[:5]:
        print(f"  {error}")
    return p50


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=2, help="per server")
    args = parser.parse_args()
    args.seconds = min(args.seconds, 600)  # bounded, whatever is asked

    with tempfile.TemporaryDirectory() as folder, databases(folder) as urls:
        envs = [
            server_env(urls[0], SEARCH_LOG="0"),
            server_env(urls[1], SEARCH_LOG="1"),
        ]
        targets = [prepare(env) for env in envs]
        with (
            gunicorn(envs[0], workers=args.workers) as off_url,
            gunicorn(envs[1], workers=args.workers) as on_url,
        ):
            deadline = time.monotonic() + args.seconds
            half = max(args.clients // 2, 1)
            off, off_threads = drive(off_url, targets[0], half, deadline, 0)
            on, on_threads = drive(on_url, targets[1], half, deadline, 0)
            # Interleaved, so neither server starts ahead.
            threads = [
                t for pair in zip(off_threads, on_threads, strict=True) for t in pair
            ]
            elapsed = run_together(threads)
    engine = "PostgreSQL" if urls[0].startswith("postgres") else "SQLite"
    print(
        f"database: {engine}; two servers of {args.workers} gunicorn workers; "
        f"{half} clients + 1 admin each; {elapsed:.0f} s"
    )
    p50_off = report("SEARCH_LOG=0", off, elapsed)
    p50_on = report("SEARCH_LOG=1", on, elapsed)
    cost = (p50_on - p50_off) / p50_off if p50_off else 0.0
    print(f"recording costs {cost * 100:+.1f}% of p50 (budget {BUDGET * 100:.0f}%)")
    return 1 if off.errors or on.errors or cost > BUDGET else 0


if __name__ == "__main__":
    sys.exit(main())
