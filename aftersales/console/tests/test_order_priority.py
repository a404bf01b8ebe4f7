"""Changing an order's priority from its page: the SLA targets follow, a timeline event
records why; bad input, closed orders and roles without the right change nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from aftersales.service_orders.models import ServiceOrderEvent

from .conftest import HTMX

pytestmark = pytest.mark.django_db
EN = {"Accept-Language": "en"}


def url(order) -> str:
    return reverse("console:order_priority", args=[order.pk])


def detail(order) -> str:
    return reverse("console:order_detail", args=[order.pk])


def snapshot(order):
    order.refresh_from_db()
    return (order.priority, order.respond_by, order.on_site_by, order.resolve_by)


def test_the_panel_offers_the_change_to_those_who_may(client_as, agent, shanghai_order):
    response = client_as(agent).get(detail(shanghai_order), headers=EN)
    assert response.context["priority"]["open"] is False
    body = response.content.decode()
    assert "Change priority" in body
    assert url(shanghai_order) in body


@pytest.mark.parametrize("role", ["engineer", "quality", "warehouse"])
def test_roles_without_the_right_get_no_form_and_are_refused(
    client_as, make_staff, regions, shanghai_order, role
):
    user = make_staff(role, region=regions["shanghai"])
    client = client_as(user)
    before = snapshot(shanghai_order)
    page = client.get(detail(shanghai_order))
    if page.status_code == 200:
        assert page.context["priority"] is None
    response = client.post(url(shanghai_order), {"priority": "urgent", "reason": "VIP"})
    assert response.status_code in (403, 404)
    assert snapshot(shanghai_order) == before


def test_an_htmx_change_moves_the_targets_and_records_the_reason(client_as, agent, shanghai_order):
    before = snapshot(shanghai_order)
    assert before[0] == "normal"
    response = client_as(agent).post(
        url(shanghai_order),
        {"priority": "urgent", "reason": "生产线停线"},
        headers={**HTMX, **EN},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="status-panel"')
    assert "Priority changed" in body
    after = snapshot(shanghai_order)
    assert after[0] == "urgent"
    assert after[1] < before[1]  # an urgent order must be answered sooner
    event = ServiceOrderEvent.objects.get(order=shanghai_order, action="retargeted")
    assert (event.actor, event.note, event.extra["from_priority"]) == (
        agent,
        "生产线停线",
        "normal",
    )


def test_without_htmx_it_redirects_back_to_the_order(client_as, agent, shanghai_order):
    response = client_as(agent).post(url(shanghai_order), {"priority": "high", "reason": "VIP"})
    assert response.status_code == 302
    assert response["Location"] == detail(shanghai_order)
    assert snapshot(shanghai_order)[0] == "high"


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"priority": "urgent", "reason": "  "}, "reason"),
        ({"priority": "sky-high", "reason": "VIP"}, "priority"),
        ({"priority": "normal", "reason": "VIP"}, "priority"),  # already normal
        ({"reason": "VIP"}, "priority"),
    ],
)
def test_bad_input_is_shown_on_the_field_and_changes_nothing(
    client_as, agent, shanghai_order, data, field
):
    before, events = snapshot(shanghai_order), ServiceOrderEvent.objects.count()
    response = client_as(agent).post(url(shanghai_order), data, headers={**HTMX, **EN})
    assert response.status_code == 422
    form = response.context["priority"]["form"]
    assert response.context["priority"]["open"] is True
    assert field in form.errors
    assert 'class="errorlist"' in response.content.decode()
    assert snapshot(shanghai_order) == before
    assert ServiceOrderEvent.objects.count() == events


def test_a_cancelled_order_is_refused_with_409(client_as, agent, shanghai_order):
    client = client_as(agent)
    client.post(
        reverse("console:order_action", args=[shanghai_order.pk, "cancel"]), {"reason": "x"}
    )
    before, events = snapshot(shanghai_order), ServiceOrderEvent.objects.count()
    assert client.get(detail(shanghai_order)).context["priority"] is None
    response = client.post(
        url(shanghai_order), {"priority": "urgent", "reason": "VIP"}, headers=HTMX
    )
    assert response.status_code == 409
    assert 'class="alert bad"' in response.content.decode()
    assert snapshot(shanghai_order) == before
    assert ServiceOrderEvent.objects.count() == events


def test_an_invisible_order_is_not_found_whatever_the_input(
    client_as, make_staff, regions, beijing_order
):
    shanghai_agent = make_staff("dispatcher", region=regions["shanghai"])
    before = snapshot(beijing_order)
    for data in ({"priority": "urgent", "reason": "VIP"}, {}):
        assert client_as(shanghai_agent).post(url(beijing_order), data).status_code == 404
    assert snapshot(beijing_order) == before
