"""Search over HTTP on the production server, on queries it has never seen:
`make bench`.

For each size (BENCH_SIZES, default 311,10000,100000 entries: the real
catalogue plus synthetic ones) it builds a throw-away SQLite database, then
for the search API (/api/v1/errors/?q=) and the HTML results page (/?q=), at
1 and at 16 clients (BENCH_CLIENTS), starts gunicorn as `make run` does, warms
it with queries that are not timed, and sends the mix of scripts/bench_mix.py
(BENCH_QUERIES distinct texts, default 400), each URL once. It prints
requests/s, p50, p95 and p99, errors, connections opened, and each worker's
resident memory after the pass; p50/p95 by kind of query at one client; then,
on a fresh server, each worker's memory after 1,000 distinct queries
(BENCH_MEMORY_QUERIES).

Why no cache can answer: every text in a pass is distinct, so a cache keyed
by the query (the ranking's prepared pastes) never hits; each pass starts a
new gunicorn, so no worker keeps anything from an earlier pass; the warm-up
queries (database connections, templates, the typo vocabulary) are never
among the timed ones; the client sends no If-None-Match, so no 304.
BENCH_DB_DIR keeps the databases between runs (they are rebuilt when their
size differs). Figures, not pass/fail: targets live in the README.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_common import (  # noqa: E402
    HEADER,
    by_kind,
    collect_static,
    database,
    drive,
    figures,
    gunicorn,
    portal_path,
    print_errors,
)
from bench_mix import KINDS, query_sets  # noqa: E402

WARMUP_QUERIES = 60
PAGES = {"api": "search API", "page": "HTML page"}


def numbers(text: str) -> list[int]:
    return [int(part) for part in text.split(",") if part.strip()]


def both_pages(queries: list) -> list[tuple[str, str]]:
    """The API and the HTML page in turn, one query each."""
    return [
        (query.kind, portal_path("api" if number % 2 else "page", query.text))
        for number, query in enumerate(queries)
    ]


def warm(port: int, warmup: list) -> None:
    """From several clients, so that every worker gets some."""
    drive(port, both_pages(warmup), clients=4)


def memory_after(database_path: Path, folder: Path, queries: list, warmup: list) -> str:
    """Each worker's RSS after `queries` (both pages in turn, 16 clients)."""
    with gunicorn(database_path, folder / "gunicorn.log") as server:
        warm(server.port, warmup)
        result = drive(server.port, both_pages(queries), clients=16)
        sizes = ", ".join(f"{size:.0f}" for size in server.rss_mb())
    return f"{sizes} MB ({len(result.errors)} errors)"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", default=os.environ.get("BENCH_SIZES", "311,10000,100000")
    )
    parser.add_argument("--clients", default=os.environ.get("BENCH_CLIENTS", "1,16"))
    parser.add_argument(
        "--queries", type=int, default=int(os.environ.get("BENCH_QUERIES", "400"))
    )
    parser.add_argument(
        "--memory-queries",
        type=int,
        default=int(os.environ.get("BENCH_MEMORY_QUERIES", "1000")),
    )
    args = parser.parse_args()
    timed, warmup = query_sets(args.queries, WARMUP_QUERIES)
    memory_set, _ = query_sets(args.memory_queries, WARMUP_QUERIES)
    workers = os.environ.get("WEB_CONCURRENCY") or "2 (gunicorn.conf.py)"
    print(
        f"gunicorn as `make run` starts it (workers: {workers}), SQLite; "
        f"{len(timed)} distinct queries a pass, each URL once, a fresh server "
        f"each pass; RSS per worker after the pass; load average "
        f"{os.getloadavg()[0]:.1f}"
    )
    print(f"{'entries':>8} {'page':<10} {'clients':>7} {HEADER}")
    keep = os.environ.get("BENCH_DB_DIR")
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(keep or scratch)
        folder.mkdir(parents=True, exist_ok=True)
        for number, size in enumerate(numbers(args.sizes)):
            started = time.monotonic()
            path = database(size, folder)
            if number == 0:
                collect_static(path)
            built = time.monotonic() - started
            for page, label in PAGES.items():
                requests = [
                    (query.kind, portal_path(page, query.text)) for query in timed
                ]
                kinds = []
                for clients in numbers(args.clients):
                    with gunicorn(path, folder / "gunicorn.log") as server:
                        warm(server.port, warmup)
                        result = drive(server.port, requests, clients)
                        row = figures(result, server.rss_mb())
                    print(f"{size:>8} {label:<10} {clients:>7} {row}")
                    print_errors(result)
                    if clients == 1:
                        kinds.append(by_kind(result, KINDS))
                    sys.stdout.flush()
                for line in kinds:
                    print(f"{'':>8} {label} by kind at 1 client, p50/p95 ms: {line}")
            memory = memory_after(path, folder, memory_set, warmup)
            print(
                f"{'':>8} RSS per worker after {len(memory_set)} distinct queries "
                f"(16 clients): {memory}; database ready in {built:.0f} s"
            )
            sys.stdout.flush()
    print(f"load average at the end {os.getloadavg()[0]:.1f}; {time.strftime('%F %T')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
