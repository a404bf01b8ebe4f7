from django.contrib import admin
from django.urls import include, path

from aftersales.api.root import api

urlpatterns = [
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", include("aftersales.portal.urls")),  # public: the warranty lookup (PORTAL-1)
    path("", include("aftersales.console.urls")),
]

handler404 = "aftersales.api.views.not_found"
