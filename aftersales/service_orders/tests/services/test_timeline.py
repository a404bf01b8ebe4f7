"""SO-4 and SO-6: every step leaves one append-only timeline row and its step time;
payload rules of the actions that carry one (cancel, wait, follow-up, …)."""

from __future__ import annotations

import itertools

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aftersales.core.exceptions import Conflict, ValidationFailed
from aftersales.service_orders.models import ServiceOrderEvent
from aftersales.service_orders.services import service_order_transition
from aftersales.service_orders.status import can_transition
from aftersales.service_orders.tests.helpers import ACTIONS, PATHS, order_state, payload_for

STEP_FIELDS = {
    "acknowledge": "acknowledged_at",
    "assign": "assigned_at",
    "depart": "departed_at",
    "arrive": "arrived_at",
    "start": "started_at",
    "complete": "resolved_at",
    "confirm": "accepted_at",
    "follow_up": "followed_up_at",
    "close": "closed_at",
    "cancel": "cancelled_at",
}


def _act(actor, order, action, payload=None):
    return service_order_transition(
        actor=actor, order_id=order.pk, action=action, payload=payload or {}
    )


def test_creation_writes_one_created_event(customer, make_unit, make_order, agent):
    before = timezone.now()
    order = make_order(customer, make_unit(customer), actor=agent)
    [event] = ServiceOrderEvent.objects.filter(order=order)
    assert event.kind == "created"
    assert event.actor_id == agent.pk
    assert event.from_status == ""
    assert event.to_status == "new"
    assert before <= event.at <= timezone.now()
    assert event.extra["number"] == order.number


def test_each_transition_writes_exactly_one_event_with_actor_time_and_statuses(
    customer, make_unit, make_order, make_staff, regions, engineer
):
    # The whole lifecycle, each step by a different kind of person allowed to do it.
    dispatcher = make_staff("dispatcher", region=regions["shanghai"])
    agent = make_staff("agent")
    quality = make_staff("quality")
    customer_agent = make_staff("agent")
    by = {
        "acknowledge": agent,
        "assign": dispatcher,
        "depart": engineer,
        "arrive": engineer,
        "start": engineer,
        "complete": engineer,
        "confirm": engineer,
        "follow_up": quality,
        "close": customer_agent,
    }
    order = make_order(customer, make_unit(customer))
    status = "new"
    for action in PATHS["closed"]:
        count = order.events.count()
        started = timezone.now()
        _act(by[action], order, action, payload_for(action, engineer_id=engineer.pk))
        finished = timezone.now()
        order.refresh_from_db()
        assert order.events.count() == count + 1
        event = order.events.order_by("-id").first()
        assert event.kind == "transition"
        assert event.action == action
        assert event.actor_id == by[action].pk
        assert event.from_status == status
        assert event.to_status == order.status
        assert started <= event.at <= finished
        assert getattr(order, STEP_FIELDS[action]) == event.at
        status = order.status
    assert status == "closed"


def test_step_times_follow_the_order_of_the_steps(order_in):
    order = order_in("closed")
    times = [getattr(order, STEP_FIELDS[a]) for a in PATHS["closed"]]
    assert all(t is not None for t in times)
    assert times == sorted(times)
    assert order.cancelled_at is None


def test_step_times_are_unset_until_their_step(order_in):
    order = order_in("en_route")
    for field in ("acknowledged_at", "assigned_at", "departed_at"):
        assert getattr(order, field) is not None
    for field in ("arrived_at", "started_at", "resolved_at", "accepted_at", "closed_at"):
        assert getattr(order, field) is None


def test_earlier_events_are_never_edited(order_in, admin):
    order = order_in("in_progress")
    earlier = list(ServiceOrderEvent.objects.filter(order=order).values().order_by("id"))
    for action in ("wait", "resume", "complete", "confirm", "follow_up", "close"):
        _act(admin, order, action, payload_for(action))
    now = list(ServiceOrderEvent.objects.filter(order=order).values().order_by("id"))
    assert now[: len(earlier)] == earlier
    assert len(now) == len(earlier) + 6


def test_reassign_writes_an_assignment_event_naming_both_engineers(
    order_in, admin, engineer, other_engineer
):
    order = order_in("assigned")
    _act(admin, order, "reassign", {"engineer": other_engineer.pk, "reason": "工程师请假"})
    order.refresh_from_db()
    event = order.events.order_by("-id").first()
    assert order.status == "assigned"
    assert order.assigned_engineer_id == other_engineer.pk
    assert event.kind == "assignment"
    assert event.actor_id == admin.pk
    assert (event.from_status, event.to_status) == ("assigned", "assigned")
    assert event.extra == {"from_engineer": engineer.pk, "to_engineer": other_engineer.pk}
    assert event.note == "工程师请假"


def test_remote_fix_goes_from_acknowledged_straight_to_in_progress(order_in, admin):
    order = order_in("acknowledged")
    _act(admin, order, "start")
    order.refresh_from_db()
    assert order.status == "in_progress"
    assert order.started_at is not None
    assert order.assigned_engineer_id is None
    assert order.departed_at is None
    assert order.arrived_at is None
    event = order.events.order_by("-id").first()
    assert (event.action, event.from_status, event.to_status) == (
        "start",
        "acknowledged",
        "in_progress",
    )


def test_rejected_confirmation_goes_back_to_in_progress_without_accepted_at(order_in, admin):
    order = order_in("resolved")
    _act(admin, order, "confirm", {"accepted": False, "customer_opinion": "仍有异响"})
    order.refresh_from_db()
    assert order.status == "in_progress"
    assert order.accepted_at is None
    assert order.customer_opinion == "仍有异响"
    event = order.events.order_by("-id").first()
    assert (event.action, event.from_status, event.to_status) == (
        "confirm",
        "resolved",
        "in_progress",
    )
    assert event.extra["accepted"] is False
    # Repaired again and accepted this time.
    _act(admin, order, "complete", payload_for("complete"))
    _act(admin, order, "confirm", payload_for("confirm"))
    order.refresh_from_db()
    assert order.status == "accepted"
    assert order.accepted_at is not None


def test_cancel_records_the_reason_and_the_time(order_in, admin):
    order = order_in("on_site")
    _act(admin, order, "cancel", {"reason": "客户已自行解决"})
    order.refresh_from_db()
    assert order.status == "cancelled"
    assert order.cancel_reason == "客户已自行解决"
    assert order.cancelled_at is not None
    assert order.events.order_by("-id").first().note == "客户已自行解决"


@pytest.mark.parametrize("payload", [{}, {"reason": ""}, {"reason": "   "}, {"reason": None}])
def test_cancel_without_a_reason_is_refused_and_changes_nothing(order_in, admin, payload):
    order = order_in("acknowledged")
    before = order_state(order.pk)
    with pytest.raises(ValidationFailed) as refused:
        _act(admin, order, "cancel", payload)
    assert refused.value.http_status == 422
    assert set(refused.value.errors) == {"reason"}
    assert order_state(order.pk) == before


@pytest.mark.parametrize("reason", ["parts", "customer", "quote_approval"])
def test_wait_records_its_reason_and_resume_clears_it(order_in, admin, reason):
    order = order_in("in_progress")
    _act(admin, order, "wait", {"reason": reason})
    order.refresh_from_db()
    assert (order.status, order.waiting_reason) == ("waiting", reason)
    assert order.events.order_by("-id").first().extra["reason"] == reason
    _act(admin, order, "resume")
    order.refresh_from_db()
    assert (order.status, order.waiting_reason) == ("in_progress", "")


@pytest.mark.parametrize(
    "payload", [{}, {"reason": ""}, {"reason": "weather"}, {"reason": None}, {"reason": 1}]
)
def test_wait_without_a_known_reason_is_refused_and_changes_nothing(order_in, admin, payload):
    order = order_in("in_progress")
    before = order_state(order.pk)
    with pytest.raises(ValidationFailed) as refused:
        _act(admin, order, "wait", payload)
    assert set(refused.value.errors) == {"reason"}
    assert order_state(order.pk) == before


@pytest.mark.parametrize("overall", [1, 5])
def test_follow_up_records_the_survey(order_in, admin, overall):
    order = order_in("accepted")
    _act(admin, order, "follow_up", {"overall": overall, "comment": "师傅很专业"})
    order.refresh_from_db()
    assert order.status == "followed_up"
    assert order.survey_overall == overall
    assert order.survey_comment == "师傅很专业"
    assert order.followed_up_at is not None


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({}, "overall"),
        ({"overall": None}, "overall"),
        ({"overall": 0}, "overall"),
        ({"overall": 6}, "overall"),
        ({"overall": "5"}, "overall"),
        ({"overall": True}, "overall"),
        ({"overall": 4.5}, "overall"),
        ({"overall": 5, "speed": 0}, "speed"),
        ({"overall": 5, "quality": 6}, "quality"),
    ],
)
def test_follow_up_needs_scores_from_1_to_5(order_in, admin, payload, field):
    order = order_in("accepted")
    before = order_state(order.pk)
    with pytest.raises(ValidationFailed) as refused:
        _act(admin, order, "follow_up", payload)
    assert set(refused.value.errors) == {field}
    assert order_state(order.pk) == before


@pytest.mark.parametrize(
    ("action", "status", "payload", "fields"),
    [
        ("complete", "in_progress", {}, {"fault_cause", "actions_taken"}),
        ("complete", "in_progress", {"fault_cause": " ", "actions_taken": "换板"}, {"fault_cause"}),
        ("confirm", "resolved", {}, {"accepted"}),
        ("confirm", "resolved", {"accepted": "yes"}, {"accepted"}),
        ("assign", "acknowledged", {}, {"engineer"}),
        ("reassign", "assigned", {"engineer": None, "reason": "x"}, {"engineer"}),
    ],
)
def test_bad_payloads_are_refused_naming_the_field(
    order_in, admin, action, status, payload, fields
):
    order = order_in(status)
    before = order_state(order.pk)
    with pytest.raises(ValidationFailed) as refused:
        _act(admin, order, action, payload)
    assert set(refused.value.errors) == fields
    assert order_state(order.pk) == before


def test_reassign_needs_a_reason(order_in, admin, other_engineer):
    order = order_in("assigned")
    before = order_state(order.pk)
    with pytest.raises(ValidationFailed) as refused:
        _act(admin, order, "reassign", {"engineer": other_engineer.pk, "reason": "  "})
    assert set(refused.value.errors) == {"reason"}
    assert order_state(order.pk) == before


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(actions=st.lists(st.sampled_from(ACTIONS), max_size=20))
def test_timeline_is_one_created_row_plus_one_per_successful_action_and_chains(
    actions, customer, make_unit, make_order, admin, engineer, other_engineer
):
    order = make_order(customer, make_unit(customer))
    successes = 0
    for action in actions:
        current = order.__class__.objects.get(pk=order.pk)
        target = other_engineer if current.assigned_engineer_id == engineer.pk else engineer
        payload = payload_for(action, engineer_id=target.pk)
        if can_transition(current.status, action):
            _act(admin, order, action, payload)
            successes += 1
        else:
            with pytest.raises(Conflict):
                _act(admin, order, action, payload)
    events = list(ServiceOrderEvent.objects.filter(order=order).order_by("at", "id"))
    assert len(events) == 1 + successes
    assert events[0].kind == "created"
    for previous, event in itertools.pairwise(events):
        assert event.from_status == previous.to_status
        assert event.at >= previous.at
    order.refresh_from_db()
    assert events[-1].to_status == order.status
