"""NTF-1, NTF-2: the outbox rows that order events write, in the same transaction as
the event, and the queue is handed them only when that transaction commits."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone

from aftersales.charges.pricing import LinesIn
from aftersales.charges.services import price_list_create, quote_create
from aftersales.core.exceptions import ValidationFailed
from aftersales.notifications import queue
from aftersales.notifications.models import Notification, WebhookEndpoint
from aftersales.service_orders.models import ServiceOrder
from aftersales.service_orders.services import service_order_create, service_order_transition
from aftersales.service_orders.tests.helpers import PATHS, payload_for

pytestmark = pytest.mark.django_db


def rows(order, event_type=None):
    qs = Notification.objects.filter(order=order)
    if event_type:
        qs = qs.filter(event_type=event_type)
    return sorted((n.channel, n.address or n.endpoint.name) for n in qs)


def drive(order, status, actor, engineer):
    for action in PATHS[status]:
        service_order_transition(
            actor=actor,
            order_id=order.pk,
            action=action,
            payload=payload_for(action, engineer_id=engineer.pk),
        )
    order.refresh_from_db()
    return order


def test_intake_writes_the_customers_order_received_messages(order, customer):
    assert rows(order) == [("email", "li.lei@example.com"), ("sms", customer.phone)]
    sms = Notification.objects.get(order=order, channel="sms")
    assert sms.event_type == "order.received"
    assert sms.status == "pending"
    assert sms.attempts == 0
    assert sms.recipient_customer_id == customer.pk
    assert sms.context["number"] == order.number
    assert sms.source_event.kind == "created"


def test_a_customer_without_email_gets_only_the_sms(make_customer, make_order):
    plain = make_customer()
    order = make_order(plain)
    assert rows(order) == [("sms", plain.phone)]


def test_the_order_contact_phone_is_texted_not_the_file_phone(customer, make_order):
    order = make_order(customer, contact_phone="13711112222")
    assert ("sms", "13711112222") in rows(order)
    assert ("sms", customer.phone) not in rows(order)


def test_rows_are_handed_to_the_queue_only_after_commit(
    customer, make_order, django_capture_on_commit_callbacks, sms
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        order = make_order(customer)
    # one hand-over of the event's rows, after commit (numbering may add its own hook)
    (hand_over,) = [c for c in callbacks if getattr(c, "func", None) is queue.hand_over]
    assert sms.sent == []  # nothing went out inside the transaction
    hand_over()
    assert [m["phone"] for m in sms.sent] == [order.contact_phone]
    assert set(Notification.objects.filter(order=order).values_list("status", flat=True)) == {
        "sent"
    }


def test_a_refused_intake_writes_no_notification(agent, customer):
    before = Notification.objects.count()
    with pytest.raises(ValidationFailed):
        service_order_create(
            actor=agent, customer_id=customer.pk, kind="repair", channel="phone",
            fault_description="",
        )  # fmt: skip
    assert Notification.objects.count() == before


def test_a_rolled_back_transaction_leaves_no_row_and_sends_nothing(
    customer, make_order, django_capture_on_commit_callbacks, sms
):
    def intake_then_fail():
        with transaction.atomic():
            make_order(customer)
            raise RuntimeError("the request failed after the intake")

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
    ):
        intake_then_fail()
    assert callbacks == []
    assert Notification.objects.count() == 0
    assert ServiceOrder.objects.count() == 0
    assert sms.sent == []


def test_assignment_tells_the_customer_who_comes_and_the_engineer_the_job(
    order, customer, engineer, admin
):
    order = drive(order, "assigned", admin, engineer)
    assert rows(order, "order.assigned") == sorted(
        [
            ("email", "eng@example.com"),
            ("email", "li.lei@example.com"),
            ("sms", customer.phone),
            ("sms", engineer.phone),
        ]
    )
    context = Notification.objects.filter(event_type="order.assigned").first().context
    assert context["engineer_name"] == str(engineer)
    assert context["engineer_phone"] == engineer.phone
    expected = timezone.localtime(order.on_site_by).strftime("%Y-%m-%d %H:%M")
    assert context["expected_arrival"] == expected


def test_reassignment_tells_the_customer_about_the_new_engineer(
    order, engineer, admin, make_staff, regions
):
    order = drive(order, "assigned", admin, engineer)
    other = make_staff("engineer", region=regions["shanghai"], phone="13800000009")
    service_order_transition(
        actor=admin, order_id=order.pk, action="reassign",
        payload=payload_for("reassign", engineer_id=other.pk),
    )  # fmt: skip
    latest = Notification.objects.filter(event_type="order.assigned").order_by("-id")
    assert {n.context["engineer_name"] for n in latest[:2]} == {str(other)}
    assert ("sms", "13800000009") in rows(order, "order.assigned")


def test_completion_sends_the_survey_link(order, engineer, admin, settings):
    settings.SITE_URL = "https://fuwu.example.com"
    order = drive(order, "resolved", admin, engineer)
    done = Notification.objects.filter(order=order, event_type="order.completed")
    assert {n.channel for n in done} == {"sms", "email"}
    assert {n.context["survey_url"] for n in done} == {
        f"https://fuwu.example.com/survey/{order.number}"
    }


def test_a_quote_to_approve_asks_the_customer(customer, make_unit, make_order, engineer, admin):
    price_list_create(
        name="标准价目表",
        valid_from=timezone.localdate() - dt.timedelta(days=365),
        hourly_rate=Decimal("120.00"),
        labour_rates=[(1, "简单故障", Decimal("80.00"))],
        travel_bands=[(Decimal("0"), None, Decimal("30.00"))],
    )
    old_unit = make_unit(customer, purchase_date=timezone.localdate() - dt.timedelta(days=900))
    order = drive(make_order(customer, old_unit), "in_progress", admin, engineer)
    quote = quote_create(actor=admin, order_id=order.pk, lines=LinesIn(fault_level=1))
    asked = Notification.objects.filter(order=order, event_type="quote.awaiting_approval")
    assert {(n.channel, n.recipient_customer_id) for n in asked} == {
        ("sms", customer.pk),
        ("email", customer.pk),
    }
    assert {n.context["amount"] for n in asked} == {"80.00"}
    assert {n.context["quote_number"] for n in asked} == {quote.number}


def test_other_transitions_notify_no_person(order, engineer, admin):
    drive(order, "en_route", admin, engineer)
    assert not Notification.objects.filter(order=order, event_type="order.status_changed")
    assert not Notification.objects.exclude(event_type__in=["order.received", "order.assigned"])


def test_endpoints_hear_the_events_they_subscribe_to_in_their_region(
    customer, make_order, make_customer, regions, engineer, admin
):
    erp = WebhookEndpoint.objects.create(name="ERP", url="https://erp.example.com/hook")
    east_team = WebhookEndpoint.objects.create(
        name="华东群", kind="wecom", url="https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k",
        event_types=["order.received", "escalation.manager"], region=regions["east"],
    )  # fmt: skip
    WebhookEndpoint.objects.create(
        name="北京群", kind="dingtalk", url="https://oapi.dingtalk.com/robot/send?access_token=t",
        region=regions["beijing"],
    )  # fmt: skip
    WebhookEndpoint.objects.create(name="off", url="https://off.example.com", active=False)
    order = make_order(customer)  # in 上海, under 华东
    endpoints = Notification.objects.filter(order=order, endpoint__isnull=False)
    assert {(n.endpoint.name, n.channel) for n in endpoints} == {
        ("ERP", "webhook"),
        ("华东群", "wecom"),
    }
    assert all(n.address == "" for n in endpoints)
    drive(order, "acknowledged", admin, engineer)
    status = Notification.objects.filter(order=order, event_type="order.status_changed")
    assert [n.endpoint_id for n in status] == [erp.pk]  # the team group did not subscribe
    beijing_order = make_order(make_customer(region=regions["beijing"]))
    names = set(
        Notification.objects.filter(order=beijing_order, endpoint__isnull=False).values_list(
            "endpoint__name", flat=True
        )
    )
    assert names == {"ERP", "北京群"}
    assert east_team.notifications.count() == 1


def test_a_customer_contact_phone_that_is_the_engineers_gets_one_sms(
    customer, make_order, engineer, admin
):
    order = make_order(customer, contact_phone=engineer.phone)
    order = drive(order, "assigned", admin, engineer)
    assigned = Notification.objects.filter(order=order, event_type="order.assigned", channel="sms")
    assert [(n.address, n.recipient_customer_id) for n in assigned] == [
        (engineer.phone, customer.pk)
    ]
