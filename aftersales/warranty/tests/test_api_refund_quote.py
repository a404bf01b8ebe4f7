"""POST /api/v1/units/{id}/refund-quote {"return_date"} (TG-5)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from aftersales.catalog.services import product_line_create, product_model_create
from aftersales.warranty.tests.helpers import assert_refused, days_ago, today, written

pytestmark = pytest.mark.django_db

API_FIELDS = {
    "used_days",
    "repair_days_excluded",
    "daily_rate",
    "depreciation_fee",
    "refund_amount",
}


@pytest.fixture
def customer(make_customer, regions):
    return make_customer(region=regions["shanghai"])


@pytest.fixture
def unit(make_unit, customer):
    """Invoiced 100 days ago at 3500.00; the line's rate is 0.001 a day."""
    return make_unit(customer, purchase_date=days_ago(100), invoice_date=days_ago(100))


def _quote(api, unit, body):
    return api.post(f"/units/{unit.pk}/refund-quote", body)


def test_quote_for_a_unit_returned_today(api_as, agent, unit):
    before = written()

    response = _quote(api_as(agent), unit, {"return_date": today().isoformat()})

    assert response.status_code == 200, response.content
    out = response.json()
    assert set(out) >= API_FIELDS
    assert out["used_days"] == 100
    assert out["repair_days_excluded"] == 0
    assert out["daily_rate"] == "0.001"
    assert out["depreciation_fee"] == "350.00"
    assert out["refund_amount"] == "3150.00"
    assert out["price"] == "3500.00"
    assert out["invoice_date"] == days_ago(100).isoformat()
    assert out["return_date"] == today().isoformat()
    assert written() == before  # a quote records nothing


def test_days_in_repair_are_not_charged(api_as, agent, unit, repair):
    repair(unit, 30, "closed")  # in repair from 30 days ago until today
    repair(unit, 20, "waiting")  # overlaps the first: no day counted twice

    out = _quote(api_as(agent), unit, {"return_date": today().isoformat()}).json()

    assert out["repair_days_excluded"] == 30
    assert out["used_days"] == 70
    assert out["depreciation_fee"] == "245.00"
    assert out["refund_amount"] == "3255.00"


def test_a_return_date_in_the_past_ignores_later_days(api_as, agent, unit, repair):
    repair(unit, 30, "in_progress")

    out = _quote(api_as(agent), unit, {"return_date": days_ago(40).isoformat()}).json()

    assert (out["used_days"], out["repair_days_excluded"]) == (60, 0)
    assert out["refund_amount"] == "3290.00"


def test_rate_and_rounding_come_from_the_line(api_as, agent, make_unit, customer):
    line = product_line_create(
        code="furniture", name="办公家具", depreciation_rate_per_day=Decimal("0.000333")
    )
    model = product_model_create(
        code="DESK-1", name="办公桌", product_line=line, list_price=Decimal("1999.99")
    )
    unit = make_unit(
        customer,
        product_model=model,
        purchase_date=days_ago(45),
        invoice_date=days_ago(45),
        sale_price=Decimal("1999.99"),
    )

    out = _quote(api_as(agent), unit, {"return_date": today().isoformat()}).json()

    assert out["daily_rate"] == "0.000333"
    assert out["depreciation_fee"] == "29.97"  # 29.9698…, half-up to the fen
    assert out["refund_amount"] == "1970.02"


def test_refund_is_never_negative(api_as, agent, make_unit, customer):
    unit = make_unit(customer, purchase_date=days_ago(1200), invoice_date=days_ago(1200))

    out = _quote(api_as(agent), unit, {"return_date": today().isoformat()}).json()

    assert out["depreciation_fee"] == "4200.00"
    assert out["refund_amount"] == "0.00"


def test_customer_may_ask_for_a_quote_on_its_own_unit(api_as, customer_user, customer, unit):
    response = _quote(api_as(customer_user(customer)), unit, {"return_date": today().isoformat()})

    assert response.status_code == 200, response.content


# --- refused --------------------------------------------------------------------------------


def test_return_before_the_invoice_is_refused(api_as, agent, unit):
    before = written()

    response = _quote(api_as(agent), unit, {"return_date": days_ago(101).isoformat()})

    body = assert_refused(response, 422, "return_date")
    assert days_ago(100).isoformat() in body["errors"]["return_date"][0]
    assert written() == before


def test_unit_without_invoice_date_is_refused_naming_it(api_as, agent, make_unit, customer):
    unit = make_unit(customer, purchase_date=days_ago(10))

    response = _quote(api_as(agent), unit, {"return_date": today().isoformat()})

    assert_refused(response, 422, "invoice_date")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "return_date"),
        ({"return_date": "2025-02-30"}, "return_date"),
        ({"return_date": None}, "return_date"),
        ({"return_date": "2025-06-01", "refund": "100"}, "refund"),
    ],
)
def test_bad_body_is_refused_naming_the_field(api_as, agent, unit, body, field):
    before = written()

    assert_refused(_quote(api_as(agent), unit, body), 422, field)
    assert written() == before


@pytest.mark.parametrize("who", ["other_customer", "beijing_engineer"])
def test_invisible_unit_is_not_found(
    api_as, make_customer, make_staff, customer_user, regions, unit, who
):
    user = {
        "other_customer": lambda: customer_user(make_customer()),
        "beijing_engineer": lambda: make_staff("engineer", region=regions["beijing"]),
    }[who]()

    response = _quote(api_as(user), unit, {"return_date": today().isoformat()})

    assert_refused(response, 404)


def test_unknown_unit_is_not_found(api_as, agent, unit):
    response = api_as(agent).post(
        f"/units/{unit.pk + 1000}/refund-quote", {"return_date": today().isoformat()}
    )

    assert_refused(response, 404)
