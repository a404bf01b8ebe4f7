"""The whole SO-3 table: every status × every action, through the real service.

``EXPECTED`` is written out from domain.md SO-3, independently of ``status.TRANSITIONS``.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aftersales.core.exceptions import (
    AlreadyAssigned,
    Conflict,
    InvalidTransition,
    ValidationFailed,
)
from aftersales.service_orders.models import ServiceOrderEvent
from aftersales.service_orders.services import service_order_transition
from aftersales.service_orders.status import Action, Status, allowed_actions, can_transition
from aftersales.service_orders.tests.helpers import (
    ACTIONS,
    STATUSES,
    order_state,
    payload_for,
)

_BEFORE_RESOLVED = ("new", "acknowledged", "assigned", "en_route", "on_site", "in_progress")

# (from status, action) -> status it leads to; every pair not listed is refused.
EXPECTED: dict[tuple[str, str], str] = {
    ("new", "acknowledge"): "acknowledged",
    ("acknowledged", "assign"): "assigned",
    ("assigned", "reassign"): "assigned",
    ("assigned", "depart"): "en_route",
    ("en_route", "arrive"): "on_site",
    ("on_site", "start"): "in_progress",
    ("acknowledged", "start"): "in_progress",  # remote fix (support by phone)
    ("in_progress", "wait"): "waiting",
    ("waiting", "resume"): "in_progress",
    ("in_progress", "complete"): "resolved",
    ("resolved", "confirm"): "accepted",
    ("accepted", "follow_up"): "followed_up",
    ("followed_up", "close"): "closed",
    **{(status, "cancel"): "cancelled" for status in (*_BEFORE_RESOLVED, "waiting")},
}
# Statuses whose path went through ``assign``: the order has an engineer.
HAS_ENGINEER = {s for s in STATUSES if s not in ("new", "acknowledged", "cancelled")}

ALL_PAIRS = [(status, action) for status in STATUSES for action in ACTIONS]


def test_the_literal_lists_cover_every_status_and_action_of_the_code():
    assert set(STATUSES) == set(Status.values)
    assert set(ACTIONS) == set(Action.values)
    assert len(STATUSES) == 12
    assert len(ACTIONS) == 13


@pytest.mark.parametrize(("status", "action"), ALL_PAIRS)
def test_can_transition_agrees_with_so3(status, action):
    assert can_transition(status, action) is ((status, action) in EXPECTED)


@pytest.mark.parametrize("status", STATUSES)
def test_allowed_actions_are_exactly_the_so3_actions_from_a_status(status):
    expected = {action for (source, action) in EXPECTED if source == status}
    assert {a.value for a in allowed_actions(status)} == expected


def test_unknown_action_is_never_allowed():
    assert can_transition("new", "teleport") is False


def test_terminal_statuses_allow_nothing():
    assert allowed_actions("closed") == []
    assert allowed_actions("cancelled") == []


@pytest.mark.parametrize(("status", "action"), ALL_PAIRS)
def test_every_action_from_every_status_as_admin(
    status, action, order_in, admin, engineer, other_engineer
):
    order = order_in(status)
    before = order_state(order.pk)
    reassign_to = other_engineer if order.assigned_engineer_id == engineer.pk else engineer
    payload = payload_for(
        action, engineer_id=reassign_to.pk if action == "reassign" else engineer.pk
    )
    allowed = can_transition(status, action)
    assert allowed is ((status, action) in EXPECTED)

    if allowed:
        result = service_order_transition(
            actor=admin, order_id=order.pk, action=action, payload=payload
        )
        order.refresh_from_db()
        assert result.status == order.status == EXPECTED[(status, action)]
        assert order.events.count() == len(before["events"]) + 1
        if action == "reassign":
            assert order.assigned_engineer_id == reassign_to.pk
            assert before["row"]["assigned_engineer_id"] != reassign_to.pk
        if action == "assign":
            assert order.assigned_engineer_id == engineer.pk
        return

    with pytest.raises(Conflict) as refused:
        service_order_transition(actor=admin, order_id=order.pk, action=action, payload=payload)
    assert refused.value.http_status == 409
    if action == "assign" and status in HAS_ENGINEER:
        assert isinstance(refused.value, AlreadyAssigned)
        assert refused.value.code == "already_assigned"
    else:
        assert isinstance(refused.value, InvalidTransition)
        assert refused.value.code == "invalid_transition"
    assert order_state(order.pk) == before


@pytest.mark.parametrize("status", STATUSES)
def test_confirm_not_accepted_from_every_status(status, order_in, admin):
    order = order_in(status)
    before = order_state(order.pk)
    payload = payload_for("confirm", accepted=False)
    if status == "resolved":
        service_order_transition(actor=admin, order_id=order.pk, action="confirm", payload=payload)
        order.refresh_from_db()
        assert order.status == "in_progress"
        assert order.accepted_at is None
        assert order.events.count() == len(before["events"]) + 1
        return
    with pytest.raises(InvalidTransition):
        service_order_transition(actor=admin, order_id=order.pk, action="confirm", payload=payload)
    assert order_state(order.pk) == before


def test_reassign_to_the_assigned_engineer_is_refused_and_changes_nothing(
    order_in, admin, engineer
):
    order = order_in("assigned")
    before = order_state(order.pk)
    with pytest.raises(ValidationFailed) as refused:
        service_order_transition(
            actor=admin,
            order_id=order.pk,
            action="reassign",
            payload=payload_for("reassign", engineer_id=engineer.pk),
        )
    assert refused.value.http_status == 422
    assert "engineer" in refused.value.errors
    assert order_state(order.pk) == before


# Any action, in any order: the service follows the literal table, never leaves it,
# and the timeline has one row for creation plus one per successful action.
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(st.tuples(st.sampled_from(ACTIONS), st.booleans()), max_size=25))
def test_random_action_sequences_never_leave_the_table(
    steps, customer, make_unit, make_order, admin, engineer, other_engineer
):
    order = make_order(customer, make_unit(customer))
    status = "new"
    successes = 0
    for action, accepted in steps:
        current = order.__class__.objects.get(pk=order.pk)
        target = other_engineer if current.assigned_engineer_id == engineer.pk else engineer
        payload = payload_for(action, engineer_id=target.pk, accepted=accepted)
        if (status, action) in EXPECTED:
            service_order_transition(actor=admin, order_id=order.pk, action=action, payload=payload)
            successes += 1
            status = EXPECTED[(status, action)]
            if action == "confirm" and not accepted:
                status = "in_progress"
        else:
            before = order_state(order.pk)
            with pytest.raises(Conflict):
                service_order_transition(
                    actor=admin, order_id=order.pk, action=action, payload=payload
                )
            assert order_state(order.pk) == before
        current.refresh_from_db()
        assert current.status == status
        assert current.status in STATUSES
    assert ServiceOrderEvent.objects.filter(order=order).count() == 1 + successes
