"""Schemathesis hooks loaded by tests/test_schemathesis.py (SCHEMATHESIS_HOOKS).

- The `utf-8-text` format: the document's search texts are UTF-8 of at most
  `x-max-bytes` bytes, a measure JSON Schema's maxLength (characters) cannot
  state; this teaches the generator that format, as a client library would.
- Schemathesis' own positive_data_acceptance wants every request that fits the
  document to succeed. Two 4xx answers that the document describes depend on
  the data, which a schema cannot express, so this check is that one minus
  those two: 400 invalid_page (a page past the last one: the count depends on
  the filters) and 404 not_found (a well-formed slug that no entry has).
  Nothing else is excused.
- A search's `advice` (checked against its schema like every body) must be
  its best match's `retryable` and `who_acts`; each one seen is written to
  ADVICE_SEEN, so the test knows the fuzzer met real advice, not only null.
"""

import json
import os

import schemathesis
from hypothesis import strategies as st

from errors.limits import MAX_QUERY_BYTES, TEXT_FORMAT, utf8_length

DATA_DEPENDENT = {(400, "invalid_page"), (404, "not_found")}

schemathesis.openapi.format(
    TEXT_FORMAT,
    st.text().filter(lambda text: utf8_length(text) <= MAX_QUERY_BYTES),
)


def error_code(response) -> str | None:
    try:
        return response.json()["error"]["code"]
    except (ValueError, KeyError, TypeError):
        return None


@schemathesis.check
def valid_requests_are_accepted(ctx, response, case):
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive:
        return None
    if response.status_code < 400 or response.status_code >= 500:
        return None  # 5xx is not_a_server_error's business
    if (response.status_code, error_code(response)) in DATA_DEPENDENT:
        return None
    raise AssertionError(
        f"A request that fits the document was refused with {response.status_code}: {response.text[:300]}"
    )


@schemathesis.check
def advice_is_the_best_matchs(ctx, response, case):
    try:
        body = response.json()
    except ValueError:
        return None
    if not isinstance(body, dict) or not body.get("advice"):
        return None
    advice = body["advice"]
    first_page = str((case.query or {}).get("page") or "1") == "1"
    if first_page and body["results"]:
        best = body["results"][0]
        if (best["retryable"], best["who_acts"]) != (
            advice["retryable"],
            advice["who_acts"],
        ):
            raise AssertionError(f"advice {advice} is not the best match's: {best}")
    if os.environ.get("ADVICE_SEEN"):
        with open(os.environ["ADVICE_SEEN"], "a", encoding="utf-8") as seen:
            seen.write(json.dumps(advice) + "\n")
    return None
