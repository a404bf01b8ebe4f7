"""The gate wired into the lifecycle: assigning through the API refuses an engineer
without the skill or a valid certificate (422 naming ``engineer``) and writes nothing."""

from __future__ import annotations

import pytest

from aftersales.dispatch.tests.conftest import days_from_today, orders_state


@pytest.mark.parametrize(
    ("skilled", "certified_until"),
    [
        pytest.param(True, None, id="no-certificate"),
        pytest.param(True, days_from_today(-1), id="expired-yesterday"),
        pytest.param(False, None, id="no-skill"),
    ],
)
def test_assign_refuses_an_unqualified_engineer(
    api_as, dispatcher, make_engineer, acknowledged_order, skilled, certified_until
):
    order = acknowledged_order()
    engineer = make_engineer(skilled=skilled, certified_until=certified_until)
    before = orders_state(order)
    response = api_as(dispatcher).post(
        f"/service-orders/{order.pk}/assign", {"engineer": engineer.pk}
    )
    assert response.status_code == 422, response.content
    assert "engineer" in response.json()["errors"]
    assert orders_state(order) == before


def test_assign_takes_an_engineer_certified_through_today(
    api_as, dispatcher, make_engineer, acknowledged_order
):
    order = acknowledged_order()
    engineer = make_engineer(certified_until=days_from_today(0))  # expiry day inclusive
    response = api_as(dispatcher).post(
        f"/service-orders/{order.pk}/assign", {"engineer": engineer.pk}
    )
    assert response.status_code == 200, response.content
    assert response.json()["assigned_engineer"] == engineer.pk
