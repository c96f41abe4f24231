from django.urls import path, re_path

from errors import api, views

app_name = "errors"

urlpatterns = [
    path("", views.entry_list, name="entry_list"),
    path("errors/<slug:slug>/", views.entry_detail, name="entry_detail"),
    path("api/v1/errors/", api.entry_list, name="api_entry_list"),
    re_path(r"^api/v1/errors/(?P<slug>[^/]+)/$", api.entry_detail, name="api_entry_detail"),
    path("api/v1/products/", api.product_list, name="api_product_list"),
    path("api/v1/search", api.search, name="api_search"),
    re_path(r"^api/", api.not_found),
]
