"""SLA-2 pauses through the real transitions: waiting for the customer stops the clocks,
leaving ``waiting`` moves the open deadlines by the time paused on each clock."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from aftersales.core.exceptions import InvalidTransition, ValidationFailed
from aftersales.service_orders.models import EventKind, ServiceOrder, ServiceOrderEvent
from aftersales.service_orders.selectors import service_order_sla
from aftersales.sla.clock import shift_for_pause
from aftersales.sla.models import Clock, SlaPause, SlaPolicy

H = dt.timedelta(hours=1)


def sla_events(order):
    return list(
        ServiceOrderEvent.objects.filter(order=order, kind=EventKind.SLA)
        .order_by("id")
        .values_list("action", flat=True)
    )


@pytest.mark.parametrize("reason", ["customer", "quote_approval"])
def test_waiting_for_the_customer_pauses_and_resuming_moves_resolve_by_exactly(
    order_in, act, reason
):
    order = order_in("in_progress")
    due = order.resolve_by
    act(order, "wait", reason=reason)
    order.refresh_from_db()
    pause = SlaPause.objects.get(order=order)
    assert (pause.reason, pause.ended_at) == (reason, None)
    assert order.sla_paused_at == pause.started_at
    assert order.resolve_by == due  # an open pause is applied when it ends

    act(order, "resume")
    order.refresh_from_db()
    pause.refresh_from_db()
    paused = pause.ended_at - pause.started_at
    assert paused > dt.timedelta(0)
    assert order.resolve_by == due + paused  # 7×24: the wall time paused, to the microsecond
    assert (order.sla_paused_at, order.sla_paused) == (None, paused)
    assert sla_events(order) == ["paused", "resumed"]
    resume = ServiceOrderEvent.objects.get(order=order, kind=EventKind.SLA, action="resumed")
    assert resume.extra["moved"] == {"resolve": [due.isoformat(), order.resolve_by.isoformat()]}
    assert resume.extra["paused_seconds"] == paused.total_seconds()


def test_waiting_for_parts_does_not_pause(order_in, act):
    order = order_in("in_progress")
    due = order.resolve_by
    act(order, "wait", reason="parts")
    act(order, "resume")
    order.refresh_from_db()
    assert order.resolve_by == due
    assert not SlaPause.objects.filter(order=order).exists()
    assert sla_events(order) == []


def test_pauses_add_up_and_done_targets_never_move(order_in, act):
    order = order_in("in_progress")
    fixed = (order.respond_by, order.on_site_by)
    due = order.resolve_by
    for _ in range(3):
        act(order, "wait", reason="customer")
        act(order, "resume")
    order.refresh_from_db()
    pauses = list(SlaPause.objects.filter(order=order))
    total = sum((p.ended_at - p.started_at for p in pauses), dt.timedelta(0))
    assert len(pauses) == 3
    assert order.resolve_by == due + total
    assert order.sla_paused == total
    assert (order.respond_by, order.on_site_by) == fixed


def test_cancelling_while_paused_ends_the_pause(order_in, act):
    order = order_in("in_progress")
    due = order.resolve_by
    act(order, "wait", reason="customer")
    act(order, "cancel", reason="客户放弃维修")
    order.refresh_from_db()
    pause = SlaPause.objects.get(order=order)
    assert pause.ended_at == order.cancelled_at
    assert order.resolve_by == due + (pause.ended_at - pause.started_at)
    assert order.sla_paused_at is None
    assert sla_events(order) == ["paused", "resumed"]


def test_a_working_clock_target_moves_by_the_working_time_paused(order_in, act):
    SlaPolicy.objects.create(
        name="working resolve",
        rank=1,
        respond_minutes=120,
        on_site_minutes=1440,
        resolve_minutes=3 * 540,
        resolve_clock=Clock.WORKING,
    )
    order = order_in("in_progress")
    assert order.sla_terms["resolve"] == {"minutes": 1620, "clock": "working"}
    due = order.resolve_by
    act(order, "wait", reason="customer")
    act(order, "resume")
    order.refresh_from_db()
    pause = SlaPause.objects.get(order=order)
    # whatever the hour the test runs at: nights and weekends pause nothing
    assert order.resolve_by == shift_for_pause("working", due, pause.started_at, pause.ended_at)


def test_a_policy_edited_after_intake_changes_neither_deadlines_nor_clocks(order_in, act):
    order = order_in("in_progress")
    terms = dict(order.sla_terms)
    SlaPolicy.objects.filter(name="In warranty").update(
        resolve_minutes=10, resolve_clock=Clock.WORKING
    )
    act(order, "wait", reason="customer")
    act(order, "resume")
    order.refresh_from_db()
    assert order.sla_terms == terms  # 7×24, 48 h: the resume shifted on the kept clock
    pause = SlaPause.objects.get(order=order)
    assert order.resolve_by == order.reported_at + 48 * H + (pause.ended_at - pause.started_at)


def test_states_stand_still_while_paused(order_in, act):
    order = order_in("in_progress", hours_ago=30)  # resolve 48 h: 62.5 % elapsed
    act(order, "wait", reason="customer")
    order = ServiceOrder.objects.get(pk=order.pk)
    later = timezone.now() + 100 * H  # far past the deadline
    sla = service_order_sla(order=order, now=later)
    assert sla.resolve.state == "pending"
    assert sla.respond.state == "breached"  # acknowledged 30 h after the report
    assert sla.paused_since == order.sla_paused_at
    assert sla.paused == later - order.sla_paused_at
    # the same order not paused would be breached by then
    order.sla_paused_at = None
    assert service_order_sla(order=order, now=later).resolve.state == "breached"


def test_a_refused_wait_opens_no_pause(order_in, act):
    order = order_in("in_progress")
    with pytest.raises(ValidationFailed):
        act(order, "wait", reason="coffee")
    new = order_in("acknowledged")
    with pytest.raises(InvalidTransition):
        act(new, "wait", reason="customer")
    assert not SlaPause.objects.exists()
    assert ServiceOrder.objects.filter(sla_paused_at__isnull=False).count() == 0
    assert not ServiceOrderEvent.objects.filter(kind=EventKind.SLA).exists()


def test_one_open_pause_per_order_is_enforced_by_the_database(order_in, act):
    from django.db import IntegrityError, transaction

    order = order_in("in_progress")
    act(order, "wait", reason="customer")
    with pytest.raises(IntegrityError), transaction.atomic():
        SlaPause.objects.create(order=order, started_at=timezone.now(), reason="customer")
