"""SLA-4: the escalation ladder as a job — each step once, a timeline event and a
notification to the right people; SLA-6 compensations on breaches."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from aftersales.escalations.models import Compensation, CompensationRule, Escalation
from aftersales.escalations.services import escalations_run
from aftersales.notifications.models import Notification
from aftersales.service_orders.models import ServiceOrderEvent
from aftersales.service_orders.services import service_order_transition

pytestmark = pytest.mark.django_db
H = dt.timedelta(hours=1)
M = dt.timedelta(minutes=1)


def steps(order):
    return sorted(
        Escalation.objects.filter(order=order).values_list("target", "level"),
        key=lambda s: (s[0], ["warn", "manager", "director"].index(s[1])),
    )


def told(order, event_type):
    return sorted(
        Notification.objects.filter(order=order, event_type=event_type, channel="sms").values_list(
            "address", flat=True
        )
    )


def test_nothing_happens_before_80_percent(order, people, reported):
    escalations_run(now=reported + 95 * M)  # 79 % of the 2 h respond target
    assert steps(order) == []


def test_at_80_percent_the_assignee_is_warned_or_else_the_dispatchers(order, people, reported):
    run = escalations_run(now=reported + 96 * M)
    assert steps(order) == [("respond", "warn")]
    assert [e.level for e in run.escalations] == ["warn"]
    assert told(order, "escalation.warn") == [people["dispatcher"].phone]  # no assignee yet
    event = ServiceOrderEvent.objects.get(order=order, kind="escalation")
    assert (event.action, event.actor_id) == ("warn", None)
    assert event.extra["target"] == "respond"
    assert event.extra["elapsed_percent"] == 80
    assert Escalation.objects.get(order=order).event == event


def test_a_job_that_runs_twice_escalates_once(order, people, reported):
    escalations_run(now=reported + 100 * M)
    second = escalations_run(now=reported + 101 * M)
    assert second.escalations == []
    assert steps(order) == [("respond", "warn")]
    assert ServiceOrderEvent.objects.filter(order=order, kind="escalation").count() == 1
    assert len(told(order, "escalation.warn")) == 1


def test_a_breach_goes_to_the_nearest_regional_manager(order, people, reported):
    escalations_run(now=reported + 100 * M)
    escalations_run(now=reported + 2 * H + M)
    assert steps(order) == [("respond", "warn"), ("respond", "manager")]
    assert told(order, "escalation.manager") == [people["manager"].phone]  # 华东's manager


def test_breach_plus_the_span_again_goes_to_the_director(order, people, reported):
    escalations_run(now=reported + 2 * H + M)
    escalations_run(now=reported + 4 * H + M)
    assert steps(order) == [("respond", "manager"), ("respond", "director")]
    assert told(order, "escalation.director") == [people["director"].phone]


def test_a_late_job_tells_only_the_highest_step_reached_once(order, people, reported):
    """After a long outage: 80 %, breach and breach twice over all passed at once."""
    escalations_run(now=reported + 5 * H)
    assert steps(order) == [("respond", "director")]
    assert told(order, "escalation.warn") == []
    assert told(order, "escalation.manager") == []
    escalations_run(now=reported + 5 * H + M)
    escalations_run(now=reported + 6 * H)
    assert steps(order) == [("respond", "director")]
    assert len(told(order, "escalation.director")) == 1


def test_the_assigned_engineer_is_warned_about_the_on_site_target(order, people, reported):
    admin, engineer = people["admin"], people["engineer"]
    service_order_transition(actor=admin, order_id=order.pk, action="acknowledge")
    service_order_transition(
        actor=admin, order_id=order.pk, action="assign", payload={"engineer": engineer.pk}
    )
    escalations_run(now=reported + 20 * H)  # 83 % of the 24 h on-site target
    assert steps(order) == [("on_site", "warn")]  # respond was met: nothing for it
    assert told(order, "escalation.warn") == [engineer.phone]


def test_closed_and_cancelled_orders_do_not_escalate(order, people, reported):
    service_order_transition(
        actor=people["admin"], order_id=order.pk, action="cancel", payload={"reason": "重复报修"}
    )
    escalations_run(now=reported + 5 * H)
    assert steps(order) == []


def test_a_breach_earns_the_matching_compensations_once(order, people, reported):
    rule = CompensationRule.objects.create(
        name="响应超时补偿", target="respond", kind="credit", amount=Decimal("50.00")
    )
    CompensationRule.objects.create(name="项目客户", customer_kind="project", kind="coupon")
    CompensationRule.objects.create(name="停用", kind="free_service", active=False)
    escalations_run(now=reported + 100 * M)  # a warning earns nothing
    assert not Compensation.objects.exists()
    escalations_run(now=reported + 2 * H + M)
    escalations_run(now=reported + 4 * H + M)  # the director step: still one compensation
    (compensation,) = Compensation.objects.filter(order=order)
    assert (compensation.rule, compensation.kind, compensation.amount) == (
        rule,
        "credit",
        Decimal("50.00"),
    )
    assert compensation.breach_due_at == order.respond_by
    event = ServiceOrderEvent.objects.get(order=order, kind="escalation", action="compensation")
    assert event.extra["amount"] == "50.00"
