"""Fixtures and helpers shared by the tests of parts on service orders
(``test_order_parts``, ``test_order_parts_refusals``, ``test_defective_returns``).

The fixtures carry ``name=`` so that test modules import them under their ``*_fixture``
names and take them as arguments by their plain names."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from aftersales.inventory.models import DefectiveReturn, OrderPart, Stock, StockMove
from aftersales.inventory.order_parts import order_part_reserve
from aftersales.service_orders.models import ServiceOrderEvent
from aftersales.service_orders.services import service_order_transition
from aftersales.service_orders.tests.helpers import PATHS, payload_for

EN = {"Accept-Language": "en"}


@pytest.fixture(name="shanghai_engineer")
def shanghai_engineer_fixture(make_staff, regions, product_line):
    """Overrides the inventory fixture: certified for the line, so orders can be assigned."""
    return make_staff("engineer", region=regions["shanghai"])


@pytest.fixture(name="drive")
def drive_fixture(boss, shanghai_engineer):
    def go(order, status: str, *, since: str = "new"):
        for action in PATHS[status][len(PATHS[since]) :]:
            service_order_transition(
                actor=boss,
                order_id=order.pk,
                action=action,
                payload=payload_for(action, engineer_id=shanghai_engineer.pk),
            )
        order.refresh_from_db()
        assert order.status == status
        return order

    return go


@pytest.fixture(name="order_in")
def order_in_fixture(regions, make_customer, make_unit, make_order, drive):
    """``order_in(status, age=30)``: a 上海 repair of a unit bought ``age`` days ago."""

    def make(status: str = "in_progress", age: int | None = 30):
        customer = make_customer(region=regions["shanghai"])
        unit = None
        if age is not None:
            unit = make_unit(customer, purchase_date=timezone.localdate() - dt.timedelta(days=age))
        return drive(make_order(customer, unit), status)

    return make


@pytest.fixture(name="order")
def order_fixture(order_in):
    return order_in()


@pytest.fixture(name="stocked")
def stocked_fixture(shanghai_wh, van, part, stock_up):
    """5 of ``part`` in 上海's warehouse, 3 in the engineer's van."""
    stock_up(shanghai_wh, part, 5)
    stock_up(van, part, 3)
    return part


@pytest.fixture(name="engineer_api")
def engineer_api_fixture(api_as, shanghai_engineer):
    return api_as(shanghai_engineer)


def held(warehouse, part) -> tuple[int, int, int]:
    row = Stock.objects.get(warehouse=warehouse, part=part)
    return row.on_hand, row.reserved, row.defective


def written() -> dict[str, Any]:
    """Everything a refused request must leave alone."""
    return {
        "moves": list(StockMove.objects.values().order_by("id")),
        "stock": list(Stock.objects.values().order_by("id")),
        "order_parts": list(OrderPart.objects.values().order_by("id")),
        "returns": list(DefectiveReturn.objects.values().order_by("id")),
        "events": ServiceOrderEvent.objects.count(),
    }


def parts_events(order) -> list[tuple[str, dict[str, Any]]]:
    return [
        (e.action, e.extra)
        for e in ServiceOrderEvent.objects.filter(order=order, kind="parts").order_by("id")
    ]


def reserve_api(client, order, part, warehouse, quantity=1, **headers):
    return client.post(
        f"/service-orders/{order.pk}/parts",
        {"part": part.pk, "warehouse": warehouse.pk, "quantity": quantity},
        headers=headers or None,
    )


def reserve(actor, order, part, warehouse, quantity=1) -> OrderPart:
    return order_part_reserve(
        actor=actor,
        order_id=order.pk,
        part_id=part.pk,
        warehouse_id=warehouse.pk,
        quantity=quantity,
    )


def issue_from_van(client, order, part, van, quantity=1):
    return client.post(
        "/stock-moves",
        {
            "kind": "issue",
            "part": part.pk,
            "quantity": quantity,
            "from_warehouse": van.pk,
            "service_order": order.pk,
        },
    )


def return_defective(client, order, part, warehouse, quantity):
    return client.post(
        "/stock-moves",
        {
            "kind": "defective_return",
            "part": part.pk,
            "quantity": quantity,
            "to_warehouse": warehouse.pk,
            "service_order": order.pk,
        },
        headers=EN,
    )
