from django.urls import path
from django.views.generic import RedirectView

app_name = "console"

urlpatterns = [
    path("", RedirectView.as_view(url="/admin/"), name="order_list"),
    path("login/", RedirectView.as_view(url="/admin/login/"), name="login"),
]
