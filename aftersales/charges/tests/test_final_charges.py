"""FEE-3: the final charge list — the approved quote's lines, or the engineer's
adjustment with a reason (never more than approved) — and ``final_charges``."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from aftersales.charges.models import ChargeAdjustment
from aftersales.charges.selectors import final_charges
from aftersales.charges.services import price_list_create
from aftersales.charges.tests.conftest import charge_state
from aftersales.service_orders.services import service_order_transition

D = Decimal
EN = {"Accept-Language": "en"}
COMPLETE = {"fault_cause": "电源板烧毁", "actions_taken": "更换电源板"}


@pytest.fixture
def approved(api_as, engineer, agent, order_in, price_list, parts):
    """An out-of-warranty order in progress with an approved quote of 180 + 2 × 420."""

    def make(status: str = "in_progress"):
        order = order_in("in_progress", warranty="expired")
        body = {
            "labour": {"fault_level": 2},
            "travel": {"distance_km": "20"},
            "parts": [{"part": parts["main"].pk, "quantity": 2}],
        }
        assert api_as(engineer).post(f"/service-orders/{order.pk}/quote", body).status_code == 201
        response = api_as(agent).post(
            f"/service-orders/{order.pk}/quote/approve", {"channel": "phone"}
        )
        assert response.status_code == 200
        if status == "resolved":
            service_order_transition(
                actor=engineer, order_id=order.pk, action="complete", payload=COMPLETE
            )
        order.refresh_from_db()
        return order

    return make


def _adjust(api, order, body):
    return api.post(f"/service-orders/{order.pk}/charges", body, headers=EN)


def test_on_completion_the_approved_quote_is_the_charge_list(api_as, engineer, agent, approved):
    order = approved("resolved")
    charges = final_charges(order=order)
    assert (charges.source, charges.final, charges.charge_total) == ("quote", True, D("1050.00"))
    assert charges.quote_number == f"{order.number}-Q1"
    assert (charges.approved_by, charges.approval_channel) == (str(agent), "phone")
    assert [(x.kind, x.charge) for x in charges.lines] == [
        ("labour", D("150.00")),
        ("travel", D("60.00")),
        ("part", D("840.00")),
    ]
    assert charges.list_total == sum(x.list_amount for x in charges.lines)
    with translation.override("en"):
        lines = final_charges(order=order).lines
    assert [x.description for x in lines] == ["一般故障", "Travel fee, 20 km", "电源板"]
    assert [x.label for x in lines][::2] == ["Labour, fault level 2: 一般故障", "PWR-BOARD 电源板"]
    assert lines[2].reason.startswith("warranty ended")
    body = api_as(engineer).get(f"/service-orders/{order.pk}/charges", headers=EN).json()
    assert (body["source"], body["charge_total"], body["currency"]) == ("quote", "1050.00", "CNY")
    assert body["lines"][2]["quantity"] == "2.00"


def test_before_completion_the_list_is_not_final(approved):
    charges = final_charges(order=approved("in_progress"))
    assert (charges.source, charges.final) == ("quote", False)


def test_an_order_without_a_quote_charges_nothing(api_as, agent, order_in):
    order = order_in("resolved", warranty="expired")
    body = api_as(agent).get(f"/service-orders/{order.pk}/charges", headers=EN).json()
    assert (body["source"], body["charge_total"], body["lines"]) == ("none", "0.00", [])
    assert body["reason"] == "No approved quote: nothing to pay."


def test_a_cancelled_order_charges_nothing(api_as, agent, approved):
    order = approved()
    service_order_transition(
        actor=agent, order_id=order.pk, action="cancel", payload={"reason": "客户取消"}
    )
    order.refresh_from_db()
    charges = final_charges(order=order)
    assert (charges.source, charges.final, charges.charge_total) == ("none", True, D("0.00"))


def test_the_engineer_adjusts_down_with_a_reason(api_as, engineer, approved, parts):
    order = approved("resolved")
    response = _adjust(
        api_as(engineer),
        order,
        {
            "labour": {"fault_level": 2},
            "travel": {"distance_km": "20"},
            "parts": [{"part": parts["main"].pk, "quantity": 1}],
            "reason": "只更换了一块电源板",
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["source"], body["charge_total"], body["adjust_reason"]) == (
        "adjustment",
        "630.00",
        "只更换了一块电源板",
    )
    assert body["adjusted_by"] == str(engineer)
    assert body["quote"] is not None  # still names the approved quote
    event = order.events.filter(action="charges_adjusted").get()
    assert (event.actor_id, event.note, event.extra["charge_total"]) == (
        engineer.pk,
        "只更换了一块电源板",
        "630.00",
    )


def test_adjustments_keep_the_quotes_prices(api_as, engineer, approved, parts):
    order = approved("in_progress")
    parts["main"].price = D("999.00")
    parts["main"].save(update_fields=["price"])
    price_list_create(
        name="新价目表",
        valid_from=timezone.localdate() - dt.timedelta(days=1),
        hourly_rate=D("500.00"),
        labour_rates=[(2, "一般故障", D("999.00"))],
    )
    body = _adjust(
        api_as(engineer),
        order,
        {"labour": {"fault_level": 2}, "parts": [{"part": parts["main"].pk}], "reason": "少用一件"},
    ).json()
    assert [x["unit_price"] for x in body["lines"]] == ["150.00", "420.00"]
    assert body["charge_total"] == "570.00"


def test_an_adjustment_may_not_charge_more_than_approved(api_as, engineer, approved, parts):
    order = approved("in_progress")
    before = charge_state(order.pk)
    response = _adjust(
        api_as(engineer),
        order,
        {
            "labour": {"fault_level": 3},
            "travel": {"distance_km": "20"},
            "parts": [{"part": parts["main"].pk, "quantity": 2}],
            "reason": "更复杂",
        },
    )
    assert response.status_code == 422
    assert "issue a new quote" in response.json()["errors"]["lines"][0]
    assert charge_state(order.pk) == before


def test_in_warranty_lines_may_be_recorded_for_the_report_at_no_charge(
    api_as, engineer, order_in, price_list, parts
):
    order = order_in("in_progress")
    api = api_as(engineer)
    free = {"labour": {"fault_level": 2}, "parts": [{"part": parts["main"].pk}], "reason": "保修"}
    assert _adjust(api, order, free).status_code == 201
    charges = final_charges(order=order)
    assert (charges.source, charges.list_total, charges.charge_total) == (
        "adjustment",
        D("570.00"),
        D("0.00"),
    )
    assert all(x.covered for x in charges.lines)
    paid = {"parts": [{"part": parts["consumable"].pk}], "reason": "换灯泡"}
    assert _adjust(api, order, paid).status_code == 422  # a consumable needs a quote


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"labour": {"fault_level": 1}}, "reason"),
        ({"labour": {"fault_level": 1}, "reason": "  "}, "reason"),
        ({"reason": "无"}, "lines"),
        ({"labour": {"fault_level": 7}, "reason": "x"}, "labour.fault_level"),
    ],
)
def test_bad_adjustment_is_422_and_writes_nothing(api_as, engineer, approved, body, field):
    order = approved()
    before = charge_state(order.pk)
    response = _adjust(api_as(engineer), order, body)
    assert response.status_code == 422, response.content
    assert field in response.json()["errors"]
    assert charge_state(order.pk) == before


@pytest.mark.parametrize("status", ["on_site", "waiting", "accepted", "closed"])
def test_adjustments_only_while_in_progress_or_resolved(
    api_as, admin, order_in, price_list, status
):
    order = order_in(status)  # in warranty: the lines are free, only the state refuses
    before = charge_state(order.pk)
    response = _adjust(api_as(admin), order, {"labour": {"fault_level": 1}, "reason": "x"})
    assert response.status_code == 409, response.content
    assert charge_state(order.pk) == before


def test_who_may_not_adjust_gets_403_and_invisible_is_404(
    api_as, make_staff, regions, customer, customer_user, other_engineer, approved
):
    order = approved()
    before = charge_state(order.pk)
    body = {"labour": {"fault_level": 1}, "reason": "x"}
    for user in (customer_user(customer), other_engineer, make_staff("dispatcher")):
        assert _adjust(api_as(user), order, body).status_code == 403
    outsider = make_staff("engineer", region=regions["beijing"])
    assert _adjust(api_as(outsider), order, body).status_code == 404
    assert api_as(outsider).get(f"/service-orders/{order.pk}/charges").status_code == 404
    assert charge_state(order.pk) == before
    assert not ChargeAdjustment.objects.exists()


def test_the_customer_reads_their_charges(api_as, customer, customer_user, make_customer, approved):
    order = approved("resolved")
    assert (
        api_as(customer_user(customer)).get(f"/service-orders/{order.pk}/charges").status_code
        == 200
    )
    stranger = customer_user(make_customer())
    assert api_as(stranger).get(f"/service-orders/{order.pk}/charges").status_code == 404


def test_a_newer_approved_quote_replaces_an_older_adjustment(
    api_as, engineer, agent, approved, parts
):
    order = approved("resolved")
    api = api_as(engineer)
    assert _adjust(api, order, {"labour": {"fault_level": 1}, "reason": "简化"}).status_code == 201
    # the customer is not satisfied: back to work, a new quote, approved
    service_order_transition(
        actor=agent,
        order_id=order.pk,
        action="confirm",
        payload={"accepted": False, "customer_opinion": "仍有异响"},
    )
    assert (
        api.post(f"/service-orders/{order.pk}/quote", {"labour": {"fault_level": 3}}).status_code
        == 201
    )
    assert (
        api_as(agent)
        .post(f"/service-orders/{order.pk}/quote/approve", {"channel": "phone"})
        .status_code
        == 200
    )
    order.refresh_from_db()
    charges = final_charges(order=order)
    assert (charges.source, charges.charge_total) == ("quote", D("300.00"))
