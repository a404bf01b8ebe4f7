"""POST /api/v1/units/{id}/exchange and /refund: settling a unit under the three
guarantees (TG-2..5, TG-8), recorded on a `return` order's timeline."""

from __future__ import annotations

from decimal import Decimal

import pytest

from aftersales.catalog.services import product_model_create
from aftersales.service_orders.models import ServiceOrderEvent
from aftersales.service_orders.services import service_order_transition
from aftersales.units.models import Unit
from aftersales.warranty.models import ThreeGuaranteesSettlement
from aftersales.warranty.tests.helpers import assert_refused, days_ago, today, written

pytestmark = pytest.mark.django_db


@pytest.fixture
def customer(make_customer, regions):
    return make_customer(region=regions["shanghai"])


@pytest.fixture
def unit(make_unit, customer):
    """Bought and invoiced 10 days ago for 3500.00: inside the 15-day exchange window."""
    return make_unit(customer, purchase_date=days_ago(10), invoice_date=days_ago(10))


@pytest.fixture
def return_order(make_order, customer, unit):
    return make_order(customer, unit, kind="return", fault_description="要求换货")


def _exchange(api, unit, **body):
    body.setdefault("new_serial_number", "SN-NEW-0001")
    return api.post(f"/units/{unit.pk}/exchange", body)


def _refund(api, unit, **body):
    return api.post(f"/units/{unit.pk}/refund", body)


# --- exchange ---------------------------------------------------------------------------


def test_exchange_for_the_same_model_links_old_and_new(api_as, agent, unit, return_order):
    response = _exchange(
        api_as(agent), unit, service_order=return_order.pk, note="15 日内性能故障，换新"
    )

    assert response.status_code == 201, response.content
    out = response.json()
    assert out["kind"] == "exchange"
    assert out["unit"] == unit.pk
    assert out["rule"] == "early_15_days"
    assert out["remedies"] == ["exchange", "repair"]
    assert out["settled_on"] == today().isoformat()
    assert out["price_difference"] == "0.00"
    assert out["service_order"] == return_order.pk
    assert out["recorded_by"] == agent.pk
    new = Unit.objects.get(serial_number="SN-NEW-0001")
    assert out["replacement"]["id"] == new.pk
    assert new.replaces_id == unit.pk
    assert new.product_model_id == unit.product_model_id
    assert new.customer_id == unit.customer_id
    assert new.sale_price == Decimal("3500.00")
    assert (new.purchase_date, new.invoice_date, new.acceptance_date) == (today(), today(), None)
    unit.refresh_from_db()
    assert unit.replaced_by == new


def test_exchange_is_on_the_return_orders_timeline(api_as, agent, unit, return_order):
    _exchange(api_as(agent), unit, service_order=return_order.pk, note="换新")

    event = ServiceOrderEvent.objects.filter(order=return_order).order_by("-id").first()
    assert (event.kind, event.action, event.actor_id) == ("settlement", "exchange", agent.pk)
    assert event.note == "换新"
    assert event.extra["replacement_serial_number"] == "SN-NEW-0001"
    assert event.extra["serial_number"] == unit.serial_number
    assert event.extra["price_difference"] == "0.00"
    timeline = api_as(agent).get(f"/service-orders/{return_order.pk}").json()["timeline"]
    assert timeline[-1]["action"] == "exchange"


def test_replacement_has_its_own_warranty_from_the_exchange_date(api_as, agent, unit):
    exchange_date = days_ago(2)
    _exchange(api_as(agent), unit, exchange_date=exchange_date.isoformat())
    api = api_as(agent)

    warranty = api.get("/warranty/SN-NEW-0001").json()
    new = Unit.objects.get(serial_number="SN-NEW-0001")
    entitlement = api.get(f"/units/{new.pk}/entitlement").json()
    old = api.get(f"/units/{unit.pk}/entitlement").json()

    assert warranty["warranty_start"] == exchange_date.isoformat()
    assert entitlement["warranty_start"] == exchange_date.isoformat()
    assert old["settlement"] == "exchange"
    assert old["replaced_by"] == new.pk


def test_exchange_for_another_model_settles_the_price_difference(api_as, agent, unit, product_line):
    bigger = product_model_create(
        code="PJ-200", name="投影机 PJ-200", product_line=product_line, list_price=Decimal("4999")
    )

    out = _exchange(api_as(agent), unit, product_model=bigger.pk).json()

    assert out["price_difference"] == "1499.00"  # list price less what was paid
    assert out["replacement"]["product_model"] == bigger.pk
    assert out["replacement"]["sale_price"] == "4999.00"


def test_agreed_price_difference_may_be_negative(api_as, agent, unit, product_line):
    smaller = product_model_create(
        code="PJ-50", name="投影机 PJ-50", product_line=product_line, list_price=Decimal("2999")
    )

    out = _exchange(
        api_as(agent), unit, product_model=smaller.pk, price_difference="-600.50"
    ).json()

    assert out["price_difference"] == "-600.50"
    assert out["replacement"]["sale_price"] == "2899.50"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        pytest.param({"new_serial_number": ""}, "new_serial_number", id="empty-serial"),
        pytest.param({"new_serial_number": "   "}, "new_serial_number", id="blank-serial"),
        pytest.param({"new_serial_number": "TAKEN"}, "new_serial_number", id="serial-taken"),
        pytest.param({"new_serial_number": "S" * 65}, "new_serial_number", id="serial-too-long"),
        pytest.param({"warranty_card_number": "TAKEN"}, "warranty_card_number", id="card-taken"),
        pytest.param(
            {"warranty_card_number": "SN-NEW-0001"}, "warranty_card_number", id="card=serial"
        ),
        pytest.param({"exchange_date": "2099-01-01"}, "exchange_date", id="future"),
        pytest.param({"exchange_date": "2020-01-01"}, "exchange_date", id="before-purchase"),
        pytest.param({"exchange_date": "2025-02-30"}, "exchange_date", id="not-a-date"),
        pytest.param({"product_model": 99999}, "product_model", id="unknown-model"),
        pytest.param({"price_difference": "100.00"}, "price_difference", id="same-model-diff"),
        pytest.param({"service_order": 99999}, "service_order", id="unknown-order"),
        pytest.param({"service_order": "repair"}, "service_order", id="repair-order"),
        pytest.param({"service_order": "other_unit"}, "service_order", id="other-units-order"),
        pytest.param({"colour": "red"}, "colour", id="unknown-field"),
    ],
)
def test_bad_exchange_is_refused_and_writes_nothing(
    api_as, agent, unit, make_unit, make_order, customer, body, field
):
    make_unit(customer, serial_number="TAKEN")
    if body.get("service_order") == "repair":
        body["service_order"] = make_order(customer, unit, kind="repair").pk
    elif body.get("service_order") == "other_unit":
        other = make_unit(customer)
        body["service_order"] = make_order(customer, other, kind="return").pk
    before = written()

    response = _exchange(api_as(agent), unit, **body)

    assert_refused(response, 422, field)
    assert written() == before


def test_replacement_cannot_cost_less_than_nothing(api_as, agent, unit, product_line):
    cheap = product_model_create(
        code="PJ-1", name="PJ-1", product_line=product_line, list_price=Decimal("100")
    )
    before = written()

    response = _exchange(api_as(agent), unit, product_model=cheap.pk, price_difference="-4000")

    assert_refused(response, 422, "price_difference")
    assert written() == before


# --- refund -----------------------------------------------------------------------------


def test_refund_records_the_quote_on_the_return_order(api_as, agent, unit, return_order):
    response = _refund(
        api_as(agent), unit, return_date=today().isoformat(), service_order=return_order.pk
    )

    assert response.status_code == 201, response.content
    out = response.json()
    assert out["kind"] == "refund"
    assert out["used_days"] == 10
    assert out["repair_days_excluded"] == 0
    assert out["daily_rate"] == "0.001"
    assert out["depreciation_fee"] == "35.00"
    assert out["refund_amount"] == "3465.00"
    assert out["price"] == "3500.00"
    assert out["rule"] == "early_15_days"
    assert out["replacement"] is None
    settlement = ThreeGuaranteesSettlement.objects.get()
    assert (settlement.recorded_by, settlement.service_order) == (agent, return_order)
    event = ServiceOrderEvent.objects.filter(order=return_order).order_by("-id").first()
    assert (event.action, event.extra["refund_amount"], event.extra["depreciation_fee"]) == (
        "refund",
        "3465.00",
        "35.00",
    )
    assert api_as(agent).get(f"/units/{unit.pk}/entitlement").json()["settlement"] == "refund"


def test_refund_without_an_order_defaults_to_today(api_as, agent, unit):
    out = _refund(api_as(agent), unit).json()

    assert out["settled_on"] == today().isoformat()
    assert out["service_order"] is None


@pytest.mark.parametrize(
    ("body", "field"),
    [
        pytest.param({"return_date": "2099-01-01"}, "return_date", id="future"),
        pytest.param({"return_date": "before_invoice"}, "return_date", id="before-invoice"),
        pytest.param({"service_order": "repair"}, "service_order", id="repair-order"),
        pytest.param({"note": "x" * 5001}, "note", id="note-too-long"),
        pytest.param({"amount": "1"}, "amount", id="unknown-field"),
    ],
)
def test_bad_refund_is_refused_and_writes_nothing(
    api_as, agent, unit, make_order, customer, body, field
):
    if body.get("return_date") == "before_invoice":
        body["return_date"] = days_ago(11).isoformat()
    if body.get("service_order") == "repair":
        body["service_order"] = make_order(customer, unit, kind="repair").pk
    before = written()

    assert_refused(_refund(api_as(agent), unit, **body), 422, field)
    assert written() == before


def test_refund_of_a_unit_without_invoice_date_names_it(api_as, agent, make_unit, customer):
    unit = make_unit(customer, purchase_date=days_ago(3))
    before = written()

    assert_refused(_refund(api_as(agent), unit), 422, "invoice_date")
    assert written() == before


# --- who may, and in which state -----------------------------------------------------------


@pytest.mark.parametrize("role", ["agent", "manager", "director", "admin"])
@pytest.mark.parametrize("action", ["exchange", "refund"])
def test_roles_that_may_settle(api_as, make_staff, unit, role, action):
    user = make_staff(role)
    response = (
        _exchange(api_as(user), unit) if action == "exchange" else _refund(api_as(user), unit)
    )

    assert response.status_code == 201, response.content


@pytest.mark.parametrize("role", ["dispatcher", "engineer", "warehouse", "quality", "customer"])
@pytest.mark.parametrize("action", ["exchange", "refund"])
def test_roles_that_may_not_settle(
    api_as, make_staff, customer_user, customer, regions, unit, role, action
):
    if role == "customer":
        user = customer_user(customer)
    else:
        user = make_staff(role, region=regions["shanghai"])
    before = written()

    response = (
        _exchange(api_as(user), unit) if action == "exchange" else _refund(api_as(user), unit)
    )

    assert_refused(response, 403)
    assert written() == before


@pytest.mark.parametrize("action", ["exchange", "refund"])
def test_invisible_unit_is_not_found_before_anything_else(
    api_as, make_customer, customer_user, make_staff, regions, unit, action
):
    for user in (
        customer_user(make_customer()),
        make_staff("manager", region=regions["beijing"]),
    ):
        before = written()
        api = api_as(user)
        response = (
            _exchange(api, unit, new_serial_number="")
            if action == "exchange"
            else _refund(api, unit, return_date="2099-01-01")
        )
        assert_refused(response, 404)
        assert written() == before


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("exchange", "exchange"),
        ("exchange", "refund"),
        ("refund", "exchange"),
        ("refund", "refund"),
    ],
)
def test_a_unit_is_settled_once(api_as, agent, unit, first, second):
    api = api_as(agent)
    settle = {"exchange": _exchange, "refund": _refund}
    extra = {"exchange": {"new_serial_number": "SN-A"}, "refund": {}}
    assert settle[first](api, unit, **extra[first]).status_code == 201
    before = written()

    second_extra = {"exchange": {"new_serial_number": "SN-B"}, "refund": {}}[second]
    response = settle[second](api, unit, **second_extra)

    assert_refused(response, 409)
    assert written() == before


def test_cancelled_return_order_is_refused(api_as, agent, unit, return_order):
    service_order_transition(
        actor=agent, order_id=return_order.pk, action="cancel", payload={"reason": "客户改主意"}
    )
    before = written()

    response = _refund(api_as(agent), unit, service_order=return_order.pk)

    assert_refused(response, 409)
    assert written() == before


def test_exchange_after_two_repairs_records_the_rule(api_as, agent, make_unit, customer, repair):
    unit = make_unit(customer, purchase_date=days_ago(200), invoice_date=days_ago(200))
    repair(unit, 100)
    repair(unit, 50)

    out = _exchange(api_as(agent), unit).json()

    assert (out["rule"], out["remedies"]) == ("two_repairs_failed", ["exchange", "refund"])


def test_replacement_can_be_exchanged_again(api_as, agent, unit):
    """A replacement is a unit like any other: it may be exchanged in its turn."""
    api = api_as(agent)
    _exchange(api, unit, new_serial_number="SN-A")
    first_replacement = Unit.objects.get(serial_number="SN-A")

    response = _exchange(api, first_replacement, new_serial_number="SN-B")

    assert response.status_code == 201, response.content
    assert response.json()["rule"] == "early_7_days"  # bought (exchanged) today
    assert Unit.objects.get(serial_number="SN-B").replaces == first_replacement


def test_idempotent_exchange_creates_one_replacement(api_as, agent, unit):
    api = api_as(agent)
    headers = {"Idempotency-Key": "exchange-1"}
    body = {"new_serial_number": "SN-IDEM"}

    first = api.post(f"/units/{unit.pk}/exchange", body, headers=headers)
    again = api.post(f"/units/{unit.pk}/exchange", body, headers=headers)

    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    assert Unit.objects.filter(serial_number="SN-IDEM").count() == 1
    assert ThreeGuaranteesSettlement.objects.count() == 1
