"""The portal beside Datasette on the same catalogue and queries: `make bench-peer`.

Builds the portal's throw-away database (the real catalogue, or
BENCH_PEER_SIZE entries), exports the same entries into a second SQLite file
for Datasette 0.65 (installed by `make bench-peer` into .bench-peer-venv): a
table `entries` with an FTS5 index over code, aliases, message, cause and
solution (the columns and tokenizer of the portal's own index) and facet
columns status, category and products (a JSON array of product slugs, for
`_facet_array`). Datasette's suggested facets are off: the portal suggests
none, and the peer should not pay for work the portal does not do.

Then, at 1 and 16 clients (BENCH_CLIENTS), it sends the same distinct query
mix (scripts/bench_mix.py, BENCH_QUERIES texts, each URL once a pass) to the
portal's search API, its HTML results page and Datasette's JSON
(`_search=…&_facet=status&_facet=category&_facet_array=products&_size=20`),
each server started fresh and warmed with queries that are not timed, and
prints requests/s, p50/p95/p99, errors, connections and resident memory per
side, with the ratio portal requests/s ÷ Datasette requests/s.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_common import (  # noqa: E402
    HEADER,
    HOST,
    ROOT,
    PassResult,
    collect_static,
    database,
    drive,
    figures,
    free_port,
    gunicorn,
    portal_path,
    print_errors,
    serving,
)
from bench_mix import query_sets  # noqa: E402

PEER_VENV = ROOT / ".bench-peer-venv"
DATASETTE = PEER_VENV / "bin" / "datasette"
WARMUP_QUERIES = 60
FACETS = [("_facet", "status"), ("_facet", "category"), ("_facet_array", "products")]

EXPORT = """
ATTACH DATABASE ? AS portal;
CREATE TABLE entries (
    id INTEGER PRIMARY KEY, slug TEXT NOT NULL UNIQUE, status INTEGER,
    code TEXT, aliases TEXT, message TEXT, cause TEXT, solution TEXT,
    category TEXT, products TEXT
);
INSERT INTO entries
SELECT entry.id, entry.slug, entry.status, entry.code, entry.aliases,
       entry.message, entry.cause, entry.solution, entry.category,
       (SELECT json_group_array(product.slug)
          FROM portal.errors_errorentry_products AS link
          JOIN portal.errors_product AS product ON product.id = link.product_id
         WHERE link.errorentry_id = entry.id)
  FROM portal.errors_errorentry AS entry ORDER BY entry.id;
CREATE INDEX entries_status ON entries (status);
CREATE INDEX entries_category ON entries (category);
CREATE VIRTUAL TABLE entries_fts USING fts5(
    code, aliases, message, cause, solution,
    content="entries", content_rowid="id",
    tokenize='porter unicode61 remove_diacritics 2'
);
INSERT INTO entries_fts (entries_fts) VALUES ('rebuild');
"""
METADATA = {
    "databases": {
        "peer": {"tables": {"entries": {"fts_table": "entries_fts", "fts_pk": "id"}}}
    }
}


def export(portal_database: Path, folder: Path) -> Path:
    """The portal's entries as Datasette's `peer` database."""
    path = folder / "peer.sqlite3"
    path.unlink(missing_ok=True)
    with contextlib.closing(sqlite3.connect(path)) as connection:
        first, rest = EXPORT.split(";", 1)
        connection.execute(first, (str(portal_database),))
        connection.executescript(rest)
        connection.commit()
    return path


def datasette(peer_database: Path, folder: Path):
    """Datasette serving the peer database on a free loopback port."""
    metadata = folder / "peer-metadata.json"
    metadata.write_text(json.dumps(METADATA))
    port = free_port()
    command = [str(DATASETTE), "serve", str(peer_database)]
    command += ["--host", HOST, "--port", str(port), "--metadata", str(metadata)]
    command += ["--setting", "suggest_facets", "off"]
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    log = folder / "datasette.log"
    return serving(command, env, port, "/-/versions.json", False, log)


def peer_path(text: str) -> str:
    query = [("_search", text), *FACETS, ("_size", "20"), ("_shape", "objects")]
    return "/peer/entries.json?" + urllib.parse.urlencode(query)


def portal_found(body: bytes) -> bool:
    return json.loads(body)["count"] > 0


def peer_found(body: bytes) -> bool:
    return json.loads(body)["filtered_table_rows_count"] > 0


def timed_pass(
    side: tuple, timed: list, warmup: list, clients: int
) -> tuple[PassResult, list[float]]:
    """A fresh server, warmed with the warm-up queries, then the timed mix."""
    server_context, path_of, found = side
    with server_context() as server:
        drive(server.port, [(q.kind, path_of(q.text)) for q in warmup], clients=4)
        requests = [(query.kind, path_of(query.text)) for query in timed]
        result = drive(server.port, requests, clients, found)
        return result, server.rss_mb()


def ratio(portal: PassResult, peer: PassResult) -> str:
    return f"{portal.rate / peer.rate:.2f}×" if peer.rate else "-"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--size", type=int, default=int(os.environ.get("BENCH_PEER_SIZE", "311"))
    )
    parser.add_argument("--clients", default=os.environ.get("BENCH_CLIENTS", "1,16"))
    parser.add_argument(
        "--queries", type=int, default=int(os.environ.get("BENCH_QUERIES", "400"))
    )
    args = parser.parse_args()
    if not DATASETTE.exists():
        raise SystemExit(f"{DATASETTE} is missing: run `make bench-peer`")
    version = subprocess.run(
        [str(DATASETTE), "--version"], capture_output=True, text=True, check=True
    ).stdout.strip()
    timed, warmup = query_sets(args.queries, WARMUP_QUERIES)
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(os.environ.get("BENCH_DB_DIR") or scratch)
        folder.mkdir(parents=True, exist_ok=True)
        portal_database = database(args.size, folder)
        collect_static(portal_database)
        peer_database = export(portal_database, folder)
        with contextlib.closing(sqlite3.connect(peer_database)) as connection:
            count = connection.execute("SELECT COUNT(*) FROM entries").fetchone()[0]
        print(
            f"{count} entries on both sides; {len(timed)} distinct queries a pass, "
            "each URL once, every server fresh for each pass; "
            f"load average {os.getloadavg()[0]:.1f}"
        )
        print(
            "portal: gunicorn as `make run` starts it; peer: "
            f"{version} (FTS5, facets status, category, products)"
        )
        print(f"{'clients':>7} {'side':<15} {HEADER}")
        sides = {
            "portal API": (
                lambda: gunicorn(portal_database, folder / "gunicorn.log"),
                lambda text: portal_path("api", text),
                portal_found,
            ),
            "portal page": (
                lambda: gunicorn(portal_database, folder / "gunicorn.log"),
                lambda text: portal_path("page", text),
                None,
            ),
            "Datasette JSON": (
                lambda: datasette(peer_database, folder),
                peer_path,
                peer_found,
            ),
        }
        for clients in [int(part) for part in args.clients.split(",")]:
            results = {}
            for side, how in sides.items():
                result, rss = timed_pass(how, timed, warmup, clients)
                results[side] = result
                print(f"{clients:>7} {side:<15} {figures(result, rss)}")
                print_errors(result)
                sys.stdout.flush()
            peer = results["Datasette JSON"]
            print(
                f"{'':>7} ratio of requests/s, portal ÷ Datasette: API "
                f"{ratio(results['portal API'], peer)}, page "
                f"{ratio(results['portal page'], peer)}"
            )
            print(
                f"{'':>7} answers listing at least one entry: portal API "
                f"{results['portal API'].found}/{len(timed)}, Datasette "
                f"{peer.found}/{len(timed)}"
            )
        print(
            f"load average at the end {os.getloadavg()[0]:.1f}; {time.strftime('%F %T')}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
