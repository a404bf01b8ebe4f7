"""``unit_repair_records``: what the rules see of a unit's orders."""

from __future__ import annotations

import pytest

from aftersales.warranty.selectors import unit_repair_records
from aftersales.warranty.tests.helpers import days_ago, today

pytestmark = pytest.mark.django_db


@pytest.fixture
def unit(make_unit, make_customer):
    return make_unit(make_customer(), purchase_date=days_ago(300))


def test_records_carry_dates_status_and_flags(unit, repair, make_unit, make_customer):
    closed = repair(unit, 90, "closed")
    waiting = repair(unit, 60, "waiting", wait_reason="parts", exclusion="misuse")
    resumed = repair(unit, 50, "resumed", wait_reason="parts")
    customer_wait = repair(unit, 40, "waiting", wait_reason="customer")
    rejected = repair(unit, 30, "rejected")
    repair(unit, 20, "closed", kind="maintenance")  # not a repair: left out
    repair(make_unit(make_customer()), 10)  # another unit's: left out

    records = {r.ref: r for r in unit_repair_records(unit=unit)}

    assert list(records) == [
        closed.number,
        waiting.number,
        resumed.number,
        customer_wait.number,
        rejected.number,
    ]
    assert records[closed.number].reported == days_ago(90)
    assert records[closed.number].completed == today()
    assert records[closed.number].status == "closed"
    assert records[waiting.number].excluded is True
    assert records[closed.number].excluded is False
    assert records[waiting.number].waited_for_parts is True
    assert records[resumed.number].waited_for_parts is True
    assert records[customer_wait.number].waited_for_parts is False
    # The customer was not satisfied: the order is open again, whatever resolved_at says.
    assert records[rejected.number].status == "in_progress"
    assert records[rejected.number].completed is None


def test_unit_level_exclusion_marks_every_order(unit, repair):
    first = repair(unit, 90, "closed")
    repair(unit, 60, "in_progress", exclusion="model_mismatch_or_altered")

    records = unit_repair_records(unit=unit)

    assert [r.excluded for r in records] == [True, True]
    assert records[0].ref == first.number


def test_a_unit_without_orders_has_no_records(unit):
    assert unit_repair_records(unit=unit) == []
