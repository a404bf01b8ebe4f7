"""Fixtures for the dispatch tests: network points with coordinates in 上海, 杭州 and
北京, engineers made to order (skill, certificate, shift, place), and acknowledged
orders of a 上海 customer, all through the real services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from aftersales.accounts.models import User
from aftersales.customers.models import Customer
from aftersales.organisation.models import NetworkPoint
from aftersales.organisation.services import network_point_create
from aftersales.service_orders.models import ServiceOrder, ServiceOrderEvent
from aftersales.service_orders.services import service_order_transition
from aftersales.training.models import Certificate
from aftersales.training.services import certificate_create

COORDINATES = {
    "shanghai": (Decimal("31.230400"), Decimal("121.473700")),
    "hangzhou": (Decimal("30.274100"), Decimal("120.155100")),
    "beijing": (Decimal("39.904200"), Decimal("116.407400")),
}
EN = {"Accept-Language": "en"}


def days_from_today(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


@pytest.fixture
def admin(make_staff) -> User:
    return make_staff("admin")


@pytest.fixture
def dispatcher(make_staff, regions) -> User:
    return make_staff("dispatcher", region=regions["east"])


@pytest.fixture
def points(regions) -> dict[str, NetworkPoint]:
    return {
        name: network_point_create(
            code=f"np-{name}",
            name=f"{regions[name].name}网点",
            region=regions[name],
            latitude=lat,
            longitude=lon,
        )
        for name, (lat, lon) in COORDINATES.items()
    }


@pytest.fixture
def make_engineer(make_staff, regions, points, product_line, admin):
    """``make_engineer(region, skilled=, certified_until=, on_shift=, at=(lat, lon))``."""

    def make(
        region: str = "shanghai",
        *,
        skilled: bool = True,
        certified_until: dt.date | None = dt.date.max,
        on_shift: bool = True,
        at: tuple[str, str] | None = None,
        **extra: Any,
    ) -> User:
        engineer = make_staff(
            "engineer",
            region=regions[region],
            skills=[product_line] if skilled else [],
            network_point=points.get(region),
            **extra,
        )
        if certified_until is dt.date.max:
            certified_until = days_from_today(365)
        if certified_until is not None and certified_until >= timezone.localdate():
            certificate_create(
                actor=admin,
                holder_id=engineer.pk,
                product_line_code=product_line.code,
                number=f"PJ-{engineer.pk}",
                valid_until=certified_until,
            )
        elif certified_until is not None:  # expired since: the service refuses those
            Certificate.objects.create(
                holder=engineer,
                product_line=product_line,
                number=f"PJ-{engineer.pk}",
                valid_until=certified_until,
            )
        changes: dict[str, Any] = {}
        if not on_shift:
            changes["on_shift"] = False
        if at is not None:
            changes["base_latitude"], changes["base_longitude"] = (Decimal(v) for v in at)
        if changes:
            User.objects.filter(pk=engineer.pk).update(**changes)
            engineer.refresh_from_db()
        return engineer

    return make


@pytest.fixture
def customer(make_customer, regions) -> Customer:
    return make_customer(region=regions["shanghai"])


@pytest.fixture
def acknowledged_order(customer, make_unit, make_order, admin):
    """``acknowledged_order(of=customer, unit=True, **fields)``: ready to be assigned."""

    def make(of: Customer | None = None, *, unit: bool = True, **fields: Any) -> ServiceOrder:
        owner = of or customer
        order = make_order(owner, make_unit(owner) if unit else None, **fields)
        service_order_transition(actor=admin, order_id=order.pk, action="acknowledge")
        order.refresh_from_db()
        return order

    return make


def assign(actor: User, order: ServiceOrder, engineer: User) -> None:
    service_order_transition(
        actor=actor, order_id=order.pk, action="assign", payload={"engineer": engineer.pk}
    )


def orders_state(*orders: ServiceOrder) -> dict[str, Any]:
    ids = [o.pk for o in orders]
    return {
        "orders": list(ServiceOrder.objects.filter(pk__in=ids).values().order_by("id")),
        "events": ServiceOrderEvent.objects.count(),
    }
