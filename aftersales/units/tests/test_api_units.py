"""GET/POST /api/v1/units and GET /units/{id} (UNIT-1, UNIT-2)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from aftersales.units.models import Unit

pytestmark = pytest.mark.django_db


def _today() -> dt.date:
    return timezone.localdate()


def _days_ago(n: int) -> str:
    return (_today() - dt.timedelta(days=n)).isoformat()


def _assert_refused(response, status: int, field: str | None = None) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert isinstance(body["detail"], str)
    assert isinstance(body["errors"], dict)
    assert "code" in body
    if field is not None:
        assert field in body["errors"], body
    return body


@pytest.fixture
def customer(make_customer, regions):
    return make_customer(region=regions["shanghai"])


@pytest.fixture
def body(customer, product_model):
    def make(**overrides: Any) -> dict[str, Any]:
        fields: dict[str, Any] = {
            "serial_number": "PJ100-0001",
            "warranty_card_number": "CARD-0001",
            "product_model": product_model.pk,
            "customer": customer.pk,
            "purchase_date": _days_ago(20),
            "invoice_date": _days_ago(20),
            "acceptance_date": _days_ago(10),
            "sale_price": "3599.00",
            "sales_channel": "直销",
            "clearance_sale": False,
        }
        fields.update(overrides)
        return fields

    return make


def test_agent_registers_a_unit_with_its_warranty_card(api_as, agent, body, customer):
    response = api_as(agent).post("/units", body())

    assert response.status_code == 201, response.content
    out = response.json()
    assert out["serial_number"] == "PJ100-0001"
    assert out["warranty_card_number"] == "CARD-0001"
    assert out["customer"] == customer.pk
    assert out["purchase_date"] == _days_ago(20)
    assert out["acceptance_date"] == _days_ago(10)
    assert out["sale_price"] == "3599.00"
    assert out["clearance_sale"] is False
    unit = Unit.objects.get(pk=out["id"])
    assert unit.customer_id == customer.pk


def test_unit_dated_today_is_accepted(api_as, agent, body):
    today = _today().isoformat()

    response = api_as(agent).post(
        "/units", body(purchase_date=today, invoice_date=today, acceptance_date=today)
    )

    assert response.status_code == 201, response.content


def test_optional_dates_and_card_may_be_left_out(api_as, agent, body):
    fields = body()
    for key in ("warranty_card_number", "invoice_date", "acceptance_date", "sales_channel"):
        fields.pop(key)

    response = api_as(agent).post("/units", fields)

    assert response.status_code == 201, response.content
    assert response.json()["acceptance_date"] is None
    assert response.json()["warranty_card_number"] is None


def test_clearance_sale_flag_is_kept(api_as, agent, body):
    response = api_as(agent).post("/units", body(clearance_sale=True, sale_price="999.00"))

    assert response.status_code == 201, response.content
    assert Unit.objects.get().clearance_sale is True


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"purchase_date": _days_ago(-1), "acceptance_date": None}, "purchase_date"),
        ({"invoice_date": _days_ago(-1)}, "invoice_date"),
        ({"acceptance_date": _days_ago(-1)}, "acceptance_date"),
        ({"acceptance_date": _days_ago(21)}, "acceptance_date"),
        ({"sale_price": "-0.01"}, "sale_price"),
        ({"sale_price": "1.001"}, "sale_price"),
        ({"product_model": 999999}, "product_model"),
        ({"customer": 999999}, "customer"),
        ({"serial_number": ""}, "serial_number"),
        ({"serial_number": "   "}, "serial_number"),
        ({"purchase_date": "2025-02-30"}, "purchase_date"),
        ({"purchase_date": None}, "purchase_date"),
    ],
    ids=[
        "purchase-in-future",
        "invoice-in-future",
        "acceptance-in-future",
        "acceptance-before-purchase",
        "negative-price",
        "price-fraction-of-cent",
        "unknown-model",
        "unknown-customer",
        "empty-serial",
        "blank-serial",
        "impossible-date",
        "no-purchase-date",
    ],
)
def test_bad_unit_is_refused_naming_the_field_and_writes_nothing(
    api_as, agent, body, overrides, field
):
    response = api_as(agent).post("/units", body(**overrides))

    _assert_refused(response, 422, field)
    assert Unit.objects.count() == 0


def test_today_means_today_in_shanghai_not_utc(api_as, agent, body):
    """At 01:30 in Shanghai (17:30 UTC the day before) the local date is already 'today'."""
    instant = dt.datetime(2026, 6, 1, 17, 30, tzinfo=dt.UTC)
    api = api_as(agent)
    with mock.patch("django.utils.timezone.now", return_value=instant):
        tomorrow = api.post(
            "/units", body(serial_number="SN-B", purchase_date="2026-06-03", acceptance_date=None)
        )
        today = api.post(
            "/units", body(purchase_date="2026-06-02", invoice_date=None, acceptance_date=None)
        )

    _assert_refused(tomorrow, 422, "purchase_date")
    assert today.status_code == 201, today.content
    assert list(Unit.objects.values_list("serial_number", flat=True)) == ["PJ100-0001"]


def test_duplicate_serial_number_is_refused(api_as, agent, body, make_unit, customer):
    existing = make_unit(customer, serial_number="PJ100-0001")

    response = api_as(agent).post("/units", body())

    _assert_refused(response, 422, "serial_number")
    assert list(Unit.objects.values_list("pk", flat=True)) == [existing.pk]


def test_serial_number_is_compared_without_surrounding_spaces(
    api_as, agent, body, make_unit, customer
):
    make_unit(customer, serial_number="PJ100-0001")

    response = api_as(agent).post("/units", body(serial_number="  PJ100-0001 "))

    _assert_refused(response, 422, "serial_number")
    assert Unit.objects.count() == 1


def test_duplicate_warranty_card_number_is_refused(api_as, agent, body, make_unit, customer):
    make_unit(customer, warranty_card_number="CARD-0001")

    response = api_as(agent).post("/units", body())

    _assert_refused(response, 422, "warranty_card_number")
    assert Unit.objects.count() == 1


def test_card_number_equal_to_another_units_serial_is_refused(
    api_as, agent, body, make_unit, customer
):
    """UNIT-2: the card number identifies a unit just as the serial does, so one number
    must not name two units (the warranty lookup takes either)."""
    make_unit(customer, serial_number="SN-SHARED")

    response = api_as(agent).post("/units", body(warranty_card_number="SN-SHARED"))

    _assert_refused(response, 422, "warranty_card_number")
    assert Unit.objects.count() == 1


def test_serial_equal_to_another_units_card_number_is_refused(
    api_as, agent, body, make_unit, customer
):
    make_unit(customer, warranty_card_number="CARD-SHARED")

    response = api_as(agent).post("/units", body(serial_number="CARD-SHARED"))

    _assert_refused(response, 422, "serial_number")
    assert Unit.objects.count() == 1


def test_unit_for_a_customer_the_creator_cannot_see_is_refused(api_as, make_staff, regions, body):
    manager = make_staff("manager", region=regions["north"])

    response = api_as(manager).post("/units", body())

    _assert_refused(response, 422, "customer")
    assert Unit.objects.count() == 0


@pytest.mark.parametrize("role", ["engineer", "warehouse", "quality"])
def test_roles_without_unit_create_are_refused(api_as, make_staff, regions, body, role):
    actor = make_staff(role, region=regions["shanghai"])

    _assert_refused(api_as(actor).post("/units", body()), 403)
    assert Unit.objects.count() == 0


def test_customer_user_may_not_register_units(api_as, customer_user, customer, body):
    _assert_refused(api_as(customer_user(customer)).post("/units", body()), 403)
    assert Unit.objects.count() == 0


def test_anonymous_may_not_register_units(api_as, body):
    _assert_refused(api_as(None).post("/units", body()), 401)
    assert Unit.objects.count() == 0


# --- reads -------------------------------------------------------------------------


def test_unit_is_read_by_id(api_as, agent, make_unit, customer, product_model):
    unit = make_unit(customer)

    response = api_as(agent).get(f"/units/{unit.pk}")

    assert response.status_code == 200
    out = response.json()
    assert out["serial_number"] == unit.serial_number
    assert out["product_model"] == product_model.pk
    assert out["customer"] == customer.pk


def test_unknown_unit_is_404(api_as, agent, db):
    _assert_refused(api_as(agent).get("/units/999999"), 404)


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("owner", 200),
        ("other_customer", 404),
        ("engineer_here", 200),
        ("engineer_elsewhere", 404),
        ("manager_east", 200),
        ("manager_north", 404),
    ],
)
def test_unit_read_follows_visibility(
    api_as, make_staff, make_customer, customer_user, make_unit, customer, regions, who, status
):
    unit = make_unit(customer)
    viewers = {
        "owner": lambda: customer_user(customer),
        "other_customer": lambda: customer_user(make_customer(region=regions["shanghai"])),
        "engineer_here": lambda: make_staff("engineer", region=regions["shanghai"]),
        "engineer_elsewhere": lambda: make_staff("engineer", region=regions["beijing"]),
        "manager_east": lambda: make_staff("manager", region=regions["east"]),
        "manager_north": lambda: make_staff("manager", region=regions["north"]),
    }

    response = api_as(viewers[who]()).get(f"/units/{unit.pk}")

    assert response.status_code == status


def test_unit_list_filters_by_customer_and_serial_prefix(
    api_as, agent, make_customer, make_unit, customer
):
    mine = make_unit(customer, serial_number="ABC-001")
    make_unit(customer, serial_number="XYZ-001")
    make_unit(make_customer(), serial_number="ABC-002")
    api = api_as(agent)

    by_customer = api.get("/units", {"customer": customer.pk}).json()
    by_both = api.get("/units", {"customer": customer.pk, "serial_number": "ABC"}).json()

    assert by_customer["count"] == 2
    assert [row["id"] for row in by_both["results"]] == [mine.pk]


def test_unit_list_shows_a_customer_user_only_its_own_units(
    api_as, make_customer, customer_user, make_unit, customer
):
    own = make_unit(customer)
    make_unit(make_customer())

    listed = api_as(customer_user(customer)).get("/units").json()

    assert [row["id"] for row in listed["results"]] == [own.pk]
    assert listed["count"] == 1


def test_unit_list_query_count_does_not_grow_with_page_size(
    api_as, agent, make_customer, make_unit
):
    for _ in range(30):
        make_unit(make_customer())
    api = api_as(agent)

    with CaptureQueriesContext(connection) as small:
        assert len(api.get("/units", {"page_size": 3}).json()["results"]) == 3
    with CaptureQueriesContext(connection) as large:
        assert len(api.get("/units", {"page_size": 30}).json()["results"]) == 30

    assert len(large) == len(small)
