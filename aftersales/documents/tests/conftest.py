"""A unit with its card and an order driven through the real services to ``accepted``."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from aftersales.service_orders.services import service_order_transition

TO_ACCEPTED = [
    ("acknowledge", {}),
    ("assign", None),  # the engineer is filled in
    ("depart", {}),
    ("arrive", {}),
    ("start", {}),
    (
        "complete",
        {"fault_cause": "电源板老化", "actions_taken": "更换电源板并清洁风扇", "fault_code": "E01"},
    ),
    ("confirm", {"accepted": True, "customer_opinion": "服务及时，非常满意"}),
]


@pytest.fixture
def owner(make_customer, regions):
    return make_customer(name="张三丰", phone="13912345678", region=regions["shanghai"])


@pytest.fixture
def unit(owner, make_unit):
    today = timezone.localdate()
    return make_unit(
        owner,
        serial_number="PJ100-A0001",
        warranty_card_number="WC-778899",
        purchase_date=today - dt.timedelta(days=40),
        acceptance_date=today - dt.timedelta(days=30),
        sale_price=Decimal("3599.00"),
    )


@pytest.fixture
def engineer(make_staff, regions, product_line):
    return make_staff("engineer", region=regions["shanghai"])


@pytest.fixture
def admin(make_staff):
    return make_staff("admin")


@pytest.fixture
def open_order(owner, unit, make_order):
    return make_order(owner, unit, fault_description="开机无显示，指示灯闪烁")


@pytest.fixture
def accepted_order(open_order, admin, engineer):
    for action, payload in TO_ACCEPTED:
        service_order_transition(
            actor=admin,
            order_id=open_order.pk,
            action=action,
            payload={"engineer": engineer.pk} if payload is None else payload,
        )
    open_order.refresh_from_db()
    assert open_order.status == "accepted"
    return open_order
