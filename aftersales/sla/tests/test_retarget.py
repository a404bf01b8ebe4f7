"""Re-targeting on a priority change keeps the paused time exactly (SLA-2): deadlines are
recomputed from ``reported_at`` on the new policy plus every pause, on each new clock."""

from __future__ import annotations

import datetime as dt

import pytest

from aftersales.core.exceptions import (
    InvalidTransition,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from aftersales.service_orders.models import EventKind, ServiceOrderEvent
from aftersales.service_orders.tests.helpers import order_state
from aftersales.sla.clock import Pause, Term, paused_deadline
from aftersales.sla.models import Clock, SlaBreach, SlaPause, SlaPolicy
from aftersales.sla.services import service_order_change_priority

H = dt.timedelta(hours=1)


@pytest.fixture
def high_policy(db):
    return SlaPolicy.objects.create(
        name="High priority",
        rank=5,
        match_priority="high",
        respond_minutes=30,
        on_site_minutes=120,
        resolve_minutes=24 * 60,
    )


def pauses_of(order):
    return [Pause(p.started_at, p.ended_at) for p in SlaPause.objects.filter(order=order)]


def change(admin, order, priority="high", reason="客户生产线停线"):
    service_order_change_priority(actor=admin, order_id=order.pk, priority=priority, reason=reason)
    order.refresh_from_db()
    return order


def test_a_priority_change_keeps_the_paused_time_exactly(admin, order_in, act, high_policy):
    order = order_in("in_progress")
    kept = (order.respond_by, order.on_site_by, dict(order.sla_terms))
    for _ in range(2):
        act(order, "wait", reason="customer")
        act(order, "resume")
    order = change(admin, order)
    paused = sum((p.end - p.start for p in pauses_of(order)), dt.timedelta(0))
    assert order.resolve_by == order.reported_at + 24 * H + paused  # to the microsecond
    assert order.sla_paused == paused
    assert (order.priority, order.sla_policy) == ("high", high_policy)
    # respond and on site were met: their deadlines and terms stay
    assert (order.respond_by, order.on_site_by) == kept[:2]
    assert order.sla_terms == {**kept[2], "resolve": {"minutes": 1440, "clock": "24x7"}}
    event = ServiceOrderEvent.objects.get(order=order, kind=EventKind.SLA, action="retargeted")
    assert event.extra["from_priority"] == "normal"
    assert event.extra["priority"] == "high"
    assert event.extra["moved"]["resolve"][1] == order.resolve_by.isoformat()
    assert event.note == "客户生产线停线"


def test_the_paused_time_is_measured_on_the_new_target_s_clock(admin, order_in, act):
    SlaPolicy.objects.create(
        name="High, working days",
        rank=5,
        match_priority="high",
        resolve_minutes=3 * 540,
        resolve_clock=Clock.WORKING,
    )
    order = order_in("in_progress")
    act(order, "wait", reason="quote_approval")
    act(order, "resume")
    order = change(admin, order)
    term = Term(1620, "working")
    assert order.resolve_by == paused_deadline(order.reported_at, term, pauses_of(order))
    assert order.sla_terms["resolve"] == {"minutes": 1620, "clock": "working"}


def test_a_change_while_paused_then_the_resume_agree_with_recomputing(
    admin, order_in, act, high_policy
):
    order = order_in("in_progress")
    act(order, "wait", reason="customer")
    act(order, "resume")
    act(order, "wait", reason="customer")
    order = change(admin, order)  # the open pause is not in the deadline yet
    assert order.resolve_by == paused_deadline(
        order.reported_at, Term(1440, "24x7"), pauses_of(order)
    )
    act(order, "resume")
    order.refresh_from_db()
    assert len(pauses_of(order)) == 2
    assert order.resolve_by == paused_deadline(
        order.reported_at, Term(1440, "24x7"), pauses_of(order)
    )


def test_a_broken_target_keeps_the_deadline_it_broke(admin, order_in):
    order = order_in("new", hours_ago=3)  # respond (2 h) broken at intake
    broken = order.respond_by
    order = change(admin, order, priority="urgent")
    assert order.respond_by == broken
    assert order.on_site_by == order.reported_at + 4 * H  # urgent: 4 h on site
    assert SlaBreach.objects.filter(order=order).count() == 1


def test_raising_the_priority_past_the_new_deadline_is_a_breach_at_once(admin, order_in):
    order = order_in("new", hours_ago=1.5)  # in warranty: respond 2 h, not broken
    assert not SlaBreach.objects.filter(order=order).exists()
    order = change(admin, order, priority="urgent")  # respond 1 h: already past
    assert order.respond_by == order.reported_at + H
    breach = SlaBreach.objects.get(order=order)
    assert (breach.target, breach.due_at) == ("respond", order.respond_by)
    assert [
        e.action for e in ServiceOrderEvent.objects.filter(order=order, kind=EventKind.SLA)
    ] == ["retargeted", "breached"]


@pytest.mark.parametrize(
    ("priority", "reason", "fields"),
    [
        ("critical", "因为", {"priority"}),
        ("normal", "因为", {"priority"}),  # it is normal already
        ("high", "  ", {"reason"}),
        ("high", "x" * 5001, {"reason"}),
        (None, "", {"priority", "reason"}),
    ],
)
def test_bad_input_is_refused_naming_fields_and_writes_nothing(
    admin, order_in, priority, reason, fields
):
    order = order_in("acknowledged")
    before = order_state(order.pk)
    with pytest.raises(ValidationFailed) as refused:
        service_order_change_priority(
            actor=admin, order_id=order.pk, priority=priority, reason=reason
        )
    assert set(refused.value.errors) == fields
    assert order_state(order.pk) == before


def test_who_may_not_see_gets_not_found_and_who_may_not_act_is_forbidden(
    make_staff, regions, order_in, engineer
):
    order = order_in("assigned")
    before = order_state(order.pk)
    elsewhere = make_staff("dispatcher", region=regions["beijing"])
    with pytest.raises(NotFound):
        service_order_change_priority(
            actor=elsewhere, order_id=order.pk, priority="high", reason="r"
        )
    with pytest.raises(NotFound):
        service_order_change_priority(actor=elsewhere, order_id=10**9, priority="high", reason="r")
    with pytest.raises(PermissionDenied):  # the assigned engineer sees it, may not change it
        service_order_change_priority(
            actor=engineer, order_id=order.pk, priority="high", reason="r"
        )
    assert order_state(order.pk) == before
    dispatcher = make_staff("dispatcher", region=regions["shanghai"])
    service_order_change_priority(actor=dispatcher, order_id=order.pk, priority="high", reason="r")


@pytest.mark.parametrize("status", ["resolved", "closed", "cancelled"])
def test_settled_orders_are_not_re_targeted(admin, order_in, status):
    order = order_in(status)
    before = order_state(order.pk)
    with pytest.raises(InvalidTransition):
        service_order_change_priority(actor=admin, order_id=order.pk, priority="high", reason="r")
    assert order_state(order.pk) == before
