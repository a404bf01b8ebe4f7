"""Fixtures for the SLA tests: staff of 上海, and orders driven through the real service."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from aftersales.accounts.models import User
from aftersales.customers.models import Customer
from aftersales.service_orders.models import ServiceOrder
from aftersales.service_orders.services import service_order_transition
from aftersales.service_orders.tests.helpers import PATHS, payload_for


@pytest.fixture
def admin(make_staff) -> User:
    return make_staff("admin")


@pytest.fixture
def engineer(make_staff, regions, product_line) -> User:
    return make_staff("engineer", region=regions["shanghai"])


@pytest.fixture
def customer(make_customer) -> Customer:
    return make_customer()


@pytest.fixture
def act(admin):
    """``act(order, action, **payload)`` as admin; returns the order as saved."""

    def act(order: ServiceOrder, action: str, actor: User | None = None, **payload: Any):
        return service_order_transition(
            actor=actor or admin, order_id=order.pk, action=action, payload=payload
        )

    return act


@pytest.fixture
def drive(admin, engineer):
    def drive(order: ServiceOrder, status: str, *, assignee: User | None = None) -> ServiceOrder:
        for action in PATHS[status]:
            service_order_transition(
                actor=admin,
                order_id=order.pk,
                action=action,
                payload=payload_for(action, engineer_id=(assignee or engineer).pk),
            )
        order.refresh_from_db()
        return order

    return drive


@pytest.fixture
def order_in(customer, make_unit, make_order, drive):
    """``order_in(status, hours_ago=0, **create_fields)``: an in-warranty order of
    ``customer`` reported ``hours_ago`` and driven to ``status``."""

    def make(
        status: str,
        *,
        hours_ago: float = 0,
        of: Customer | None = None,
        assignee: User | None = None,
        **fields: Any,
    ) -> ServiceOrder:
        owner = of or customer
        if "unit" not in fields:
            fields["unit"] = make_unit(owner)
        if hours_ago:
            fields["reported_at"] = timezone.now() - dt.timedelta(hours=hours_ago)
        order = make_order(owner, fields.pop("unit"), **fields)
        return drive(order, status, assignee=assignee)

    return make
