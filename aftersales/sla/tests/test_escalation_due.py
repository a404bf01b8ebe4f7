"""``escalation_due(now=)``: the SLA-4 levels reached by open targets (ntf's job records
each once). warn at 80 % elapsed, manager once breached, director at 200 %."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from aftersales.sla.models import Clock, SlaPolicy
from aftersales.sla.selectors import EscalationDue, escalation_due

H = dt.timedelta(hours=1)
M = dt.timedelta(minutes=1)
US = dt.timedelta(microseconds=1)


def due_for(order, now):
    return [
        (e.target, e.level, e.due_at, e.elapsed_fraction)
        for e in escalation_due(now=now)
        if e.order_id == order.pk
    ]


@pytest.mark.parametrize(
    ("elapsed", "expected"),
    [
        (60 * M, []),
        (96 * M - US, []),
        (96 * M, [("respond", "warn", 0.8)]),
        (120 * M, [("respond", "warn", 1.0)]),
        (120 * M + US, [("respond", "warn"), ("respond", "manager")]),
        (240 * M - US, [("respond", "warn"), ("respond", "manager")]),
        (240 * M, [("respond", "warn", 2.0), ("respond", "manager", 2.0), ("respond", "director")]),
        # on site (24 h) reaches 80 % at 19 h 12 min
        (
            19 * H + 12 * M,
            [("respond", *x) for x in (("warn",), ("manager",), ("director",))]
            + [("on_site", "warn")],
        ),
    ],
    ids=["60", "just-below-80", "80", "due", "just-late", "just-below-2x", "2x", "on-site-80"],
)
def test_levels_reached_by_an_in_warranty_order(order_in, elapsed, expected):
    order = order_in("new")  # in warranty: respond 2 h, on site 24 h, resolve 48 h
    got = due_for(order, order.reported_at + elapsed)
    assert [g[:2] for g in got] == [e[:2] for e in expected]
    for g, e in zip(got, expected, strict=True):
        assert g[2] == getattr(order, f"{g[0]}_by")
        if len(e) == 3:
            assert g[3] == pytest.approx(e[2])


def test_done_targets_and_closed_or_cancelled_orders_are_not_escalated(order_in, act):
    acknowledged = order_in("acknowledged")
    cancelled = order_in("new")
    act(cancelled, "cancel", reason="客户撤单")
    closed = order_in("closed")
    later = timezone.now() + 3 * H
    assert [g[:2] for g in due_for(acknowledged, later)] == []
    assert due_for(cancelled, later) == due_for(closed, later) == []


def test_a_paused_order_is_judged_as_of_the_pause(order_in, act):
    order = order_in("in_progress")
    act(order, "wait", reason="customer")
    order.refresh_from_db()
    assert due_for(order, order.resolve_by + 1000 * H) == []  # clocks stand still
    act(order, "resume")
    order.refresh_from_db()
    assert [g[:2] for g in due_for(order, order.resolve_by + US)] == [
        ("resolve", "warn"),
        ("resolve", "manager"),
    ]


def test_working_clock_targets_are_measured_in_working_time(order_in):
    SlaPolicy.objects.create(
        name="working respond", rank=1, respond_minutes=540, respond_clock=Clock.WORKING
    )
    monday_0900 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    order = order_in("new", reported_at=monday_0900)
    assert order.respond_by == monday_0900 + 9 * H
    # 20 % of 9 working hours left
    [(target, level, due, fraction)] = due_for(order, order.respond_by - 108 * M)
    assert (target, level, due) == ("respond", "warn", order.respond_by)
    assert fraction == pytest.approx(0.8)
    assert due_for(order, order.respond_by - 108 * M - US) == []


def test_long_policies_are_looked_at_early_enough(order_in):
    SlaPolicy.objects.create(name="a month", rank=1, respond_minutes=30 * 24 * 60)
    order = order_in("new")  # warn at day 24 = 6 days before the deadline
    assert [g[:2] for g in due_for(order, order.reported_at + 24 * 24 * H)] == [("respond", "warn")]


def test_result_fields_are_what_the_escalation_job_expects(order_in):
    order = order_in("new")
    [item] = escalation_due(now=order.respond_by)
    assert item == EscalationDue(
        order_id=order.pk,
        target="respond",
        level="warn",
        due_at=order.respond_by,
        elapsed_fraction=1.0,
    )
    assert isinstance(item.elapsed_fraction, float)
    assert escalation_due(now=order.respond_by) == [item]  # reading writes nothing
