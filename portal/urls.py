from django.contrib import admin
from django.urls import include, path

from errors.web.dashboard import dashboard

urlpatterns = [
    path("admin/dashboard/", admin.site.admin_view(dashboard), name="staff_dashboard"),
    path("admin/", admin.site.urls),
    path("", include("errors.urls")),
]

handler400 = "errors.web.failures.bad_request"
handler404 = "errors.web.failures.not_found"
handler500 = "errors.web.failures.server_error"
