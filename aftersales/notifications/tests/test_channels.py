"""NTF-2 channels: e-mail through Django's mail backend, signed webhooks, and the WeCom
and DingTalk group robots in their own message formats. The far ends are
``httpx.MockTransport`` receivers that check what a real one would."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, unquote_plus, urlsplit

import httpx
import pytest
from django.core import mail
from django.utils import timezone

from aftersales.notifications.models import Notification, WebhookEndpoint
from aftersales.notifications.providers.http import use_transport
from aftersales.notifications.services import notification_deliver
from aftersales.notifications.signing import dingtalk_sign, verify_webhook

pytestmark = pytest.mark.django_db


class Receiver:
    """An HTTP endpoint: answers ``status``/``answer`` and keeps every request."""

    def __init__(self, status=200, answer=None, error=None):
        self.status, self.answer, self.error = status, answer, error
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if self.error is not None:
            raise self.error
        self.requests.append(request)
        return httpx.Response(self.status, json=self.answer if self.answer is not None else {})


def deliver_endpoint_row(order, receiver):
    row = Notification.objects.get(order=order, endpoint__isnull=False)
    with use_transport(httpx.MockTransport(receiver)):
        outcome = notification_deliver(notification_id=row.pk)
    row.refresh_from_db()
    return outcome, row


def test_email_goes_through_the_mail_backend_with_the_delivery_id(order):
    row = Notification.objects.get(order=order, channel="email")
    assert notification_deliver(notification_id=row.pk) == "sent"
    (message,) = mail.outbox
    assert message.to == ["li.lei@example.com"]
    assert message.subject == f"您的报修已受理：工单 {order.number}"
    assert order.number in message.body
    assert message.extra_headers["X-Aftersales-Delivery"] == str(row.delivery_id)
    row.refresh_from_db()
    assert row.provider_ref == f"<{row.delivery_id}@localhost>"


def test_a_signed_webhook_verifies_at_the_receiver(customer, make_order):
    endpoint = WebhookEndpoint.objects.create(name="ERP", url="https://erp.example.com/hook")
    order = make_order(customer)
    receiver = Receiver(status=204)
    outcome, row = deliver_endpoint_row(order, receiver)
    assert outcome == "sent"
    assert row.status == "sent"
    (request,) = receiver.requests
    assert str(request.url) == "https://erp.example.com/hook"
    assert verify_webhook(
        secret=endpoint.secret,
        timestamp=request.headers["X-Aftersales-Timestamp"],
        body=request.content,
        signature=request.headers["X-Aftersales-Signature"],
        now=timezone.now().timestamp(),
    )
    assert request.headers["X-Aftersales-Event"] == "order.received"
    assert request.headers["X-Aftersales-Delivery"] == str(row.delivery_id)
    payload = json.loads(request.content)
    assert payload["id"] == str(row.delivery_id)
    assert payload["event"] == "order.received"
    assert payload["order"] == {"id": order.pk, "number": order.number}
    assert payload["data"]["customer_name"] == customer.name
    assert order.number in payload["text"]


@pytest.mark.parametrize(
    ("receiver", "error"),
    [
        (Receiver(status=500, answer={"error": "down"}), "HTTP 500"),
        (Receiver(status=410), "HTTP 410"),
        (Receiver(error=httpx.ConnectError("connection refused")), "ConnectError"),
        (Receiver(error=httpx.ReadTimeout("timed out")), "ReadTimeout"),
    ],
)
def test_a_webhook_that_fails_is_retried_with_its_error(customer, make_order, receiver, error):
    WebhookEndpoint.objects.create(name="ERP", url="https://erp.example.com/hook")
    order = make_order(customer)
    outcome, row = deliver_endpoint_row(order, receiver)
    assert outcome == "retry"
    assert row.status == "pending"
    assert row.attempts == 1
    assert error in row.last_error


def test_a_webhook_to_an_endpoint_switched_off_since_is_cancelled(customer, make_order):
    endpoint = WebhookEndpoint.objects.create(name="ERP", url="https://erp.example.com/hook")
    order = make_order(customer)
    endpoint.active = False
    endpoint.save()
    receiver = Receiver()
    outcome, row = deliver_endpoint_row(order, receiver)
    assert outcome == "cancelled"
    assert row.status == "cancelled"
    assert receiver.requests == []


def test_a_corrected_url_applies_to_the_retry(customer, make_order):
    endpoint = WebhookEndpoint.objects.create(name="ERP", url="https://old.example.com/hook")
    order = make_order(customer)
    deliver_endpoint_row(order, Receiver(status=404))
    endpoint.url = "https://new.example.com/hook"
    endpoint.save()
    receiver = Receiver()
    row = Notification.objects.get(order=order, endpoint=endpoint)
    with use_transport(httpx.MockTransport(receiver)):
        assert notification_deliver(notification_id=row.pk, now=row.next_attempt_at) == "sent"
    assert [r.url.host for r in receiver.requests] == ["new.example.com"]


def test_wecom_robot_gets_its_markdown_message(customer, make_order):
    WebhookEndpoint.objects.create(
        name="华东群", kind="wecom", secret="",
        url="https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=KEY",
    )  # fmt: skip
    order = make_order(customer)
    receiver = Receiver(answer={"errcode": 0, "errmsg": "ok"})
    outcome, _row = deliver_endpoint_row(order, receiver)
    assert outcome == "sent"
    (request,) = receiver.requests
    assert request.url.params["key"] == "KEY"
    body = json.loads(request.content)
    assert body["msgtype"] == "markdown"
    assert body["markdown"]["content"].startswith(f"### 新工单 {order.number}")
    assert customer.name in body["markdown"]["content"]


def test_a_robot_refusal_in_the_answer_is_a_failed_try(customer, make_order):
    WebhookEndpoint.objects.create(
        name="华东群", kind="wecom", url="https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=K"
    )
    order = make_order(customer)
    receiver = Receiver(answer={"errcode": 45009, "errmsg": "api freq out of limit"})
    outcome, row = deliver_endpoint_row(order, receiver)
    assert outcome == "retry"
    assert row.last_error == "DeliveryError: errcode 45009: api freq out of limit"


def test_dingtalk_robot_gets_a_signed_url_and_markdown(customer, make_order):
    WebhookEndpoint.objects.create(
        name="北京群", kind="dingtalk", secret="SECabc", language="en",
        url="https://oapi.dingtalk.com/robot/send?access_token=TOKEN",
    )  # fmt: skip
    order = make_order(customer)
    receiver = Receiver(answer={"errcode": 0, "errmsg": "ok"})
    outcome, row = deliver_endpoint_row(order, receiver)
    assert outcome == "sent"
    (request,) = receiver.requests
    query = parse_qs(urlsplit(str(request.url)).query)
    assert query["access_token"] == ["TOKEN"]
    timestamp = int(query["timestamp"][0])
    assert abs(timestamp / 1000 - timezone.now().timestamp()) < 60
    assert query["sign"] == [unquote_plus(dingtalk_sign(secret="SECabc", timestamp_ms=timestamp))]
    body = json.loads(request.content)
    assert body["msgtype"] == "markdown"
    assert body["markdown"]["title"] == f"We have received your service request {order.number}"
    assert body["markdown"]["text"].startswith(f"### New order {order.number}")
    assert row.language == "en"


def test_dingtalk_without_a_secret_posts_to_the_plain_url(customer, make_order):
    WebhookEndpoint.objects.create(
        name="群", kind="dingtalk", secret="",
        url="https://oapi.dingtalk.com/robot/send?access_token=TOKEN",
    )  # fmt: skip
    order = make_order(customer)
    receiver = Receiver(answer={"errcode": 0})
    deliver_endpoint_row(order, receiver)
    assert str(receiver.requests[0].url) == (
        "https://oapi.dingtalk.com/robot/send?access_token=TOKEN"
    )


def test_an_unreadable_robot_answer_is_a_failed_try(customer, make_order):
    WebhookEndpoint.objects.create(
        name="群", kind="dingtalk", url="https://oapi.dingtalk.com/robot/send?access_token=T"
    )

    def html(request):
        return httpx.Response(200, text="<html>gateway</html>")

    order = make_order(customer)
    outcome, row = deliver_endpoint_row(order, html)
    assert outcome == "retry"
    assert "not JSON" in row.last_error
