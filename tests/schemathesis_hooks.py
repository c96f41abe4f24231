"""A schemathesis check loaded by tests/test_schemathesis.py (SCHEMATHESIS_HOOKS).

Schemathesis' own positive_data_acceptance wants every request that fits the
document to succeed. Two documented 4xx answers depend on data that a schema
cannot express, so this check is that one minus those two:

- 400 invalid_page: a page past the last one (the count depends on the filters);
- 404 not_found: a well-formed slug that no entry has;
- 413 payload_too_large: a body over 64 KB, counted in UTF-8 bytes, not characters.
"""

import schemathesis

DATA_DEPENDENT = {(400, "invalid_page"), (404, "not_found"), (413, "payload_too_large")}


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
