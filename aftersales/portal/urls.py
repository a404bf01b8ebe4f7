from django.urls import path

from aftersales.portal import views

app_name = "portal"

urlpatterns = [
    path("warranty/lookup", views.warranty_lookup, name="warranty_lookup"),
]
