"""Fixtures for the charges tests: a price list, parts of each warranty class, units in
and out of warranty, and ``order_in(status, unit)`` driven there through the real
service."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from aftersales.accounts.models import User
from aftersales.catalog.models import Part
from aftersales.catalog.services import part_create
from aftersales.charges.models import ChargeAdjustment, ChargeLine, PriceList, Quote
from aftersales.charges.services import price_list_create
from aftersales.customers.models import Customer
from aftersales.service_orders.models import ServiceOrder, ServiceOrderEvent
from aftersales.service_orders.services import service_order_transition
from aftersales.service_orders.tests.helpers import PATHS, payload_for
from aftersales.units.models import Unit

D = Decimal


def days_ago(n: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=n)


@pytest.fixture
def admin(make_staff) -> User:
    return make_staff("admin")


@pytest.fixture
def engineer(make_staff, regions, product_line) -> User:
    return make_staff("engineer", region=regions["shanghai"])


@pytest.fixture
def other_engineer(make_staff, regions, product_line) -> User:
    return make_staff("engineer", region=regions["shanghai"])


@pytest.fixture
def customer(make_customer) -> Customer:
    return make_customer()


@pytest.fixture
def price_list(db) -> PriceList:
    """In force from a year ago: levels 1–3, 120.00 per hour, four distance bands."""
    return price_list_create(
        name="标准价目表",
        valid_from=days_ago(365),
        hourly_rate=D("120.00"),
        labour_rates=[
            (1, "简单故障", D("80.00")),
            (2, "一般故障", D("150.00")),
            (3, "复杂", D("300.00")),
        ],
        travel_bands=[
            (D("0"), D("15"), D("30.00")),
            (D("15"), D("30"), D("60.00")),
            (D("30"), D("60"), D("100.00")),
            (D("60"), None, D("150.00")),
        ],
    )


@pytest.fixture
def parts(product_model) -> dict[str, Part]:
    return {
        "main": part_create(
            sku="PWR-BOARD",
            name="电源板",
            warranty_class="main",
            price=D("420.00"),
            fits=[product_model],
        ),
        "accessory": part_create(
            sku="REMOTE", name="遥控器", warranty_class="accessory", price=D("65.50"), fits=[]
        ),
        "consumable": part_create(
            sku="LAMP", name="灯泡", warranty_class="consumable", price=D("899.00"), fits=[]
        ),
    }


@pytest.fixture
def unit_in(customer, make_unit):
    """``unit_in("warranty" | "accessories_expired" | "expired")``."""

    def make(kind: str = "warranty", **extra: Any) -> Unit:
        age = {"warranty": 30, "accessories_expired": 240, "expired": 800}[kind]
        return make_unit(customer, purchase_date=days_ago(age), **extra)

    return make


@pytest.fixture
def drive(admin, engineer):
    def drive(order: ServiceOrder, status: str) -> ServiceOrder:
        for action in PATHS[status]:
            service_order_transition(
                actor=admin,
                order_id=order.pk,
                action=action,
                payload=payload_for(action, engineer_id=engineer.pk),
            )
        order.refresh_from_db()
        assert order.status == status
        return order

    return drive


@pytest.fixture
def order_in(customer, unit_in, make_order, drive):
    """``order_in(status, unit=None, warranty="warranty")``: an order of ``customer``."""

    def make(status: str, unit: Unit | None = None, warranty: str = "warranty") -> ServiceOrder:
        order = make_order(customer, unit or unit_in(warranty))
        return drive(order, status)

    return make


def charge_state(order_id: int) -> dict[str, Any]:
    """Everything a refused request must leave alone."""
    return {
        "order": ServiceOrder.objects.filter(pk=order_id).values().get(),
        "events": list(ServiceOrderEvent.objects.filter(order_id=order_id).values().order_by("id")),
        "quotes": list(Quote.objects.filter(order_id=order_id).values().order_by("id")),
        "adjustments": list(ChargeAdjustment.objects.filter(order_id=order_id).values()),
        "lines": ChargeLine.objects.count(),
    }
