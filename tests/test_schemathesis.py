"""The OpenAPI document against the live API, with schemathesis.

A real gunicorn on loopback serves the catalogue from a throw-away database
of the kind the suite runs on (SQLite, or PostgreSQL in make test-postgres);
`st run` reads /api/v1/openapi.json from it and sends what the
document allows (and what it forbids). Bounded: at most 20 examples per
operation and phase, a fixed seed, well under a minute; on PostgreSQL
without the random fuzzing and stateful phases (PHASES).

Checks: every built-in one (no 5xx, documented statuses, content types and
headers, bodies that match their schemas, invalid input refused, undeclared
methods answered 405) except positive_data_acceptance, which
tests/schemathesis_hooks.py replaces with a version that knows the two
data-dependent refusals.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.servers import ROOT, gunicorn, prepare_database, server_env

BIN = Path(sys.executable).parent
MAX_EXAMPLES = "20"
# On PostgreSQL, the documented examples and the coverage phase's boundary
# values, which reach PostgreSQL's search. The random fuzzing exercises the
# API's reading of parameters and bodies, the same code on either database
# (and tests/test_fuzz.py sends hostile values to every parameter on both);
# the stateful phase chains responses into further requests (a listed slug
# to its entry, which tests/test_api.py also asks for on both). Together
# they were three quarters of the run's time, and CI runs both databases at
# once on two cores.
PHASES = (
    "examples,coverage"
    if os.environ.get("DATABASE_URL", "").startswith("postgres")
    else "examples,coverage,fuzzing,stateful"
)
# Fixed, so that a failure in CI reproduces locally; set SCHEMATHESIS_SEED to explore.
SEED = os.environ.get("SCHEMATHESIS_SEED", "20261125")


@pytest.fixture
def live_api(tmp_path, new_database):
    # The per-client search limit (429, documented) would otherwise stop the
    # fuzzer from reaching the search's own logic.
    env = server_env(
        new_database("api"),
        SEARCH_POST_PER_MINUTE="100000",
        SEARCH_POST_CONCURRENCY="100",
    )
    prepare_database(env)
    log_path = tmp_path / "gunicorn.log"
    # The API's own limits are under test, not gunicorn's 4 KB request line
    # (documented as a possible 414).
    with gunicorn(
        env, log_path=log_path, extra_args=("--limit-request-line", "0")
    ) as base_url:
        yield base_url, log_path


def test_api_behaves_as_its_openapi_document_says(live_api, tmp_path):
    base_url, log_path = live_api
    env = {
        **os.environ,
        "SCHEMATHESIS_HOOKS": "tests.schemathesis_hooks",
        "ADVICE_SEEN": str(tmp_path / "advice.jsonl"),
        "PYTHONPATH": str(ROOT),
        # Hypothesis keeps its Unicode tables (seconds to compute: the UTF-8
        # one walks every code point) in its storage folder; the run's own
        # folder is thrown away, so they live with pytest's cache instead.
        "HYPOTHESIS_STORAGE_DIRECTORY": str(ROOT / ".pytest_cache" / "hypothesis"),
    }
    result = subprocess.run(
        [
            str(BIN / "st"),
            "--no-color",
            "--config-file",
            str(ROOT / "tests" / "schemathesis.toml"),
            "run",
            f"{base_url}/api/v1/openapi.json",
            "--checks",
            "all",
            "--exclude-checks",
            "positive_data_acceptance",
            "--max-examples",
            MAX_EXAMPLES,
            "--phases",
            PHASES,
            "--seed",
            SEED,
            # One worker: Python 3.11's ast.parse (which Hypothesis calls to
            # describe filters) can fail with "AST constructor recursion depth
            # mismatch" when threads call it at once (CPython gh-106905).
            "--workers",
            "1",
            "--request-timeout",
            "20",
            "--generation-database",
            "none",
            # Hypothesis' too_slow health check times the data generator: on a
            # busy machine it fails the run without any finding about the API.
            "--suppress-health-check",
            "too_slow",
            "--output-truncate",
            "true",
        ],
        cwd=tmp_path,  # its crash files stay out of the work tree
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )
    summary = result.stdout[-12000:]
    server_log = log_path.read_text(errors="replace")[-4000:]
    assert "Loaded specification" in result.stdout, summary
    assert result.returncode == 0, f"{summary}\n--- server log ---\n{server_log}"
    # The documented examples find good matches: their `advice` objects were
    # checked against the schema and the best match, not only nulls.
    seen = [
        json.loads(line)
        for line in (tmp_path / "advice.jsonl").read_text().splitlines()
    ]
    assert {"retryable", "who_acts", "backoff_seconds", "summary"} == set(seen[0])
