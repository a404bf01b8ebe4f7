from django.urls import path

from aftersales.console import intake, views

app_name = "console"

urlpatterns = [
    path("", views.order_list, name="order_list"),
    path("login/", views.ConsoleLoginView.as_view(), name="login"),
    path("logout/", views.ConsoleLogoutView.as_view(), name="logout"),
    path("orders/new/", intake.order_create, name="order_create"),
    path("orders/new/customers/", intake.customer_lookup, name="customer_lookup"),
    path("orders/new/unit/", intake.unit_lookup, name="unit_lookup"),
    path("orders/<int:order_id>/", views.order_detail, name="order_detail"),
    path(
        "orders/<int:order_id>/actions/<slug:action>/",
        views.order_action,
        name="order_action",
    ),
]
