"""GET /api/v1/warranty/{serial_number}?on=YYYY-MM-DD (WAR-1..3, WAR-5, WAR-6)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from aftersales.catalog.services import product_model_create
from aftersales.units.models import Unit

pytestmark = pytest.mark.django_db

D = dt.date.fromisoformat

API_FIELDS = {
    "serial_number",
    "warranty_start",
    "whole_unit_until",
    "accessories_until",
    "three_guarantees_until",
    "in_warranty",
    "accessories_in_warranty",
    "exclusions",
    "chargeable",
    "reason",
}


@pytest.fixture
def customer(make_customer, regions):
    return make_customer(region=regions["shanghai"])


@pytest.fixture
def unit(make_unit, customer):
    """Bought on 2025-03-10, no acceptance date: WAR-2's example start S."""
    return make_unit(customer, serial_number="PJ-S-0310", purchase_date=D("2025-03-10"))


def _warranty(api, serial: str, on: str | None = None):
    return api.get(f"/warranty/{serial}", {"on": on} if on else {})


def test_warranty_answers_every_field_of_the_contract(api_as, agent, unit):
    response = _warranty(api_as(agent), unit.serial_number, "2025-06-01")

    assert response.status_code == 200, response.content
    out = response.json()
    assert set(out) >= API_FIELDS
    assert out["serial_number"] == "PJ-S-0310"
    assert out["warranty_start"] == "2025-03-10"
    assert out["whole_unit_until"] == "2026-03-09"
    assert out["accessories_until"] == "2025-09-09"
    assert out["three_guarantees_until"] == "2026-03-09"
    assert out["in_warranty"] is True
    assert out["accessories_in_warranty"] is True
    assert out["exclusions"] == []
    assert out["chargeable"] is False
    assert isinstance(out["reason"], str)
    assert out["reason"]


@pytest.mark.parametrize(
    ("on", "in_warranty", "accessories_in_warranty", "chargeable"),
    [
        ("2025-03-10", True, True, False),  # first day
        ("2025-09-09", True, True, False),  # last accessory day
        ("2025-09-10", True, False, False),  # accessories out, whole unit in
        ("2026-03-09", True, False, False),  # last covered day: S + 12 months − 1 day
        ("2026-03-10", False, False, True),  # the next day is out and charged
    ],
)
def test_warranty_boundaries_follow_war_2(
    api_as, agent, unit, on, in_warranty, accessories_in_warranty, chargeable
):
    out = _warranty(api_as(agent), unit.serial_number, on).json()

    assert out["in_warranty"] is in_warranty
    assert out["accessories_in_warranty"] is accessories_in_warranty
    assert out["chargeable"] is chargeable
    assert out["exclusions"] == []


def test_month_end_start_falls_back_to_the_last_day_of_the_month(
    api_as, agent, make_unit, customer, product_line
):
    """WAR-2: S = 2024-01-31, 1 month → 2024-02-29 − 1 day = 2024-02-28."""
    one_month = product_model_create(
        code="PJ-1M",
        name="一个月保修",
        product_line=product_line,
        list_price=Decimal(100),
        warranty_months=1,
    )
    unit = make_unit(customer, purchase_date=D("2024-01-31"), product_model=one_month)
    api = api_as(agent)

    last = _warranty(api, unit.serial_number, "2024-02-28").json()
    after = _warranty(api, unit.serial_number, "2024-02-29").json()

    assert last["whole_unit_until"] == "2024-02-28"
    assert last["in_warranty"] is True
    assert after["in_warranty"] is False
    assert after["chargeable"] is True


def test_acceptance_date_is_used_over_the_purchase_date(api_as, agent, make_unit, customer):
    """WAR-1: warranty starts on the acceptance date when known."""
    unit = make_unit(customer, purchase_date=D("2025-01-05"), acceptance_date=D("2025-03-10"))
    api = api_as(agent)

    out = _warranty(api, unit.serial_number, "2026-03-09").json()
    after = _warranty(api, unit.serial_number, "2026-03-10").json()

    assert out["warranty_start"] == "2025-03-10"
    assert out["whole_unit_until"] == "2026-03-09"
    assert out["in_warranty"] is True  # would be out if counted from the purchase date
    assert after["in_warranty"] is False


def test_project_customer_contract_months_apply(api_as, agent, make_customer, make_unit, regions):
    """WAR-3: the contract's periods override the product line's."""
    project = make_customer(
        region=regions["shanghai"],
        kind="project",
        contract_warranty_months=36,
        contract_accessory_warranty_months=24,
    )
    unit = make_unit(project, purchase_date=D("2025-03-10"))
    api = api_as(agent)

    out = _warranty(api, unit.serial_number, "2028-03-09").json()
    after = _warranty(api, unit.serial_number, "2028-03-10").json()

    assert out["whole_unit_until"] == "2028-03-09"
    assert out["accessories_until"] == "2027-03-09"
    assert out["in_warranty"] is True
    assert out["chargeable"] is False
    assert after["in_warranty"] is False


def test_project_customer_without_accessory_term_gets_12_months_of_accessories(
    api_as, agent, make_customer, make_unit, regions
):
    """WAR-3: accessories 12 months by default for project contracts."""
    project = make_customer(region=regions["shanghai"], kind="project", contract_warranty_months=24)
    unit = make_unit(project, purchase_date=D("2025-03-10"))

    out = _warranty(api_as(agent), unit.serial_number, "2026-03-09").json()

    assert out["whole_unit_until"] == "2027-03-09"
    assert out["accessories_until"] == "2026-03-09"
    assert out["accessories_in_warranty"] is True


def test_warranty_card_number_works_as_the_serial(api_as, agent, make_unit, customer):
    unit = make_unit(
        customer,
        serial_number="PJ-REAL-1",
        warranty_card_number="CARD-77",
        purchase_date=D("2025-03-10"),
    )

    response = _warranty(api_as(agent), "CARD-77", "2025-06-01")

    assert response.status_code == 200, response.content
    assert response.json()["serial_number"] == unit.serial_number
    assert response.json()["warranty_start"] == "2025-03-10"


def test_clearance_sale_unit_is_chargeable_inside_the_period(api_as, agent, make_unit, customer):
    """WAR-5: a unit sold at clearance is excluded even within the warranty period."""
    unit = make_unit(customer, purchase_date=D("2025-03-10"), clearance_sale=True)

    out = _warranty(api_as(agent), unit.serial_number, "2025-06-01").json()

    assert out["in_warranty"] is True
    assert out["exclusions"] == ["clearance_sale"]
    assert out["chargeable"] is True


def test_on_defaults_to_today(api_as, agent, make_unit, customer):
    today = timezone.localdate()
    unit = make_unit(customer, purchase_date=today - dt.timedelta(days=3))

    out = _warranty(api_as(agent), unit.serial_number).json()

    assert out["warranty_start"] == (today - dt.timedelta(days=3)).isoformat()
    assert out["in_warranty"] is True


def test_the_reading_writes_nothing(api_as, agent, unit):
    before = list(Unit.objects.values())

    _warranty(api_as(agent), unit.serial_number, "2026-03-10")

    assert list(Unit.objects.values()) == before


@pytest.mark.parametrize("on", ["2025-13-01", "2025-02-30", "tomorrow", "10/03/2025", "2025-3-1x"])
def test_bad_on_date_is_refused_with_422(api_as, agent, unit, on):
    response = _warranty(api_as(agent), unit.serial_number, on)

    assert response.status_code == 422, response.content
    body = response.json()
    assert "on" in body["errors"]
    assert body["code"] == "invalid"
    assert isinstance(body["detail"], str)


def test_unknown_serial_is_404(api_as, agent, unit):
    response = _warranty(api_as(agent), "NO-SUCH-SERIAL", "2025-06-01")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_unit_of_another_customer_is_404_for_a_customer_user(
    api_as, make_customer, customer_user, unit, regions
):
    stranger = customer_user(make_customer(region=regions["shanghai"]))

    response = _warranty(api_as(stranger), unit.serial_number, "2025-06-01")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_invisible_unit_answers_like_an_unknown_one(api_as, make_staff, unit, regions):
    manager = make_staff("manager", region=regions["north"])
    api = api_as(manager)

    hidden = _warranty(api, unit.serial_number, "2025-06-01")
    unknown = _warranty(api, "NO-SUCH-SERIAL", "2025-06-01")

    assert hidden.status_code == unknown.status_code == 404
    assert hidden.json() == unknown.json()


def test_hidden_card_number_is_404_too(api_as, make_staff, make_unit, customer, regions):
    make_unit(customer, warranty_card_number="CARD-HIDDEN")
    manager = make_staff("manager", region=regions["north"])

    assert _warranty(api_as(manager), "CARD-HIDDEN", "2025-06-01").status_code == 404


def test_owner_reads_its_own_units_warranty(api_as, customer_user, customer, unit):
    response = _warranty(api_as(customer_user(customer)), unit.serial_number, "2025-06-01")

    assert response.status_code == 200
    assert response.json()["in_warranty"] is True


def test_anonymous_warranty_read_over_the_api_is_401(api_as, unit):
    response = _warranty(api_as(None), unit.serial_number, "2025-06-01")

    assert response.status_code == 401
