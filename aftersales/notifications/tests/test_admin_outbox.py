"""The admin's outbox (status, attempts, last error, "retry now") and endpoints."""

from __future__ import annotations

import pytest
from django.test import Client

from aftersales.notifications.models import Notification, WebhookEndpoint

pytestmark = pytest.mark.django_db
OUTBOX = "/admin/notifications/notification/"


def failed_sms(order):
    row = Notification.objects.get(order=order, channel="sms")
    Notification.objects.filter(pk=row.pk).update(
        status="failed", attempts=4, last_error="GatewayDown: 503 gateway unavailable"
    )
    return row


def test_the_outbox_lists_failed_rows_with_their_last_error(admin_client, order):
    failed_sms(order)
    response = admin_client.get(OUTBOX, {"status__exact": "failed"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "GatewayDown: 503 gateway unavailable" in page
    assert order.number in page


def test_retry_now_sends_the_row_again(
    admin_client, order, sms, django_capture_on_commit_callbacks
):
    row = failed_sms(order)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            OUTBOX, {"action": "retry_now", "_selected_action": [row.pk]}, follow=True
        )
    assert response.status_code == 200
    assert [m.level_tag for m in response.context["messages"]] == ["success"]
    row.refresh_from_db()
    assert row.status == "sent"
    assert [m["phone"] for m in sms.sent] == [order.contact_phone]


def test_a_director_may_retry_but_not_edit_rows(make_staff, order, sms):
    row = failed_sms(order)
    client = Client()
    client.force_login(make_staff("director"))
    assert client.get(OUTBOX).status_code == 200
    assert client.post(f"{OUTBOX}{row.pk}/change/", {"status": "sent"}).status_code == 403
    client.post(OUTBOX, {"action": "retry_now", "_selected_action": [row.pk]})
    row.refresh_from_db()
    assert row.status == "pending"  # queued again; the queue sends it after commit


def test_staff_without_admin_rights_do_not_see_the_outbox(make_staff, order):
    client = Client()
    client.force_login(make_staff("dispatcher"))
    assert client.get(OUTBOX).status_code == 403


def test_an_endpoint_is_configured_with_the_events_it_hears(admin_client, regions):
    response = admin_client.post(
        "/admin/notifications/webhookendpoint/add/",
        {
            "name": "华东服务群",
            "kind": "dingtalk",
            "url": "https://oapi.dingtalk.com/robot/send?access_token=t",
            "secret": "SECabc",
            "event_types": ["escalation.manager", "escalation.director"],
            "region": regions["east"].pk,
            "language": "zh-hans",
            "active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()
    endpoint = WebhookEndpoint.objects.get(name="华东服务群")
    assert endpoint.event_types == ["escalation.manager", "escalation.director"]
    assert endpoint.region == regions["east"]


def test_an_unknown_event_type_is_refused_by_the_form(admin_client):
    response = admin_client.post(
        "/admin/notifications/webhookendpoint/add/",
        {
            "name": "x",
            "kind": "webhook",
            "url": "https://erp.example.com/hook",
            "event_types": ["order.exploded"],
            "language": "zh-hans",
        },
    )
    assert response.status_code == 200
    assert "event_types" in response.context["adminform"].form.errors
    assert not WebhookEndpoint.objects.exists()


def test_a_new_endpoint_gets_a_random_secret():
    first = WebhookEndpoint(name="a", url="https://a.example.com")
    second = WebhookEndpoint(name="b", url="https://b.example.com")
    assert len(first.secret) >= 40
    assert first.secret != second.secret
