"""SLA-3 stored breaches: written once per order and target, by the late transition or
the periodic sweep, never recomputed away; the ``sla_breached`` list filter."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from aftersales.service_orders.models import EventKind, ServiceOrder, ServiceOrderEvent
from aftersales.sla.models import SlaBreach
from aftersales.sla.services import sla_record_overdue_breaches
from aftersales.sla.tasks import record_overdue_breaches

H = dt.timedelta(hours=1)
S = dt.timedelta(seconds=1)


def breaches(order):
    return list(
        SlaBreach.objects.filter(order=order)
        .order_by("target")
        .values_list("target", "due_at", "breached_at", "done_at", "cause_code")
    )


def breach_events(order):
    return ServiceOrderEvent.objects.filter(order=order, kind=EventKind.SLA, action="breached")


@pytest.fixture(autouse=True)
def _english():
    """These tests read English; the stored detail is in the site's language whatever
    the reader's (test_the_stored_detail_is_in_the_sites_language)."""
    with translation.override("en"):
        yield


def test_a_report_taken_long_ago_is_breached_at_intake(api_as, admin, customer, make_unit):
    unit = make_unit(customer)
    reported = (timezone.now() - 3 * H).isoformat()
    body = {"kind": "repair", "channel": "phone", "customer": customer.pk, "unit": unit.pk}
    data = (
        api_as(admin)
        .post(
            "/service-orders",
            {**body, "fault_description": "不开机", "reported_at": reported},
            headers={"Accept-Language": "en"},
        )
        .json()
    )
    order = ServiceOrder.objects.get(pk=data["id"])
    assert breaches(order) == [
        ("respond", order.respond_by, order.respond_by, None, "not_acknowledged")
    ]
    assert [e["action"] for e in data["timeline"]] == ["", "breached"]
    assert data["sla"]["breached"] is True
    assert data["sla"]["breaches"][0]["target"] == "respond"
    assert data["sla"]["breaches"][0]["cause"] == "not acknowledged in time"


def test_the_transition_that_completes_a_target_late_records_it(order_in, act):
    order = order_in("new", hours_ago=2 - 2.5 / 3600)  # respond due in 2.5 s
    assert not SlaBreach.objects.filter(order=order).exists()
    time.sleep(max(0.0, (order.respond_by - timezone.now()).total_seconds()) + 0.05)
    act(order, "acknowledge")
    order.refresh_from_db()
    assert breaches(order) == [
        ("respond", order.respond_by, order.respond_by, order.acknowledged_at, "not_acknowledged")
    ]
    breach = SlaBreach.objects.get(order=order)
    assert breach.cause.startswith("未按时响应：超过截止时间 0:00:")
    event = breach_events(order).get()
    assert event.actor is None
    assert event.extra["target"] == "respond"
    assert event.extra["done_at"] == order.acknowledged_at.isoformat()


def test_sweep_records_open_targets_past_due_once_however_often_or_late_it_runs(order_in):
    order = order_in("acknowledged")  # respond met; on site due in 24 h
    assert sla_record_overdue_breaches(now=order.on_site_by) == 0  # due, not past due
    late = order.on_site_by + 3 * H  # the sweep was down for three hours
    assert sla_record_overdue_breaches(now=late) == 1
    assert sla_record_overdue_breaches(now=late) == 0
    assert sla_record_overdue_breaches(now=late + 1 * H) == 0
    assert breaches(order) == [("on_site", order.on_site_by, order.on_site_by, None, "not_on_site")]
    assert SlaBreach.objects.get(order=order).recorded_at == late
    assert breach_events(order).count() == 1
    # the resolve deadline passing later adds its own row, once
    assert sla_record_overdue_breaches(now=order.resolve_by + S) == 1
    assert sla_record_overdue_breaches(now=order.resolve_by + S) == 0
    assert [b[0] for b in breaches(order)] == ["on_site", "resolve"]


def test_a_breach_is_never_recomputed_away(order_in, act):
    order = order_in("new")
    sla_record_overdue_breaches(now=order.respond_by + S)
    act(order, "acknowledge")  # the target is done now, but it was broken
    order.refresh_from_db()
    assert breaches(order) == [
        ("respond", order.respond_by, order.respond_by, None, "not_acknowledged")
    ]
    assert breach_events(order).count() == 1  # the acknowledge did not add another


def test_sweep_leaves_met_paused_cancelled_and_closed_targets_alone(order_in, act):
    paused = order_in("in_progress")
    act(paused, "wait", reason="customer")
    cancelled = order_in("new")
    act(cancelled, "cancel", reason="重复报修")
    order_in("closed")
    far = timezone.now() + 1000 * H
    assert sla_record_overdue_breaches(now=far) == 0
    assert not SlaBreach.objects.exists()


def test_sweep_records_a_deadline_that_passed_before_the_pause(order_in, act):
    order = order_in("in_progress")
    act(order, "wait", reason="customer")
    order.refresh_from_db()
    # as if the resolve deadline had passed before the order was paused
    ServiceOrder.objects.filter(pk=order.pk).update(resolve_by=order.sla_paused_at - S)
    order.refresh_from_db()
    assert sla_record_overdue_breaches(now=timezone.now() + 1000 * H) == 1
    assert breaches(order)[0][:2] == ("resolve", order.resolve_by)


def test_one_breach_per_order_and_target_is_enforced_by_the_database(order_in):
    order = order_in("new")
    sla_record_overdue_breaches(now=order.respond_by + S)
    with pytest.raises(IntegrityError), transaction.atomic():
        SlaBreach.objects.create(
            order=order,
            target="respond",
            due_at=order.respond_by,
            breached_at=order.respond_by,
            cause_code="not_acknowledged",
            cause="again",
            recorded_at=timezone.now(),
        )


def test_the_periodic_task_runs_the_sweep(order_in):
    order_in("new", hours_ago=2.5)  # breached at intake already
    order = order_in("new", hours_ago=1)
    assert record_overdue_breaches.call_local() == 0
    ServiceOrder.objects.filter(pk=order.pk).update(respond_by=timezone.now() - S)
    assert record_overdue_breaches.call_local() == 1
    assert SlaBreach.objects.count() == 2


# --- the list filter ----------------------------------------------------------------------


def ids(api, **params):
    return sorted(o["id"] for o in api.get("/service-orders", params).json()["results"])


def test_filter_reads_stored_breaches_and_overdue_open_targets(api_as, admin, order_in, act):
    stored = order_in("acknowledged")
    ServiceOrder.objects.filter(pk=stored.pk).update(on_site_by=timezone.now() - S)
    assert sla_record_overdue_breaches() == 1
    # the columns would say "fine" now (e.g. a deadline moved by a later re-target);
    # the stored breach still counts
    ServiceOrder.objects.filter(pk=stored.pk).update(on_site_by=timezone.now() + 1000 * H)
    ok = order_in("acknowledged")
    overdue = order_in("acknowledged")  # past due, the sweep has not run yet
    ServiceOrder.objects.filter(pk=overdue.pk).update(on_site_by=timezone.now() - S)
    paused = order_in("in_progress")
    act(paused, "wait", reason="customer")
    # the deadline passed while the clocks stood still
    now = timezone.now()
    ServiceOrder.objects.filter(pk=paused.pk).update(sla_paused_at=now - 2 * H, resolve_by=now - H)
    api = api_as(admin)
    assert ids(api, sla_breached="true") == sorted([overdue.pk, stored.pk])
    assert ids(api, sla_breached="false") == sorted([ok.pk, paused.pk])
    detail = api.get(f"/service-orders/{stored.pk}").json()["sla"]
    assert (detail["on_site_state"], detail["breached"]) == ("breached", True)
    assert [b["target"] for b in detail["breaches"]] == ["on_site"]
    assert api.get(f"/service-orders/{paused.pk}").json()["sla"]["breached"] is False


def test_filter_agrees_with_each_row_s_breached_flag(api_as, admin, order_in, act):
    order_in("new")
    order_in("new", hours_ago=3)
    order_in("acknowledged", hours_ago=1.5)
    waiting = order_in("in_progress", hours_ago=47.9)
    act(waiting, "wait", reason="customer")
    order_in("cancelled", hours_ago=3)
    rows = api_as(admin).get("/service-orders").json()["results"]
    flagged = sorted(r["id"] for r in rows if r["sla"]["breached"])
    assert ids(api_as(admin), sla_breached="true") == flagged


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_stored_detail_is_in_the_sites_language(order_in, language, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    order = order_in("acknowledged")
    with translation.override(language):
        sla_record_overdue_breaches(now=order.on_site_by + H)
    breach = SlaBreach.objects.get(order=order)
    assert breach.cause == "工程师未按时上门：截止时间已过仍未完成（当时状态：已受理）。"
    assert breach_events(order).get().note == breach.cause
