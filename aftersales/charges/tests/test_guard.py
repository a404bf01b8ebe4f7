"""The FEE-2 lifecycle guard: no work (start, resume, complete) while a chargeable quote
awaits the customer's decision."""

from __future__ import annotations

import pytest

from aftersales.charges.guards import GUARDED_ACTIONS, QuotePending, check_transition
from aftersales.charges.models import Quote
from aftersales.charges.tests.conftest import charge_state
from aftersales.service_orders.tests.helpers import ACTIONS

CHARGEABLE = {"labour": {"fault_level": 2}}
FREE = {"labour": {"fault_level": 1}}


def _quote(api, order, body=CHARGEABLE, **extra):
    response = api.post(f"/service-orders/{order.pk}/quote", {**body, **extra})
    assert response.status_code == 201, response.content
    return response.json()


@pytest.mark.parametrize("action", ACTIONS)
def test_a_pending_chargeable_quote_blocks_exactly_the_work_steps(
    api_as, agent, order_in, price_list, action
):
    order = order_in("assigned", warranty="expired")
    _quote(api_as(agent), order)
    if action in {"start", "resume", "complete"}:
        with pytest.raises(QuotePending) as refused:
            check_transition(order=order, action=action)
        assert refused.value.code == "quote_pending"
        assert refused.value.http_status == 409
        assert refused.value.extra["quote"] == Quote.objects.get(order=order).pk
    else:
        check_transition(order=order, action=action)
    assert frozenset({"start", "resume", "complete"}) == GUARDED_ACTIONS


@pytest.mark.parametrize(
    "state", ["none", "draft", "free", "approved", "declined", "superseded_by_free"]
)
def test_other_quote_states_block_nothing(api_as, agent, order_in, price_list, state):
    order = order_in("assigned", warranty="expired")
    api = api_as(agent)
    if state == "draft":
        _quote(api, order, issue=False)
    elif state == "free":
        _quote(api, order, {"others": [{"description": "检测", "amount": "0.00"}]})
    elif state in ("approved", "declined"):
        _quote(api, order)
        body = {"channel": "phone"} if state == "approved" else {"channel": "phone", "reason": "贵"}
        verb = "approve" if state == "approved" else "decline"
        assert api.post(f"/service-orders/{order.pk}/quote/{verb}", body).status_code == 200
        assert Quote.objects.get(order=order).status == state
    elif state == "superseded_by_free":
        _quote(api, order)
        _quote(api, order, {"others": [{"description": "检测", "amount": "0.00"}]})
    for action in GUARDED_ACTIONS:
        check_transition(order=order, action=action)


# --- as wired into the lifecycle -------------------------------------------------------


@pytest.fixture
def guard_wired():
    """The guard is called by ``service_order_transition`` itself, after the transition
    table accepted the action; these tests go through the real service and API."""


def test_with_the_guard_wired_the_whole_approval_flow_works(
    guard_wired, api_as, engineer, agent, order_in, price_list
):
    order = order_in("on_site", warranty="expired")
    api = api_as(engineer)
    _quote(api, order)  # on_site → start → wait(quote_approval)
    order.refresh_from_db()
    assert (order.status, order.waiting_reason) == ("waiting", "quote_approval")

    before = charge_state(order.pk)
    refused = api.post(f"/service-orders/{order.pk}/resume")
    assert refused.status_code == 409
    assert refused.json()["code"] == "quote_pending"
    assert charge_state(order.pk) == before

    _quote(api, order, {"labour": {"fault_level": 3}})  # re-issue while waiting
    response = api.post(f"/service-orders/{order.pk}/quote/approve", {"channel": "on_site"})
    assert response.status_code == 200, response.content
    order.refresh_from_db()
    assert order.status == "in_progress"


def test_with_the_guard_wired_a_quote_before_the_visit_blocks_the_start(
    guard_wired, api_as, engineer, agent, order_in, price_list
):
    order = order_in("assigned", warranty="expired")
    _quote(api_as(agent), order)
    api = api_as(engineer)
    assert api.post(f"/service-orders/{order.pk}/depart").status_code == 200
    assert api.post(f"/service-orders/{order.pk}/arrive").status_code == 200
    assert api.post(f"/service-orders/{order.pk}/start").status_code == 409
    assert (
        api_as(agent)
        .post(f"/service-orders/{order.pk}/quote/approve", {"channel": "phone"})
        .status_code
        == 200
    )
    assert api.post(f"/service-orders/{order.pk}/start").status_code == 200


def test_with_the_guard_wired_free_requotes_and_declines_unblock(
    guard_wired, api_as, engineer, agent, order_in, price_list
):
    order = order_in("in_progress", warranty="expired")
    api = api_as(engineer)
    _quote(api, order)
    _quote(api, order, {"others": [{"description": "检测", "amount": "0.00"}]})
    order.refresh_from_db()
    assert order.status == "in_progress"  # the free re-quote resumed it

    _quote(api, order)
    assert (
        api_as(agent)
        .post(f"/service-orders/{order.pk}/quote/decline", {"reason": "不修", "channel": "phone"})
        .status_code
        == 200
    )
    assert api.post(f"/service-orders/{order.pk}/resume").status_code == 200


def _allowed(api, order):
    return api.get(f"/service-orders/{order.pk}").json()["allowed_actions"]


def test_held_work_steps_are_not_offered_until_the_customer_decides(
    api_as, engineer, agent, order_in, price_list
):
    order = order_in("in_progress", warranty="expired")
    api = api_as(engineer)
    _quote(api, order)  # → waiting(quote_approval)
    assert "resume" not in _allowed(api, order)
    assert "cancel" in _allowed(api_as(agent), order)  # the way out stays offered
    api_as(agent).post(
        f"/service-orders/{order.pk}/quote/decline", {"reason": "不修", "channel": "phone"}
    )
    assert "resume" in _allowed(api, order)


def test_a_quote_before_the_visit_hides_the_start_until_approved(
    api_as, engineer, agent, order_in, price_list
):
    order = order_in("assigned", warranty="expired")
    _quote(api_as(agent), order)
    api = api_as(engineer)
    api.post(f"/service-orders/{order.pk}/depart")
    api.post(f"/service-orders/{order.pk}/arrive")
    assert "start" not in _allowed(api, order)
    api_as(agent).post(f"/service-orders/{order.pk}/quote/approve", {"channel": "phone"})
    assert "start" in _allowed(api, order)
