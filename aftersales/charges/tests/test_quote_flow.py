"""FEE-2 with SO-3: a chargeable quote makes the order wait (quote_approval); approval —
who, when, how — resumes it; a decline leaves it waiting; re-issuing supersedes."""

from __future__ import annotations

import pytest

from aftersales.charges.models import Quote
from aftersales.charges.tests.conftest import charge_state
from aftersales.service_orders.models import ServiceOrderEvent
from aftersales.service_orders.services import (
    service_order_record_exclusion,
    service_order_transition,
)

EN = {"Accept-Language": "en"}
CHARGEABLE = {"labour": {"fault_level": 2}, "travel": {"distance_km": "5"}}  # 180.00
FREE = {"labour": {"fault_level": 1}}


def _quote(api, order, body=CHARGEABLE):
    response = api.post(f"/service-orders/{order.pk}/quote", body, headers=EN)
    assert response.status_code == 201, response.content
    return response.json()


def _approve(api, order, **body):
    return api.post(f"/service-orders/{order.pk}/quote/approve", body, headers=EN)


def _decline(api, order, **body):
    return api.post(f"/service-orders/{order.pk}/quote/decline", body, headers=EN)


def _timeline(order):
    """The order's events without the SLA clock's own (pauses while awaiting approval)."""
    return list(
        ServiceOrderEvent.objects.filter(order=order)
        .exclude(kind="sla")
        .order_by("at", "id")
        .values_list("action", "to_status", "actor_id")
    )


def test_in_progress_order_waits_for_approval_then_resumes(
    api_as, engineer, agent, order_in, price_list
):
    order = order_in("in_progress", warranty="expired")
    quote = _quote(api_as(engineer), order)
    assert quote["charge_total"] == "180.00"
    order.refresh_from_db()
    assert (order.status, order.waiting_reason) == ("waiting", "quote_approval")
    assert _timeline(order)[-2:] == [
        ("quote_issued", "in_progress", engineer.pk),
        ("wait", "waiting", engineer.pk),
    ]

    response = _approve(api_as(agent), order, channel="phone", note="客户王先生电话确认")
    assert response.status_code == 200, response.content
    approved = response.json()
    assert (approved["status"], approved["decided_by"], approved["decision_channel"]) == (
        "approved",
        agent.pk,
        "phone",
    )
    assert approved["decided_at"] is not None
    assert approved["decision_note"] == "客户王先生电话确认"
    order.refresh_from_db()
    assert (order.status, order.waiting_reason) == ("in_progress", "")
    assert _timeline(order)[-2:] == [
        ("quote_approved", "waiting", agent.pk),
        ("resume", "in_progress", agent.pk),
    ]
    issued = ServiceOrderEvent.objects.filter(order=order, action="quote_issued").get()
    assert issued.note == f"Quote {order.number}-Q1 issued: 180.00 yuan to pay."
    event = ServiceOrderEvent.objects.filter(order=order, action="quote_approved").get()
    assert event.extra["channel"] == "phone"
    assert event.extra["charge_total"] == "180.00"
    assert event.note.splitlines() == [
        f"Quote {order.number}-Q1 approved (by phone, recorded by an agent).",
        "客户王先生电话确认",
    ]


def test_on_site_order_is_started_then_waits_and_resumes_on_the_engineers_phone(
    api_as, engineer, order_in, price_list
):
    order = order_in("on_site", warranty="expired")
    api = api_as(engineer)
    _quote(api, order)
    order.refresh_from_db()
    assert (order.status, order.waiting_reason) == ("waiting", "quote_approval")
    assert order.started_at is not None
    actions = [a for a, _s, _u in _timeline(order)]
    assert actions[-3:] == ["quote_issued", "start", "wait"]
    assert _approve(api, order, channel="on_site").status_code == 200
    order.refresh_from_db()
    assert order.status == "in_progress"


def test_portal_approval_by_the_customer_resumes_the_order_on_the_issuers_behalf(
    api_as, engineer, customer, customer_user, order_in, price_list
):
    order = order_in("in_progress", warranty="expired")
    _quote(api_as(engineer), order)
    owner = customer_user(customer)
    response = _approve(api_as(owner), order, note="同意维修")
    assert response.status_code == 200, response.content
    quote = response.json()
    assert (quote["decided_by"], quote["decision_channel"]) == (owner.pk, "portal")
    order.refresh_from_db()
    assert order.status == "in_progress"
    resume = ServiceOrderEvent.objects.filter(order=order, action="resume").get()
    assert resume.actor_id == engineer.pk
    assert "approved" in resume.note
    approved = ServiceOrderEvent.objects.filter(order=order, action="quote_approved").get()
    assert approved.actor_id == owner.pk


@pytest.mark.parametrize(
    ("who", "body", "field"),
    [
        ("customer", {"channel": "phone"}, "channel"),
        ("agent", {"channel": "portal"}, "channel"),
        ("agent", {}, "channel"),
        ("agent", {"channel": "fax"}, "channel"),
        ("agent", {"channel": "phone", "note": "x" * 5001}, "note"),
        ("agent", {"channel": "phone", "extra": 1}, "extra"),
    ],
)
def test_bad_approval_is_422_and_changes_nothing(
    api_as, engineer, agent, customer, customer_user, order_in, price_list, who, body, field
):
    order = order_in("in_progress", warranty="expired")
    _quote(api_as(engineer), order)
    before = charge_state(order.pk)
    user = customer_user(customer) if who == "customer" else agent
    response = _approve(api_as(user), order, **body)
    assert response.status_code == 422, response.content
    assert field in response.json()["errors"]
    assert charge_state(order.pk) == before


@pytest.mark.parametrize("who", ["dispatcher", "warehouse", "other_engineer"])
def test_who_may_not_decide_gets_403(
    api_as, make_staff, regions, engineer, other_engineer, order_in, price_list, who
):
    order = order_in("in_progress", warranty="expired")
    _quote(api_as(engineer), order)
    before = charge_state(order.pk)
    user = (
        other_engineer if who == "other_engineer" else make_staff(who, region=regions["shanghai"])
    )
    assert _approve(api_as(user), order, channel="phone").status_code == 403
    assert _decline(api_as(user), order, reason="太贵", channel="phone").status_code == 403
    assert charge_state(order.pk) == before


def test_another_customer_gets_404(
    api_as, engineer, make_customer, customer_user, order_in, price_list
):
    order = order_in("in_progress", warranty="expired")
    _quote(api_as(engineer), order)
    before = charge_state(order.pk)
    stranger = api_as(customer_user(make_customer()))
    assert _approve(stranger, order).status_code == 404
    assert _decline(stranger, order, reason="不要").status_code == 404
    assert charge_state(order.pk) == before


def test_decline_is_recorded_and_leaves_the_order_waiting(
    api_as, engineer, agent, customer, customer_user, order_in, price_list
):
    order = order_in("in_progress", warranty="expired")
    _quote(api_as(engineer), order)
    owner = customer_user(customer)
    assert _decline(api_as(owner), order).status_code == 422  # a reason is required
    response = _decline(api_as(owner), order, reason="维修费太高，不修了")
    assert response.status_code == 200, response.content
    quote = response.json()
    assert (quote["status"], quote["decision_channel"], quote["decision_note"]) == (
        "declined",
        "portal",
        "维修费太高，不修了",
    )
    order.refresh_from_db()
    assert (order.status, order.waiting_reason) == ("waiting", "quote_approval")
    assert _timeline(order)[-1] == ("quote_declined", "waiting", owner.pk)
    # then staff complete it without the repair: resume, complete — nothing to pay
    service_order_transition(actor=agent, order_id=order.pk, action="resume")
    service_order_transition(
        actor=agent,
        order_id=order.pk,
        action="complete",
        payload={"fault_cause": "主板损坏", "actions_taken": "客户拒绝报价，未维修"},
    )
    charges = api_as(owner).get(f"/service-orders/{order.pk}/charges").json()
    assert (charges["source"], charges["charge_total"], charges["final"]) == ("none", "0.00", True)


def test_after_a_decline_the_agent_may_cancel(api_as, engineer, agent, order_in, price_list):
    order = order_in("in_progress", warranty="expired")
    _quote(api_as(engineer), order)
    assert _decline(api_as(agent), order, reason="客户不修", channel="phone").status_code == 200
    response = api_as(agent).post(f"/service-orders/{order.pk}/cancel", {"reason": "客户拒绝报价"})
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "cancelled"


def test_nothing_to_decide_is_409(api_as, engineer, agent, order_in, price_list):
    order = order_in("in_progress", warranty="expired")
    api = api_as(agent)
    assert _approve(api, order, channel="phone").status_code == 409  # no quote yet
    _quote(api_as(engineer), order)
    assert _approve(api, order, channel="phone").status_code == 200
    before = charge_state(order.pk)
    assert _approve(api, order, channel="phone").status_code == 409  # already approved
    assert _decline(api, order, reason="改主意", channel="phone").status_code == 409
    assert charge_state(order.pk) == before


def test_a_free_quote_is_approved_at_once_and_writes_one_event(
    api_as, engineer, order_in, price_list
):
    order = order_in("in_progress")
    before = len(_timeline(order))
    quote = _quote(api_as(engineer), order, FREE)
    assert (quote["status"], quote["decision_channel"], quote["decided_by"]) == (
        "approved",
        "not_required",
        None,
    )
    assert _timeline(order)[before:] == [("quote_issued", "in_progress", engineer.pk)]
    event = ServiceOrderEvent.objects.get(order=order, action="quote_issued")
    assert event.extra["approval_required"] is False


def test_reissuing_supersedes_and_the_new_quote_is_the_one_decided(
    api_as, engineer, agent, order_in, price_list
):
    order = order_in("in_progress", warranty="expired")
    api = api_as(engineer)
    _quote(api, order)
    second = _quote(api, order, {"labour": {"fault_level": 1}})
    assert (second["revision"], second["charge_total"]) == (2, "80.00")
    first = Quote.objects.get(order=order, revision=1)
    assert (first.status, first.superseded_at is not None) == ("superseded", True)
    order.refresh_from_db()
    assert order.status == "waiting"  # still waiting for the (new) approval
    assert api_as(agent).get(f"/service-orders/{order.pk}/quote").json()["revision"] == 2
    event = ServiceOrderEvent.objects.filter(order=order, action="quote_issued").last()
    assert event.extra["superseded_revisions"] == [1]
    assert _approve(api_as(agent), order, channel="phone").json()["revision"] == 2


def test_a_free_requote_of_a_waiting_order_resumes_it(api_as, engineer, order_in, price_list):
    order = order_in("in_progress")
    service_order_record_exclusion(actor=engineer, order_id=order.pk, reason="misuse", note="进水")
    api = api_as(engineer)
    assert _quote(api, order)["charge_total"] == "180.00"
    # the customer is offered a free inspection instead: nothing to pay, approved at
    # once, and the order waiting for the first quote's approval resumes
    quote = _quote(api, order, {"others": [{"description": "检测", "amount": "0.00"}]})
    assert (quote["status"], quote["charge_total"]) == ("approved", "0.00")
    order.refresh_from_db()
    assert order.status == "in_progress"


def test_a_quote_before_the_visit_leaves_the_order_where_it_is(api_as, agent, order_in, price_list):
    order = order_in("assigned", warranty="expired")
    quote = _quote(api_as(agent), order)
    assert quote["status"] == "issued"
    order.refresh_from_db()
    assert order.status == "assigned"


def test_a_draft_is_issued_later_and_a_stale_draft_is_refused(
    api_as, engineer, order_in, price_list
):
    order = order_in("in_progress", warranty="expired")
    api = api_as(engineer)
    assert api.post(f"/service-orders/{order.pk}/quote/issue").status_code == 409  # no draft
    draft = _quote(api, order, {**CHARGEABLE, "issue": False})
    assert draft["status"] == "draft"
    replaced = _quote(api, order, {**FREE, "issue": False})
    assert Quote.objects.get(pk=draft["id"]).status == "superseded"
    order.refresh_from_db()
    assert order.status == "in_progress"
    issued = api.post(f"/service-orders/{order.pk}/quote/issue")
    assert issued.status_code == 200, issued.content
    assert (issued.json()["id"], issued.json()["status"]) == (replaced["id"], "issued")
    order.refresh_from_db()
    assert (order.status, order.waiting_reason) == ("waiting", "quote_approval")

    other = order_in("in_progress")
    _quote(api, other, {**CHARGEABLE, "issue": False})
    service_order_record_exclusion(actor=engineer, order_id=other.pk, reason="misuse", note="进水")
    before = charge_state(other.pk)
    stale = api.post(f"/service-orders/{other.pk}/quote/issue", headers={"Accept-Language": "en"})
    assert stale.status_code == 409
    assert "price it again" in stale.json()["detail"]
    assert charge_state(other.pk) == before
