"""The main pages, each at one address, for the checks that visit them all."""

from urllib.parse import quote

PAGES = {
    "home": "/",
    "results": "/?q="
    + quote(
        '{"code":"InvalidParameter","message":"The thinking_budget parameter must be a '
        'positive integer and not greater than 24576"}'
    ),
    "entry": "/errors/400-invalidparameter-range-of-input-length-should-be-1-xxx/",
    "stats": "/stats/",
    "api": "/api/",
}
