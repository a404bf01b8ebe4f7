"""GET /api/v1/units/{id}/entitlement?on=YYYY-MM-DD (TG-1..4, TG-6, TG-7)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from aftersales.catalog.services import product_line_create, product_model_create
from aftersales.core.timeutil import period_end
from aftersales.warranty.tests.helpers import assert_refused, days_ago, today

pytestmark = pytest.mark.django_db

D = dt.date.fromisoformat

API_FIELDS = {"remedies", "rule", "completed_repairs_in_period"}


@pytest.fixture
def customer(make_customer, regions):
    return make_customer(region=regions["shanghai"])


@pytest.fixture
def national_model(db):
    """A line on the national TG-3 basis: 90 days waiting for parts, 30 otherwise."""
    line = product_line_create(code="tv", name="电视", tg_unrepaired_basis="national")
    return product_model_create(
        code="TV-55", name="电视 55", product_line=line, list_price=Decimal("2999.00")
    )


def _entitlement(api, unit, on: str | None = None):
    return api.get(f"/units/{unit.pk}/entitlement", {"on": on} if on else {})


def _ok(response) -> dict:
    assert response.status_code == 200, response.content
    out = response.json()
    assert set(out) >= API_FIELDS
    assert set(out["remedies"]) <= {"repair", "exchange", "refund"}
    assert isinstance(out["explanation"], str)
    assert out["explanation"]
    return out


# --- every rule through the API ----------------------------------------------------------


@pytest.mark.parametrize(
    ("bought_days_ago", "rule", "remedies"),
    [
        (0, "early_7_days", ["refund", "exchange", "repair"]),
        (7, "early_7_days", ["refund", "exchange", "repair"]),
        (8, "early_15_days", ["exchange", "repair"]),
        (15, "early_15_days", ["exchange", "repair"]),
        (16, "standard_repair", ["repair"]),
        (400, "out_of_period", ["repair"]),
    ],
)
def test_rule_by_days_since_purchase(
    api_as, agent, make_unit, customer, bought_days_ago, rule, remedies
):
    unit = make_unit(customer, purchase_date=days_ago(bought_days_ago))

    out = _ok(_entitlement(api_as(agent), unit))

    assert out["rule"] == rule
    assert out["remedies"] == remedies
    assert out["completed_repairs_in_period"] == 0
    assert out["on"] == today().isoformat()


def test_two_completed_repairs_and_a_further_failure(api_as, agent, make_unit, customer, repair):
    unit = make_unit(customer, purchase_date=days_ago(200))
    first = repair(unit, 150, "closed")
    second = repair(unit, 100, "resolved")
    repair(unit, 0, "new")  # the further failure, reported today

    out = _ok(_entitlement(api_as(agent), unit))

    assert out["rule"] == "two_repairs_failed"
    assert out["remedies"] == ["exchange", "refund"]
    assert out["completed_repairs_in_period"] == 2
    assert out["counted_repairs"] == [first.number, second.number]
    # TG-7: both were open until today, the first since 150 days ago (counted once)
    assert out["extension_days"] == 150
    base = D(out["three_guarantees_base_until"])
    assert D(out["three_guarantees_until"]) == base + dt.timedelta(days=150)
    assert "150" in out["explanation"]


@pytest.mark.parametrize(
    ("second", "count"),
    [
        pytest.param({"exclusion": "misuse"}, 1, id="recorded-misuse"),
        pytest.param({"exclusion": "force_majeure"}, 1, id="recorded-force-majeure"),
        pytest.param({"status": "in_progress"}, 1, id="still-open"),
        pytest.param({"status": "rejected"}, 1, id="customer-not-satisfied"),
        pytest.param({"status": "cancelled"}, 1, id="cancelled"),
        pytest.param({"kind": "maintenance"}, 1, id="maintenance-is-no-repair"),
        pytest.param({"status": "accepted"}, 2, id="accepted-counts"),
    ],
)
def test_which_orders_count_as_completed_repairs(
    api_as, agent, make_unit, customer, repair, second, count
):
    unit = make_unit(customer, purchase_date=days_ago(200))
    repair(unit, 50, "closed")
    repair(unit, 40, second.pop("status", "closed"), **second)

    out = _ok(_entitlement(api_as(agent), unit))

    assert out["completed_repairs_in_period"] == count
    assert out["rule"] == ("two_repairs_failed" if count == 2 else "standard_repair")


def test_clearance_unit_repairs_never_count(api_as, agent, make_unit, customer, repair):
    """The clearance flag is an exclusion of every order of the unit (WAR-5)."""
    unit = make_unit(customer, purchase_date=days_ago(200), clearance_sale=True)
    repair(unit, 50)
    repair(unit, 40)

    out = _ok(_entitlement(api_as(agent), unit))

    assert out["completed_repairs_in_period"] == 0
    assert out["rule"] == "standard_repair"
    assert out["chargeable"] is True
    assert out["exclusions"] == ["clearance_sale"]


@pytest.mark.parametrize(
    ("reported_days_ago", "rule"), [(60, "standard_repair"), (61, "unrepaired_60_days")]
)
def test_repair_not_fixed_within_60_days(
    api_as, agent, make_unit, customer, repair, reported_days_ago, rule
):
    unit = make_unit(customer, purchase_date=days_ago(200))
    order = repair(unit, reported_days_ago, "waiting")

    out = _ok(_entitlement(api_as(agent), unit))

    assert out["rule"] == rule
    assert out["extension_days"] == reported_days_ago
    if rule == "unrepaired_60_days":
        assert out["remedies"] == ["exchange"]
        assert out["unrepaired"] == {
            "service_order": order.number,
            "reported_on": days_ago(61).isoformat(),
            "days_open": 61,
            "limit_days": 60,
            "limit_basis": "commitment",
        }
        assert order.number in out["explanation"]
    else:
        assert out["unrepaired"] is None


@pytest.mark.parametrize(
    ("status", "wait_reason", "days", "rule", "basis"),
    [
        pytest.param("in_progress", "parts", 30, "standard_repair", None, id="30-days-in-time"),
        pytest.param(
            "in_progress", "parts", 31, "unrepaired_60_days", "repairer_fault", id="repairer-31"
        ),
        pytest.param("waiting", "parts", 31, "standard_repair", None, id="parts-31"),
        pytest.param("resumed", "parts", 89, "standard_repair", None, id="waited-for-parts-89"),
        pytest.param(
            "waiting", "customer", 31, "unrepaired_60_days", "repairer_fault", id="customer-wait"
        ),
    ],
)
def test_national_basis_limits(
    api_as,
    agent,
    make_unit,
    customer,
    repair,
    national_model,
    status,
    wait_reason,
    days,
    rule,
    basis,
):
    unit = make_unit(customer, purchase_date=days_ago(200), product_model=national_model)
    repair(unit, days, status, wait_reason=wait_reason)

    out = _ok(_entitlement(api_as(agent), unit))

    assert out["rule"] == rule
    if basis is not None:
        assert out["unrepaired"]["limit_basis"] == basis
        assert out["unrepaired"]["limit_days"] == 30


def test_repair_days_extend_the_period(api_as, agent, make_unit, customer, repair):
    """TG-7: bought 380 days ago, the 12-month period ended about 15 days ago; a repair
    reported 20 days ago and still open extends it by those 20 days."""
    unit = make_unit(customer, purchase_date=days_ago(380))
    base = period_end(days_ago(380), 12)
    assert days_ago(20) <= base < today()
    api = api_as(agent)
    assert _ok(_entitlement(api, unit))["rule"] == "out_of_period"
    repair(unit, 20, "in_progress")

    out = _ok(_entitlement(api, unit))

    assert out["extension_days"] == 20
    assert out["three_guarantees_base_until"] == base.isoformat()
    assert out["three_guarantees_until"] == (base + dt.timedelta(days=20)).isoformat()
    assert out["in_period"] is True
    assert out["rule"] == "standard_repair"


def test_repair_reported_after_the_period_does_not_extend_it(
    api_as, agent, make_unit, customer, repair
):
    unit = make_unit(customer, purchase_date=days_ago(380))
    repair(unit, 10, "in_progress")

    out = _ok(_entitlement(api_as(agent), unit))

    assert out["extension_days"] == 0
    assert out["rule"] == "out_of_period"
    assert out["remedies"] == ["repair"]
    assert out["chargeable"] is True  # the warranty is over too


# --- WAR-2 month arithmetic --------------------------------------------------------------


@pytest.mark.parametrize(
    ("on", "rule"), [("2026-03-09", "standard_repair"), ("2026-03-10", "out_of_period")]
)
def test_war_2_example_last_day(api_as, agent, make_unit, customer, on, rule):
    unit = make_unit(customer, purchase_date=D("2025-03-10"))

    out = _ok(_entitlement(api_as(agent), unit, on))

    assert out["three_guarantees_until"] == "2026-03-09"
    assert out["three_guarantees_base_until"] == "2026-03-09"
    assert out["warranty_start"] == "2025-03-10"
    assert out["rule"] == rule


@pytest.mark.parametrize(
    ("on", "rule"),
    [
        ("2024-02-07", "early_7_days"),
        ("2024-02-15", "early_15_days"),
        ("2024-02-28", "standard_repair"),
        ("2024-02-29", "out_of_period"),
    ],
)
def test_month_end_start(api_as, agent, make_unit, customer, product_line, on, rule):
    one_month = product_model_create(
        code="PJ-1M",
        name="一个月三包",
        product_line=product_line,
        list_price=Decimal(100),
        three_guarantees_months=1,
    )
    unit = make_unit(customer, purchase_date=D("2024-01-31"), product_model=one_month)

    out = _ok(_entitlement(api_as(agent), unit, on))

    assert out["three_guarantees_until"] == "2024-02-28"
    assert out["rule"] == rule


def test_period_starts_on_acceptance(api_as, agent, make_unit, customer):
    unit = make_unit(customer, purchase_date=D("2025-01-05"), acceptance_date=D("2025-03-10"))

    out = _ok(_entitlement(api_as(agent), unit, "2026-03-09"))

    assert out["warranty_start"] == "2025-03-10"
    assert out["start_basis"] == "acceptance_date"
    assert out["rule"] == "standard_repair"
    assert out["early_refund_until"] == "2025-01-12"  # TG-4 counts from the purchase


def test_explanation_follows_the_language(api_as, agent, make_unit, customer):
    unit = make_unit(customer, purchase_date=D("2025-03-10"))
    api = api_as(agent)

    english = api.get(
        f"/units/{unit.pk}/entitlement",
        {"on": "2025-06-01"},
        headers={"Accept-Language": "en"},
    ).json()["explanation"]
    chinese = api.get(
        f"/units/{unit.pk}/entitlement",
        {"on": "2025-06-01"},
        headers={"Accept-Language": "zh-hans"},
    ).json()["explanation"]

    assert "Three-guarantees period" in english
    assert "2026-03-09" in english
    assert "2026-03-09" in chinese


def test_reads_a_fixed_number_of_queries(api_as, agent, make_unit, customer, repair):
    unit = make_unit(customer, purchase_date=days_ago(200))
    api = api_as(agent)
    repair(unit, 50)
    with CaptureQueriesContext(connection) as few:
        _ok(_entitlement(api, unit))
    for n in range(4):
        repair(unit, 40 - n)
    with CaptureQueriesContext(connection) as many:
        _ok(_entitlement(api, unit))

    assert len(many) == len(few)


# --- bad input, visibility ----------------------------------------------------------------


@pytest.mark.parametrize("on", ["2025-13-01", "tomorrow", "2025-3-1x"])
def test_bad_date_is_refused_naming_on(api_as, agent, make_unit, customer, on):
    unit = make_unit(customer)

    assert_refused(_entitlement(api_as(agent), unit, on), 422, "on")


def test_date_before_the_purchase_is_refused(api_as, agent, make_unit, customer):
    unit = make_unit(customer, purchase_date=D("2025-03-10"))

    body = assert_refused(_entitlement(api_as(agent), unit, "2025-03-09"), 422, "on")
    assert "2025-03-10" in body["errors"]["on"][0]


def test_customer_sees_the_entitlement_of_its_own_unit(api_as, make_unit, customer, customer_user):
    unit = make_unit(customer, purchase_date=days_ago(3))

    out = _ok(_entitlement(api_as(customer_user(customer)), unit))

    assert out["rule"] == "early_7_days"


@pytest.mark.parametrize("who", ["other_customer", "beijing_dispatcher", "missing"])
def test_invisible_unit_is_not_found(
    api_as, make_unit, make_customer, make_staff, customer, customer_user, regions, who
):
    unit = make_unit(customer)
    user = {
        "other_customer": lambda: customer_user(make_customer()),
        "beijing_dispatcher": lambda: make_staff("dispatcher", region=regions["beijing"]),
        "missing": lambda: make_staff("agent"),
    }[who]()
    unit_id = unit.pk + 1000 if who == "missing" else unit.pk

    response = api_as(user).get(f"/units/{unit_id}/entitlement")

    assert_refused(response, 404)


def test_anonymous_is_refused(api_as, make_unit, customer):
    assert api_as(None).get(f"/units/{make_unit(customer).pk}/entitlement").status_code == 401
