"""Loaner fixtures: warehouses around 上海 (its own, the 华东 one, 杭州's, 北京's and the
central one), a pool maker, a 上海 in-warranty repair and a way to move it on."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from aftersales.catalog.services import product_model_create
from aftersales.inventory.services import warehouse_create
from aftersales.loaners.models import Loan, LoanerUnit
from aftersales.loaners.services import loaner_unit_create
from aftersales.service_orders.models import ServiceOrder, ServiceOrderEvent
from aftersales.service_orders.services import service_order_transition
from aftersales.service_orders.tests.helpers import PATHS, payload_for

HTMX = {"HX-Request": "true"}


@pytest.fixture
def boss(make_staff):
    return make_staff("admin")


@pytest.fixture
def warehouses(boss, regions) -> dict[str, Any]:
    def regional(code: str, name: str, region: str) -> Any:
        return warehouse_create(
            actor=boss, code=code, name=name, kind="regional", region_id=regions[region].pk
        )

    return {
        "central": warehouse_create(actor=boss, code="central", name="总仓", kind="central"),
        "shanghai": regional("sh", "上海区域仓", "shanghai"),
        "east": regional("east", "华东区域仓", "east"),
        "hangzhou": regional("hz", "杭州区域仓", "hangzhou"),
        "beijing": regional("bj", "北京区域仓", "beijing"),
    }


@pytest.fixture
def other_model(product_line):
    return product_model_create(
        code="PJ-200", name="投影机 PJ-200", product_line=product_line, list_price=Decimal("4999")
    )


_serials = iter(range(1, 10_000))


@pytest.fixture
def make_loaner(boss, product_model):
    def make(warehouse: Any, model: Any = None, serial: str | None = None) -> LoanerUnit:
        return loaner_unit_create(
            actor=boss,
            serial_number=serial or f"LN{next(_serials):05d}",
            product_model_id=(model or product_model).pk,
            warehouse_id=warehouse.pk,
        )

    return make


@pytest.fixture
def shanghai_engineer(make_staff, regions, product_line):
    return make_staff("engineer", region=regions["shanghai"])  # certified for the line


@pytest.fixture
def people(make_staff, regions, product_line, shanghai_engineer):
    """Who acts on 上海's loaners, and who may not."""
    return {
        "dispatcher": make_staff("dispatcher", region=regions["shanghai"]),
        "keeper": make_staff("warehouse", region=regions["shanghai"]),
        "beijing_keeper": make_staff("warehouse", region=regions["beijing"]),
        "beijing_dispatcher": make_staff("dispatcher", region=regions["beijing"]),
        "agent": make_staff("agent"),
        "quality": make_staff("quality"),
        "engineer": shanghai_engineer,
        "other_engineer": make_staff("engineer", region=regions["shanghai"]),
    }


@pytest.fixture
def order(regions, make_customer, make_unit, make_order) -> ServiceOrder:
    customer = make_customer(region=regions["shanghai"])
    return make_order(customer, make_unit(customer))


@pytest.fixture
def beijing_order(regions, make_customer, make_unit, make_order) -> ServiceOrder:
    customer = make_customer(region=regions["beijing"])
    return make_order(customer, make_unit(customer))


@pytest.fixture
def drive(boss, shanghai_engineer):
    """``drive(order, status)`` moves an order on from ``new`` through the real service
    (``steps`` from a later status), the ``shanghai_engineer`` assigned."""

    def go(order: ServiceOrder, status: str, *, since: str = "new") -> ServiceOrder:
        done = len(PATHS[since])
        for action in PATHS[status][done:]:
            service_order_transition(
                actor=boss,
                order_id=order.pk,
                action=action,
                payload=payload_for(action, engineer_id=shanghai_engineer.pk),
            )
        order.refresh_from_db()
        return order

    return go


def written(order: ServiceOrder) -> dict[str, Any]:
    """What a refused request must leave alone."""
    return {
        "loans": list(Loan.objects.values().order_by("id")),
        "units": list(LoanerUnit.objects.values("id", "status", "note").order_by("id")),
        "events": ServiceOrderEvent.objects.filter(order=order).count(),
    }


@pytest.fixture
def english():
    """``english(user)`` → a test client signed in as ``user``, reading English."""

    def make(user) -> Client:
        client = Client(HTTP_ACCEPT_LANGUAGE="en")
        client.force_login(user)
        client.cookies["django_language"] = "en"
        return client

    return make
