"""Sign-in, sign-out, and who may use the console at all."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from aftersales.conftest import PASSWORD

from .conftest import HTMX

pytestmark = pytest.mark.django_db

PAGES = ["console:order_list", "console:order_create"]


@pytest.mark.parametrize("page", PAGES)
def test_anonymous_visitors_are_sent_to_sign_in(page):
    response = Client().get(reverse(page))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("console:login") + "?next=")


def test_anonymous_htmx_request_redirects_the_whole_page():
    response = Client().get(reverse("console:order_list"), headers=HTMX)
    assert response["HX-Redirect"] == reverse("console:login")


@pytest.mark.parametrize("page", PAGES)
def test_a_customer_sign_in_is_refused(page, client_as, make_customer, customer_user):
    user = customer_user(make_customer())
    response = client_as(user).get(reverse(page))
    assert response.status_code == 403


def test_a_customer_sees_no_order_detail(client_as, customer_user, shanghai_order):
    user = customer_user(shanghai_order.customer)
    response = client_as(user).get(reverse("console:order_detail", args=[shanghai_order.pk]))
    assert response.status_code == 403


def test_staff_sign_in_with_the_form_lands_on_the_order_list(agent):
    client = Client()
    page = client.get(reverse("console:login"))
    assert page.status_code == 200
    response = client.post(
        reverse("console:login"), {"username": agent.username, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("console:order_list")
    assert client.get(reverse("console:order_list")).status_code == 200


def test_a_wrong_password_shows_an_error_and_signs_nobody_in(agent):
    client = Client()
    response = client.post(
        reverse("console:login"), {"username": agent.username, "password": "wrong"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert "_auth_user_id" not in client.session


def test_a_customer_cannot_sign_in_to_the_console(make_customer, customer_user):
    user = customer_user(make_customer())
    client = Client()
    response = client.post(
        reverse("console:login"), {"username": user.username, "password": PASSWORD}
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_sign_out_is_a_post(client_as, agent):
    client = client_as(agent)
    assert client.get(reverse("console:logout")).status_code == 405
    response = client.post(reverse("console:logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_repeated_wrong_passwords_lock_the_sign_in(settings, agent):
    client = Client()
    url = reverse("console:login")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(url, {"username": agent.username, "password": "wrong"})
    response = client.post(url, {"username": agent.username, "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
