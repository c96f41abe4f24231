"""Search latency at scale: `make bench`.

For each size (default 1,000, 10,000 and 100,000 entries) builds a throw-away
SQLite database (the real catalogue plus synthetic entries), then times API
searches (GET /api/v1/errors/?q=…, facets included) in one client through the
whole Django stack, and prints p50 and p95 per query shape. The real-size row
(311 entries) comes first. Figures, not pass/fail: targets live in the README.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable

SHAPES = {
    "pasted message": [
        "Range of input length should be [1, 30720]",
        "Invalid file duration. The file duration must be 3 s ~ 30 s.",
        "The custom_id 'req-0001' for this request is a duplicate of another request.",
    ],
    "wrapped body": [
        '{"code":"InvalidParameter","message":"Presence_penalty should be in [-2.0, 2.0]","request_id":"0c9d8e7f"}',
        "Error code: 429 - {'error': {'message': 'Requests rate limit exceeded, please try again later.', 'type': 'limit_requests', 'code': 'limit_requests'}}",
        '<400> InternalError.Algo.InvalidParameter: The incremental_output parameter must be "true" when enable_thinking is true',
    ],
    "code": ["InvalidFile.FPS", "Arrearage", "limit_requests", "FILE_TOO_LARGE"],
    "keywords": ["overdue payment", "rate limit", "voice cloning sample rate"],
    "typo": [
        "Range of max_tokens shuold be [1, 16384]",
        "Invalid video FPS. The vidoe FPS must be 15 ~ 60.",
    ],
    "one common word": ["model"],
}


def manage(env: dict, *args: str) -> None:
    subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True
    )


def build(size: int, folder: str) -> dict:
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{folder}/bench-{size}.sqlite3",
        "DJANGO_DEBUG": "1",
        "SQLITE_CREATE": "1",  # a throw-away database, created on purpose
    }
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "load_catalogue")
    if size > 311:
        manage(env, "generate_synthetic", "--count", str(size - 311))
    return env


def measure(repeats: int) -> dict:
    """Runs inside the benchmark database's process: {shape: [ms, …]}."""
    import django

    django.setup()
    from django.test import Client

    from errors.models import ErrorEntry

    client = Client()
    synthetic = list(
        ErrorEntry.objects.filter(slug__startswith="synthetic-").values_list(
            "message", flat=True
        )[:200:20]
    )
    shapes = dict(SHAPES)
    if synthetic:
        pasted = [
            message.replace("xxx", "4096").replace("%s", "t-42")
            for message in synthetic
        ]
        shapes["pasted synthetic"] = pasted
        # Without its "(ref S123)" every word of a synthetic message is common:
        # the worst case for candidate retrieval.
        shapes["synthetic, no ref"] = [
            re.sub(r" \(ref S\d+\)", "", message) for message in pasted
        ]
    timings: dict[str, list[float]] = {}
    for shape, queries in shapes.items():
        for query in queries:  # warm the per-process caches (patterns, vocabulary)
            client.get("/api/v1/errors/", {"q": query})
        samples = []
        for number in range(repeats):
            query = queries[number % len(queries)]
            started = time.perf_counter()
            response = client.get("/api/v1/errors/", {"q": query})
            samples.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.content[:200]
        timings[shape] = samples
    return {"count": ErrorEntry.objects.count(), "timings": timings}


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="311,1000,10000,100000")
    parser.add_argument("--repeats", type=int, default=40)
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
        sys.path.insert(0, str(ROOT))
        print(json.dumps(measure(args.repeats)))
        return 0
    print(f"{'entries':>8}  {'query shape':<18} {'p50 ms':>8} {'p95 ms':>8}")
    with tempfile.TemporaryDirectory() as folder:
        for size in [int(size) for size in args.sizes.split(",")]:
            started = time.monotonic()
            env = build(size, folder)
            built = time.monotonic() - started
            output = subprocess.run(
                [
                    PYTHON,
                    str(Path(__file__).resolve()),
                    "--measure",
                    "--repeats",
                    str(args.repeats),
                ],
                cwd=ROOT,
                env={
                    **env,
                    "DJANGO_DEBUG": "",
                    "DJANGO_SECRET_KEY": "bench",
                    "DJANGO_SECURE_SSL_REDIRECT": "0",
                    "DJANGO_PLAIN_STATIC": "1",
                    "DJANGO_ALLOWED_HOSTS": "testserver",
                },
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            result = json.loads(output.strip().splitlines()[-1])
            for shape, samples in result["timings"].items():
                print(
                    f"{result['count']:>8}  {shape:<18} {statistics.median(samples):>8.1f} {percentile(samples, 0.95):>8.1f}"
                )
            print(f"{'':>8}  (database built in {built:.0f} s)")
            sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
