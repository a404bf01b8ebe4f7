"""The hot order endpoints answer with JSON they render themselves (``json_response``),
without ninja validating it against the declared response schema. These tests hold them
to that schema: every field the OpenAPI document declares, of the declared type, and
nothing else — for a list page, a read, a create and a transition."""

from __future__ import annotations

import typing
from typing import Any

import pytest
from pydantic import BaseModel

from aftersales.service_orders import schemas as s
from aftersales.service_orders.services import (
    service_order_record_exclusion,
    service_order_transition,
)


def _model_of(annotation: Any) -> type[BaseModel] | None:
    """The pydantic model inside ``X``, ``X | None`` or ``list[X]``, if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        model = _model_of(arg)
        if model is not None:
            return model
    return None


def assert_exactly(schema: type[BaseModel], data: Any, path: str = "") -> None:
    schema.model_validate(data)  # types
    assert set(data) == set(schema.model_fields), path or schema.__name__  # names
    for name, field in schema.model_fields.items():
        nested = _model_of(field.annotation)
        value = data[name]
        if nested is None or value is None:
            continue
        for i, item in enumerate(value if isinstance(value, list) else [value]):
            assert_exactly(nested, item, f"{path}.{name}[{i}]")


@pytest.fixture
def busy_order(agent, customer, make_unit, make_order, make_staff):
    unit = make_unit(customer)
    order = make_order(customer, unit)
    service_order_record_exclusion(actor=agent, order_id=order.pk, reason="misuse", note="进水")
    service_order_transition(actor=agent, order_id=order.pk, action="acknowledge")
    return order


def test_list_page_matches_its_schema(api_as, agent, busy_order, make_order, customer):
    make_order(customer)  # one without a unit
    data = api_as(agent).get("/service-orders?page_size=1").json()
    assert_exactly(s.ServiceOrderListOut, data)
    data = api_as(agent).get("/service-orders").json()
    assert len(data["results"]) == 2
    assert_exactly(s.ServiceOrderListOut, data)


def test_read_matches_its_schema(api_as, agent, busy_order):
    data = api_as(agent).get(f"/service-orders/{busy_order.pk}").json()
    assert data["warranty"]["exclusions"] == ["misuse"]
    assert len(data["timeline"]) >= 3
    assert_exactly(s.ServiceOrderOut, data)


def test_create_answer_matches_its_schema(api_as, agent, customer, make_unit):
    unit = make_unit(customer)
    body = {"kind": "repair", "channel": "phone", "customer": customer.pk, "unit": unit.pk}
    response = api_as(agent).post("/service-orders", {**body, "fault_description": "不开机"})
    assert response.status_code == 201
    assert response["Content-Type"] == "application/json"
    assert_exactly(s.ServiceOrderOut, response.json())


def test_transition_answer_matches_its_schema(api_as, agent, customer, make_order):
    order = make_order(customer)
    response = api_as(agent).post(f"/service-orders/{order.pk}/acknowledge", {})
    assert response.status_code == 200
    assert_exactly(s.ServiceOrderOut, response.json())
