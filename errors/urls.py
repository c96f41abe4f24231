from django.contrib.sitemaps.views import sitemap
from django.urls import path, re_path
from django.views.decorators.http import require_safe

from errors import api, openapi, seo, stats, views
from errors.caching import json_representation, public
from errors.sitemaps import SITEMAPS

app_name = "errors"

urlpatterns = [
    path("", require_safe(public(views.entry_list)), name="entry_list"),
    path(
        "errors/<slug:slug>/",
        require_safe(public(views.entry_detail)),
        name="entry_detail",
    ),
    path("healthz", views.healthz, name="healthz"),
    path("stats/", stats.stats, name="stats"),
    path("robots.txt", seo.robots_txt, name="robots_txt"),
    path("sitemap.xml", require_safe(sitemap), {"sitemaps": SITEMAPS}, name="sitemap"),
    path("opensearch.xml", seo.opensearch, name="opensearch"),
    path("favicon.ico", seo.favicon, name="favicon"),
    path("api/", openapi.api_docs, name="api_docs"),
    path("api/v1/openapi.json", openapi.openapi_json, name="api_openapi"),
    path(
        "api/v1/errors/",
        public(api.entry_list, json_representation),
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
