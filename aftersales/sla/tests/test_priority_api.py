"""POST /api/v1/service-orders/{id}/priority: re-targets the SLA (SLA-1, SLA-2)."""

from __future__ import annotations

import pytest

from aftersales.service_orders.tests.helpers import order_state


def test_raising_the_priority_retargets_and_answers_the_order(api_as, agent, order_in):
    order = order_in("acknowledged")
    api = api_as(agent)
    before = api.get(f"/service-orders/{order.pk}").json()
    response = api.post(
        f"/service-orders/{order.pk}/priority", {"priority": "urgent", "reason": "客户停产"}
    )
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["priority"] == "urgent"
    assert data["sla"]["on_site_by"] < before["sla"]["on_site_by"]  # 24 h → 4 h
    assert any(e["kind"] == "sla" for e in data["timeline"])


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"priority": "asap", "reason": "x"}, "priority"),
        ({"priority": "urgent", "reason": "  "}, "reason"),
        ({"priority": "urgent"}, "reason"),
        ({"priority": "urgent", "reason": "x", "extra": 1}, "extra"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(api_as, agent, order_in, body, field):
    order = order_in("acknowledged")
    before = order_state(order.pk)
    response = api_as(agent).post(f"/service-orders/{order.pk}/priority", body)
    assert response.status_code in (400, 422), response.content
    assert field in str(response.json()["errors"])
    assert order_state(order.pk) == before


def test_who_may_not_change_it(api_as, make_staff, customer_user, order_in):
    order = order_in("acknowledged")
    before = order_state(order.pk)
    body = {"priority": "urgent", "reason": "x"}
    engineer = make_staff("engineer")  # sees no order of this region
    assert api_as(engineer).post(f"/service-orders/{order.pk}/priority", body).status_code == 404
    warehouse = make_staff("warehouse")  # sees the region's orders, may not change them
    assert api_as(warehouse).post(f"/service-orders/{order.pk}/priority", body).status_code == 403
    assert api_as(None).post(f"/service-orders/{order.pk}/priority", body).status_code == 401
    assert order_state(order.pk) == before


def test_a_closed_order_keeps_its_priority(api_as, agent, order_in):
    order = order_in("cancelled")
    response = api_as(agent).post(
        f"/service-orders/{order.pk}/priority", {"priority": "urgent", "reason": "x"}
    )
    assert response.status_code == 409
