"""The Content-Security-Policy header (errors/content_policy.py): inline
styles on the admin's pages only."""

import pytest

pytestmark = pytest.mark.django_db


def directive(response, name: str) -> str:
    """The sources of one directive of the response's policy."""
    for part in response["Content-Security-Policy"].split(";"):
        words = part.split()
        if words and words[0] == name:
            return " ".join(words[1:])
    raise AssertionError(f"no {name} in {response['Content-Security-Policy']}")


@pytest.mark.parametrize(
    "path", ["/", "/stats/", "/errors/no-such-entry/", "/api/v1/errors/", "/healthz"]
)
def test_public_pages_allow_no_inline_styles_or_scripts(client, path):
    response = client.get(path)
    assert directive(response, "style-src") == "'self'"
    assert directive(response, "script-src") == "'self'"
    assert "unsafe-inline" not in response["Content-Security-Policy"]


@pytest.mark.parametrize(
    "path", ["/admin/", "/admin/errors/errorentry/", "/admin/errors/errorentry/add/"]
)
def test_admin_pages_allow_inline_styles_but_not_scripts(admin_client, path):
    response = admin_client.get(path)
    assert response.status_code == 200
    assert directive(response, "style-src") == "'self' 'unsafe-inline'"
    assert directive(response, "script-src") == "'self'"
    # The rest of the policy is the site's.
    assert directive(response, "frame-ancestors") == "'none'"
    assert directive(response, "object-src") == "'none'"


def test_the_admin_login_page_allows_inline_styles(client):
    response = client.get("/admin/login/")
    assert directive(response, "style-src") == "'self' 'unsafe-inline'"
