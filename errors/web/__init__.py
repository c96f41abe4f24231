"""The web layer: what answers HTTP requests, and nothing below it imports.

`views` (the HTML pages) and `api` (JSON API v1) are thin views over the one
FilterSet (`errors.filters`), the facet counts (`errors.facets`) and the
search; `openapi`, `openapi_schemas` and `api_docs` describe the API;
`answer`, `facet_links`, `related`, `start`, `stats` and `seo` build what the
pages show; `caching` and `methods` wrap the views (ETags, GET and HEAD only);
`guards` and `cors` are middleware. `errors/urls.py` wires them to URLs.
"""
