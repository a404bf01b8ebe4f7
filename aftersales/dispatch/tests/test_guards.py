"""``check_assignable``: the skill and certificate gate of assignment (DSP-1, TRN-2)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from aftersales.core.exceptions import ValidationFailed
from aftersales.dispatch.guards import check_assignable
from aftersales.dispatch.tests.conftest import days_from_today


@pytest.mark.parametrize(
    ("skilled", "certified_until", "on_offset", "problems"),
    [
        (True, 30, 0, []),
        (True, 0, 0, []),  # the expiry day itself still counts
        (True, 0, 1, ["certificate"]),  # the day after it does not
        (True, None, 0, ["certificate"]),
        (False, 30, 0, ["skill"]),
        (False, None, 0, ["skill", "certificate"]),
    ],
)
def test_the_gate(make_engineer, acknowledged_order, skilled, certified_until, on_offset, problems):
    engineer = make_engineer(
        skilled=skilled,
        certified_until=None if certified_until is None else days_from_today(certified_until),
    )
    order = acknowledged_order()
    on = days_from_today(on_offset)

    if not problems:
        check_assignable(order=order, engineer=engineer, on=on)
        return
    with pytest.raises(ValidationFailed) as refused:
        check_assignable(order=order, engineer=engineer, on=on)
    messages = refused.value.errors["engineer"]
    assert len(messages) == len(problems)
    assert list(refused.value.errors) == ["engineer"]


def test_an_expired_certificate_is_refused_today(make_engineer, acknowledged_order):
    engineer = make_engineer(certified_until=days_from_today(-1))

    with pytest.raises(ValidationFailed) as refused:
        check_assignable(order=acknowledged_order(), engineer=engineer)

    assert refused.value.http_status == 422
    assert "engineer" in refused.value.errors


def test_a_certificate_for_another_line_does_not_count(
    make_engineer, acknowledged_order, admin, db
):
    from decimal import Decimal

    from aftersales.catalog.services import product_line_create
    from aftersales.training.services import certificate_create

    other = product_line_create(
        code="display",
        name="显示屏",
        warranty_months=12,
        accessory_warranty_months=6,
        three_guarantees_months=12,
        depreciation_rate_per_day=Decimal("0.001"),
    )
    engineer = make_engineer(certified_until=None)
    certificate_create(
        actor=admin,
        holder_id=engineer.pk,
        product_line_code=other.code,
        number="D-1",
        valid_until=days_from_today(10),
    )
    with pytest.raises(ValidationFailed):
        check_assignable(order=acknowledged_order(), engineer=engineer)


def test_an_order_without_a_unit_has_nothing_to_check(make_engineer, acknowledged_order):
    engineer = make_engineer(skilled=False, certified_until=None)
    check_assignable(order=acknowledged_order(unit=False), engineer=engineer)


def test_the_gate_costs_two_statements(make_engineer, acknowledged_order):
    engineer, order = make_engineer(), acknowledged_order()
    with CaptureQueriesContext(connection) as queries:
        check_assignable(order=order, engineer=engineer)
    assert len(queries) == 2
