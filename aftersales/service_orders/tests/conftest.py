"""Fixtures for the service-order tests: an admin, two engineers of 上海, and
``order_in(status)`` which drives a fresh order there through the real service."""

from __future__ import annotations

from typing import Any

import pytest

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
def other_engineer(make_staff, regions, product_line) -> User:
    return make_staff("engineer", region=regions["shanghai"])


@pytest.fixture
def customer(make_customer) -> Customer:
    return make_customer()


@pytest.fixture
def drive(admin, engineer):
    """``drive(order, status)``: take ``order`` from ``new`` to ``status`` as admin."""

    def drive(order: ServiceOrder, status: str, *, assignee: User | None = None) -> ServiceOrder:
        for action in PATHS[status]:
            service_order_transition(
                actor=admin,
                order_id=order.pk,
                action=action,
                payload=payload_for(action, engineer_id=(assignee or engineer).pk),
            )
        order.refresh_from_db()
        assert order.status == status
        return order

    return drive


@pytest.fixture
def order_in(customer, make_unit, make_order, drive):
    """``order_in(status, **create_fields)``: a new order of ``customer`` driven there."""

    def make(
        status: str,
        *,
        of: Customer | None = None,
        assignee: User | None = None,
        **fields: Any,
    ) -> ServiceOrder:
        owner = of or customer
        unit = fields.pop("unit", None) or make_unit(owner)
        order = make_order(owner, unit, **fields)
        return drive(order, status, assignee=assignee)

    return make
