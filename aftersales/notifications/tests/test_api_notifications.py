"""GET /api/v1/notifications: the outbox of the orders one may see, for staff."""

from __future__ import annotations

import pytest

from aftersales.notifications.models import Notification, WebhookEndpoint

pytestmark = pytest.mark.django_db


def test_staff_read_an_orders_notifications(api_as, agent, order, customer):
    response = api_as(agent).get("/notifications", {"order": order.pk})
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["count"] == 2
    sms = next(r for r in data["results"] if r["channel"] == "sms")
    assert sms["event_type"] == "order.received"
    assert sms["order"] == order.pk
    assert sms["order_number"] == order.number
    assert sms["recipient"] == customer.name
    assert sms["address"] == order.contact_phone
    assert sms["status"] == "pending"
    assert sms["attempts"] == 0
    assert sms["next_attempt_at"] is not None
    assert sms["last_error"] == ""
    assert sms["sent_at"] is None


def test_endpoints_are_named_never_shown_by_url(api_as, agent, customer, make_order):
    WebhookEndpoint.objects.create(
        name="华东群",
        kind="wecom",
        url="https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=SECRET",
    )
    order = make_order(customer)
    data = api_as(agent).get("/notifications", {"order": order.pk, "channel": "wecom"}).json()
    (row,) = data["results"]
    assert row["recipient"] == "华东群"
    assert row["address"] == ""
    assert "SECRET" not in str(data)


def test_filters_by_status_and_channel(api_as, agent, order):
    Notification.objects.filter(order=order, channel="sms").update(status="failed")
    api = api_as(agent)
    failed = api.get("/notifications", {"status": "failed"}).json()
    assert [(r["channel"], r["status"]) for r in failed["results"]] == [("sms", "failed")]
    email = api.get("/notifications", {"channel": "email", "order": order.pk}).json()
    assert [r["channel"] for r in email["results"]] == ["email"]


def test_a_regional_manager_sees_only_the_regions_notifications(
    api_as, make_staff, regions, order, make_customer, make_order
):
    beijing_order = make_order(make_customer(region=regions["beijing"]))
    manager = make_staff("manager", region=regions["beijing"])
    data = api_as(manager).get("/notifications").json()
    assert {r["order"] for r in data["results"]} == {beijing_order.pk}
    assert api_as(manager).get("/notifications", {"order": order.pk}).status_code == 404


@pytest.mark.parametrize("params", [{"status": "lost"}, {"channel": "fax"}, {"order": "x"}])
def test_bad_filters_are_refused_naming_the_field(api_as, agent, params):
    response = api_as(agent).get("/notifications", params)
    assert response.status_code == 422
    assert list(response.json()["errors"]) == list(params)


def test_an_unknown_order_is_not_found(api_as, agent):
    assert api_as(agent).get("/notifications", {"order": 999999}).status_code == 404


@pytest.mark.parametrize("role", ["engineer", "warehouse", "quality"])
def test_other_staff_may_not_read_the_outbox(api_as, make_staff, regions, order, role):
    user = make_staff(role, region=regions["shanghai"])
    response = api_as(user).get("/notifications", {"order": order.pk})
    assert response.status_code == 403
    assert api_as(user).get("/notifications").status_code == 403


def test_a_customer_may_not_read_the_outbox_of_its_own_order(
    api_as, customer_user, order, customer
):
    user = customer_user(customer)
    assert api_as(user).get("/notifications", {"order": order.pk}).status_code == 403


def test_a_customer_gets_not_found_for_another_customers_order(
    api_as, customer_user, order, make_customer
):
    stranger = customer_user(make_customer())
    assert api_as(stranger).get("/notifications", {"order": order.pk}).status_code == 404


def test_anonymous_callers_are_refused(api_as, order):
    assert api_as(None).get("/notifications", {"order": order.pk}).status_code == 401


def test_a_page_costs_the_same_statements_for_few_or_many_rows(api_as, agent, customer, make_order):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    WebhookEndpoint.objects.create(name="ERP", url="https://erp.example.com/hook")
    api = api_as(agent)
    make_order(customer)
    api.get("/notifications")  # the first request reads the token and the roles
    with CaptureQueriesContext(connection) as few:
        assert api.get("/notifications", {"page_size": 200}).json()["count"] == 3
    for _ in range(5):
        make_order(customer)
    with CaptureQueriesContext(connection) as many:
        assert api.get("/notifications", {"page_size": 200}).json()["count"] == 18
    assert len(many.captured_queries) == len(few.captured_queries)
