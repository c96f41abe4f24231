"""The portal's URLs: pages, feeds for search engines, and API v1."""

from django.contrib.sitemaps.views import sitemap
from django.urls import path, re_path

from errors.web import api, api_docs, feedback, openapi, seo, stats, views
from errors.web.caching import json_representation, public
from errors.web.methods import head_without_search, read_only_page
from errors.web.seo import SITEMAPS

app_name = "errors"
HTML = "text/html; charset=utf-8"
JSON = "application/json"

urlpatterns = [
    path(
        "",
        read_only_page(public(head_without_search(HTML)(views.entry_list))),
        name="entry_list",
    ),
    # The search form posts here (a paste can be longer than any URL), and is
    # sent on to `/?q=<the message found in it>`: a short link to share.
    path("search/", views.search_form, name="search_form"),
    path(
        "errors/<slug:slug>/",
        read_only_page(public(views.entry_detail, feedback.entry_page_representation)),
        name="entry_detail",
    ),
    path(
        "errors/<slug:slug>/feedback/",
        feedback.entry_feedback,
        name="entry_feedback",
    ),
    path("healthz", read_only_page(views.healthz), name="healthz"),
    path("stats/", read_only_page(stats.stats), name="stats"),
    path("robots.txt", read_only_page(seo.robots_txt), name="robots_txt"),
    path(
        "sitemap.xml", read_only_page(sitemap), {"sitemaps": SITEMAPS}, name="sitemap"
    ),
    path("opensearch.xml", read_only_page(seo.opensearch), name="opensearch"),
    path("favicon.ico", read_only_page(seo.favicon), name="favicon"),
    path("api/", read_only_page(api_docs.api_docs), name="api_docs"),
    path(
        "api/v1/openapi.json", api.read_only(openapi.openapi_json), name="api_openapi"
    ),
    path(
        "api/v1/errors/",
        public(head_without_search(JSON)(api.entry_list), json_representation),
        name="api_entry_list",
    ),
    # Slug characters only: anything else (a NUL byte, which PostgreSQL
    # refuses in a query) falls through to the JSON 404 below.
    re_path(
        r"^api/v1/errors/(?P<slug>[-a-zA-Z0-9_]+)/$",
        public(api.entry_detail, json_representation),
        name="api_entry_detail",
    ),
    path(
        "api/v1/products/",
        public(api.product_list, json_representation),
        name="api_product_list",
    ),
    path("api/v1/search", api.search, name="api_search"),
    re_path(r"^api/", api.not_found),
]
