"""The order detail: what it shows, which buttons each role gets, and htmx actions."""

from __future__ import annotations

import zoneinfo

import pytest
from django.urls import reverse

from aftersales.service_orders.models import ServiceOrder, ServiceOrderEvent
from aftersales.service_orders.services import service_order_transition

from .conftest import HTMX

pytestmark = pytest.mark.django_db


def detail(order) -> str:
    return reverse("console:order_detail", args=[order.pk])


def action_url(order, action: str) -> str:
    return reverse("console:order_action", args=[order.pk, action])


def buttons(response) -> list[str]:
    return [item["action"].value for item in response.context["actions"]]


def test_the_detail_shows_the_order_warranty_sla_and_timeline(client_as, agent, shanghai_order):
    client = client_as(agent)
    client.cookies["django_language"] = "en"
    response = client.get(detail(shanghai_order))
    body = response.content.decode()
    assert response.status_code == 200
    assert shanghai_order.number in body
    assert shanghai_order.unit.serial_number in body
    assert '<span class="badge ok">In warranty</span>' in body
    assert "Service commitments" in body
    assert 'id="timeline"' in body
    local = shanghai_order.reported_at.astimezone(zoneinfo.ZoneInfo("Asia/Shanghai"))
    assert local.strftime("%Y-%m-%d %H:%M") in body  # times in Asia/Shanghai
    assert str(agent) in body  # the actor of the "created" event


def test_an_invisible_order_is_not_found(client_as, make_staff, regions, beijing_order):
    dispatcher = make_staff("dispatcher", region=regions["east"])
    client = client_as(dispatcher)
    assert client.get(detail(beijing_order)).status_code == 404
    response = client.post(action_url(beijing_order, "acknowledge"), headers=HTMX)
    assert response.status_code == 404
    beijing_order.refresh_from_db()
    assert beijing_order.status == "new"


def test_a_missing_order_is_not_found(client_as, agent):
    assert client_as(agent).get("/orders/999999/").status_code == 404


def test_an_agent_gets_acknowledge_and_cancel_on_a_new_order(client_as, agent, shanghai_order):
    response = client_as(agent).get(detail(shanghai_order))
    assert buttons(response) == ["acknowledge", "cancel"]
    body = response.content.decode()
    assert action_url(shanghai_order, "acknowledge") in body
    assert action_url(shanghai_order, "assign") not in body


def test_a_dispatcher_gets_assign_with_an_engineer_select(
    client_as, agent, make_staff, regions, shanghai_order
):
    service_order_transition(actor=agent, order_id=shanghai_order.pk, action="acknowledge")
    engineer = make_staff("engineer", region=regions["shanghai"])
    dispatcher = make_staff("dispatcher", region=regions["east"])
    response = client_as(dispatcher).get(detail(shanghai_order))
    assert buttons(response) == ["assign", "cancel"]
    body = response.content.decode()
    assert 'name="engineer"' in body
    assert f'value="{engineer.pk}"' in body
    # the agent, on the same order, may start a remote fix but not assign
    assert buttons(client_as(agent).get(detail(shanghai_order))) == ["start", "cancel"]


def test_only_the_assigned_engineer_gets_the_field_steps(
    client_as, agent, make_staff, regions, shanghai_order
):
    assigned = make_staff("engineer", region=regions["shanghai"])
    colleague = make_staff("engineer", region=regions["shanghai"])
    dispatcher = make_staff("dispatcher")
    service_order_transition(actor=agent, order_id=shanghai_order.pk, action="acknowledge")
    service_order_transition(
        actor=dispatcher,
        order_id=shanghai_order.pk,
        action="assign",
        payload={"engineer": assigned.pk},
    )
    assert buttons(client_as(assigned).get(detail(shanghai_order))) == ["depart"]
    response = client_as(colleague).get(detail(shanghai_order))
    assert buttons(response) == []
    assert action_url(shanghai_order, "depart") not in response.content.decode()
    # and posting it anyway is refused with the message in the panel
    refused = client_as(colleague).post(action_url(shanghai_order, "depart"), headers=HTMX)
    assert refused.status_code == 403
    assert 'class="alert bad"' in refused.content.decode()
    shanghai_order.refresh_from_db()
    assert shanghai_order.status == "assigned"


def test_a_read_only_role_gets_no_buttons(client_as, make_staff, shanghai_order):
    response = client_as(make_staff("quality")).get(detail(shanghai_order))
    assert buttons(response) == []


def test_an_htmx_action_returns_the_panel_and_timeline_and_changes_state(
    client_as, agent, shanghai_order
):
    response = client_as(agent).post(action_url(shanghai_order, "acknowledge"), headers=HTMX)
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<section id="status-panel"')
    assert '<section id="timeline" class="card" hx-swap-oob="true">' in body
    assert "<html" not in body
    shanghai_order.refresh_from_db()
    assert shanghai_order.status == "acknowledged"
    assert shanghai_order.events.filter(action="acknowledge", actor=agent).exists()


def test_an_action_without_htmx_redirects_to_the_detail(client_as, agent, shanghai_order):
    response = client_as(agent).post(action_url(shanghai_order, "acknowledge"))
    assert response.status_code == 302
    assert response["Location"] == detail(shanghai_order)


def test_a_missing_reason_is_shown_on_the_field_and_changes_nothing(
    client_as, agent, shanghai_order
):
    events = ServiceOrderEvent.objects.count()
    response = client_as(agent).post(
        action_url(shanghai_order, "cancel"), {"reason": " "}, headers=HTMX
    )
    body = response.content.decode()
    assert response.status_code == 422
    assert '<details class="action" open>' in body
    assert 'class="errorlist"' in body
    shanghai_order.refresh_from_db()
    assert shanghai_order.status == "new"
    assert ServiceOrderEvent.objects.count() == events


def test_a_stale_button_answers_409_with_a_message(client_as, agent, shanghai_order):
    client = client_as(agent)
    client.post(action_url(shanghai_order, "acknowledge"), headers=HTMX)
    events = ServiceOrderEvent.objects.count()
    response = client.post(action_url(shanghai_order, "acknowledge"), headers=HTMX)
    assert response.status_code == 409
    assert 'class="alert bad"' in response.content.decode()
    assert ServiceOrderEvent.objects.count() == events


def test_an_unknown_action_is_not_found(client_as, agent, shanghai_order):
    response = client_as(agent).post(action_url(shanghai_order, "teleport"), headers=HTMX)
    assert response.status_code == 404


def post(client, order: ServiceOrder, action: str, data=None) -> str:
    response = client.post(action_url(order, action), data or {}, headers=HTMX)
    assert response.status_code == 200, response.content.decode()[:2000]
    order.refresh_from_db()
    return order.status


def test_the_whole_lifecycle_through_the_inline_forms(
    client_as, make_staff, regions, shanghai_order
):
    director = make_staff("director")
    engineer = make_staff("engineer", region=regions["shanghai"])
    client = client_as(director)
    order = shanghai_order
    assert post(client, order, "acknowledge") == "acknowledged"
    assert post(client, order, "assign", {"engineer": engineer.pk}) == "assigned"
    assert order.assigned_engineer == engineer
    assert post(client, order, "depart") == "en_route"
    assert post(client, order, "arrive") == "on_site"
    assert post(client, order, "start") == "in_progress"
    assert post(client, order, "wait", {"reason": "parts"}) == "waiting"
    assert post(client, order, "resume") == "in_progress"
    done = {"fault_cause": "电源板损坏", "actions_taken": "更换电源板", "fault_code": "E12"}
    assert post(client, order, "complete", done) == "resolved"
    assert post(client, order, "confirm", {"accepted": "no"}) == "in_progress"
    assert post(client, order, "complete", done) == "resolved"
    assert post(client, order, "confirm", {"accepted": "yes", "customer_opinion": "满意"}) == (
        "accepted"
    )
    assert post(client, order, "follow_up", {"overall": "5", "speed": "4"}) == "followed_up"
    assert order.survey_overall == 5
    assert order.survey_speed == 4
    assert post(client, order, "close") == "closed"
    client.cookies["django_language"] = "en"
    body = client.get(detail(order)).content.decode()
    assert "Nothing for you to do on this order now." in body
    assert "电源板损坏" in body
    assert body.count('<li>\n      <div class="when">') == order.events.count()


def test_reassign_needs_a_reason_and_names_both_engineers(
    client_as, agent, make_staff, regions, shanghai_order
):
    first = make_staff("engineer", region=regions["shanghai"])
    second = make_staff("engineer", region=regions["shanghai"])
    dispatcher = make_staff("dispatcher")
    client = client_as(dispatcher)
    service_order_transition(actor=agent, order_id=shanghai_order.pk, action="acknowledge")
    post(client, shanghai_order, "assign", {"engineer": first.pk})
    refused = client.post(
        action_url(shanghai_order, "reassign"), {"engineer": second.pk}, headers=HTMX
    )
    assert refused.status_code == 422
    post(client, shanghai_order, "reassign", {"engineer": second.pk, "reason": "请假"})
    assert shanghai_order.assigned_engineer == second
    body = client.get(detail(shanghai_order)).content.decode()
    assert f"{first} → {second}" in body


def test_bad_input_on_an_invisible_order_is_still_not_found(
    client_as, make_staff, regions, beijing_order
):
    dispatcher = make_staff("dispatcher", region=regions["east"])
    url = action_url(beijing_order, "assign")
    response = client_as(dispatcher).post(url, {"engineer": "nope"}, headers=HTMX)
    assert response.status_code == 404
