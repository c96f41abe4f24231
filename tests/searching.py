"""The search API as the paste tests call it."""

API = "/api/v1/errors/"


def search(client, q, **params):
    """(results, whole body) of the search API for `q`; fails on a non-200."""
    response = client.get(API, {"q": q, **params})
    assert response.status_code == 200
    body = response.json()
    return body["results"], body
