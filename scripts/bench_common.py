"""What the HTTP benchmarks share (scripts/bench_http.py, scripts/bench_peer.py).

- Throw-away SQLite databases of a given size: the real catalogue, plus
  synthetic entries (`manage.py generate_synthetic`) past 311.
- The portal served as `make run` serves it: gunicorn with gunicorn.conf.py,
  DEBUG off, WhiteNoise's manifest storage (after collectstatic), plain HTTP,
  the access log written, on a free loopback port. Any server is started
  fresh for each pass, so no in-process cache outlives one.
- A load generator: CLIENTS threads, each on its own HTTP/1.1 connection kept
  alive as long as the server allows (it opens a new one when the server
  closes it, and counts them), taking URLs from one shared list so each is
  sent exactly once. Latency runs from sending the request to the last byte
  of the body, so it includes any reconnect the server forces.
- Figures: percentiles, requests/s, resident memory (VmRSS) from /proc.
"""

from __future__ import annotations

import contextlib
import http.client
import math
import os
import shlex
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.servers import BIN, ROOT, free_port, server_env  # noqa: E402

CATALOGUE_SIZE = 311
HOST = "127.0.0.1"


def manage(env: dict[str, str], *args: str) -> None:
    result = subprocess.run(
        [str(BIN / "python"), "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{result.stderr}")


def portal_env(database: Path) -> dict[str, str]:
    """The environment `make run` gives gunicorn, on this database (a secret
    key of its own, so no .secret_key is written; manifest static files)."""
    return server_env(f"sqlite:///{database}", DJANGO_PLAIN_STATIC="")


def entry_count(database: Path) -> int:
    with contextlib.closing(sqlite3.connect(database)) as connection:
        return connection.execute("SELECT COUNT(*) FROM errors_errorentry").fetchone()[
            0
        ]


def database(size: int, folder: Path) -> Path:
    """A SQLite file in `folder` with the catalogue and synthetic entries up
    to `size`; one left there by an earlier run (BENCH_DB_DIR) is reused."""
    path = folder / f"bench-{size}.sqlite3"
    with contextlib.suppress(sqlite3.Error):
        if path.exists() and entry_count(path) == max(size, CATALOGUE_SIZE):
            # Made by an older version of the code, maybe: its migrations.
            manage(portal_env(path), "migrate", "--noinput", "-v0")
            return path
    for leftover in folder.glob(f"{path.name}*"):
        leftover.unlink()
    env = {**portal_env(path), "SQLITE_CREATE": "1"}  # throw-away, on purpose
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "load_catalogue")
    missing = size - entry_count(path)
    if missing > 0:
        manage(env, "generate_synthetic", "--count", str(missing))
    return path


def collect_static(database: Path) -> None:
    """As `make run` does: the manifest storage serves only collected files."""
    manage(portal_env(database), "collectstatic", "--noinput", "-v0")


@dataclass
class Server:
    process: subprocess.Popen
    port: int
    spawns_workers: bool  # gunicorn: the work is done in the master's children

    def pids(self) -> list[int]:
        """The processes that answer requests."""
        if not self.spawns_workers:
            return [self.process.pid]
        children = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                with contextlib.suppress(OSError):
                    stat = (entry / "stat").read_text()
                    # Fields after the ")" closing the command name: state, ppid, …
                    if int(stat.rsplit(")", 1)[1].split()[1]) == self.process.pid:
                        children.append(int(entry.name))
        return sorted(children)

    def rss_mb(self) -> list[float]:
        """Resident memory of each answering process, in MB (10^6 bytes)."""
        sizes = []
        for pid in self.pids():
            with contextlib.suppress(OSError):
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        sizes.append(int(line.split()[1]) * 1024 / 1e6)
        return sizes


@contextlib.contextmanager
def serving(
    command: list[str],
    env: dict[str, str],
    port: int,
    ready_path: str,
    spawns_workers: bool,
    log: Path,
) -> Iterator[Server]:
    """Start a server, wait until `ready_path` answers 200, stop it after."""
    with open(log, "wb") as log_file:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log_file
        )
        try:
            wait_for(process, port, ready_path, log)
            yield Server(process, port, spawns_workers)
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def wait_for(process: subprocess.Popen, port: int, path: str, log: Path) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"server exited:\n{log.read_text()[-3000:]}")
        with contextlib.suppress(OSError, http.client.HTTPException):
            connection = http.client.HTTPConnection(HOST, port, timeout=5)
            connection.request("GET", path)
            if connection.getresponse().status == 200:
                connection.close()
                return
            connection.close()
        time.sleep(0.2)
    raise SystemExit(f"server did not answer {path}:\n{log.read_text()[-3000:]}")


def gunicorn(database: Path, log: Path) -> contextlib.AbstractContextManager[Server]:
    """The portal as `make run` starts it (gunicorn.conf.py: workers, threads,
    keep-alive), with the access log on; BENCH_GUNICORN_ARGS adds options."""
    port = free_port()
    env = {
        **portal_env(database),
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_SECURE_COOKIES": "0",
    }
    command = [str(BIN / "gunicorn"), "--bind", f"{HOST}:{port}"]
    command += ["--access-logfile", "-"]
    command += shlex.split(os.environ.get("BENCH_GUNICORN_ARGS", ""))
    return serving(command, env, port, "/healthz", True, log)


def portal_path(page: str, text: str) -> str:
    """The search API or the HTML results page for `text`."""
    query = urllib.parse.urlencode({"q": text})
    return f"/api/v1/errors/?{query}" if page == "api" else f"/?{query}"


@dataclass
class Sample:
    kind: str
    seconds: float
    error: str | None
    found: bool | None = None  # the answer listed at least one entry


@dataclass
class PassResult:
    samples: list[Sample] = field(default_factory=list)
    elapsed: float = 0.0
    connections: int = 0

    def milliseconds(self, kind: str | None = None) -> list[float]:
        return sorted(
            sample.seconds * 1000
            for sample in self.samples
            if kind is None or sample.kind == kind
        )

    @property
    def errors(self) -> list[str]:
        return [sample.error for sample in self.samples if sample.error]

    @property
    def found(self) -> int:
        return sum(1 for sample in self.samples if sample.found)

    @property
    def rate(self) -> float:
        return len(self.samples) / self.elapsed if self.elapsed else 0.0


def percentile(ordered: list[float], share: float) -> float:
    """Nearest rank: the smallest value with at least `share` of them at or below."""
    if not ordered:
        return float("nan")
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


class Connection:
    """One client's HTTP/1.1 connection, reopened when the server closes it."""

    def __init__(self, port: int, result: PassResult, lock: threading.Lock):
        self.port, self.result, self.lock = port, result, lock
        self.connection: http.client.HTTPConnection | None = None
        self.used = False

    def get(self, path: str) -> tuple[str | None, bytes]:
        """Send one GET and read the whole answer: (the error or None, body)."""
        for attempt in (1, 2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection(
                    HOST, self.port, timeout=60
                )
                self.used = False
                with self.lock:
                    self.result.connections += 1
            reused = self.used
            try:
                self.connection.request("GET", path)
                response = self.connection.getresponse()
                body = response.read()
                self.used = True
                if response.will_close:
                    self.close()
                if response.status != 200:
                    return f"{response.status} {path[:80]}", body
                return None, body
            except (OSError, http.client.HTTPException) as exc:
                self.close()
                # A kept-alive connection the server has just dropped is
                # retried once on a new one, as HTTP clients do.
                if not (reused and attempt == 1):
                    return f"{type(exc).__name__} {path[:80]}", b""
        return None, b""

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None


def drive(
    port: int,
    requests: list[tuple[str, str]],
    clients: int,
    found: Callable[[bytes], bool] | None = None,
) -> PassResult:
    """Send each (kind, path) once from `clients` threads; time each and all.
    `found` tells from a body whether the answer listed any entry."""
    result = PassResult()
    lock = threading.Lock()
    remaining = iter(requests)
    start = threading.Barrier(clients + 1)

    def client() -> None:
        connection = Connection(port, result, lock)
        start.wait()
        while True:
            with lock:
                item = next(remaining, None)
            if item is None:
                break
            kind, path = item
            started = time.perf_counter()
            error, body = connection.get(path)
            seconds = time.perf_counter() - started
            listed = found(body) if found and not error else None
            sample = Sample(kind, seconds, error, listed)
            with lock:
                result.samples.append(sample)
        connection.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    result.elapsed = time.perf_counter() - began
    return result


HEADER = (
    f"{'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} "
    f"{'errors':>6} {'conns':>5}  RSS MB"
)


def figures(result: PassResult, rss: list[float]) -> str:
    """One row: requests/s, p50, p95, p99, errors, connections, RSS."""
    ordered = result.milliseconds()
    memory = ", ".join(f"{size:.0f}" for size in rss) or "-"
    return (
        f"{result.rate:>7.1f} {percentile(ordered, 0.5):>7.1f} "
        f"{percentile(ordered, 0.95):>7.1f} {percentile(ordered, 0.99):>7.1f} "
        f"{len(result.errors):>6} {result.connections:>5}  {memory}"
    )


def by_kind(result: PassResult, kinds: tuple[str, ...]) -> str:
    """p50/p95 per kind of query, in ms."""
    parts = []
    for kind in kinds:
        ordered = result.milliseconds(kind)
        if ordered:
            parts.append(
                f"{kind} {percentile(ordered, 0.5):.1f}/{percentile(ordered, 0.95):.1f}"
            )
    return "  ".join(parts)


def print_errors(result: PassResult, count: int = 3) -> None:
    """The first few failures of a pass, to see what went wrong."""
    for error in result.errors[:count]:
        print(f"{'':>8} error: {error}")
