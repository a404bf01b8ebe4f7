"""The repair report prints the charges app's final charge list (SO-5, FEE-3): the hook
``documents.charges.report_charges`` wired to ``charges.selectors.final_charges``."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from aftersales.documents.charges import report_charges
from aftersales.documents.render import render_pdf
from aftersales.documents.selectors import repair_report_context
from aftersales.documents.tests.helpers import pdf_text
from aftersales.service_orders.services import service_order_transition

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.fixture
def charged_order(api_as, owner, make_unit, make_order, admin, engineer, agent, product_model):
    from aftersales.catalog.services import part_create
    from aftersales.charges.services import price_list_create

    price_list_create(
        name="标准价目表",
        valid_from=timezone.localdate() - dt.timedelta(days=365),
        hourly_rate=D("120.00"),
        labour_rates=[(2, "一般故障", D("150.00"))],
        travel_bands=[(D("0"), None, D("30.00"))],
    )
    board = part_create(
        sku="PWR-BOARD",
        name="电源板",
        warranty_class="main",
        price=D("420.00"),
        fits=[product_model],
    )
    expired = make_unit(
        owner, serial_number="OLD-SN-9", purchase_date=timezone.localdate() - dt.timedelta(800)
    )
    order = make_order(owner, expired)
    steps = [
        ("acknowledge", {}),
        ("assign", {"engineer": engineer.pk}),
        ("depart", {}),
        ("arrive", {}),
        ("start", {}),
    ]
    for action, payload in steps:
        service_order_transition(actor=admin, order_id=order.pk, action=action, payload=payload)
    body = {
        "labour": {"fault_level": 2},
        "travel": {"distance_km": "5"},
        "parts": [{"part": board.pk, "quantity": 1}],
    }
    assert api_as(engineer).post(f"/service-orders/{order.pk}/quote", body).status_code == 201
    approve = api_as(agent).post(f"/service-orders/{order.pk}/quote/approve", {"channel": "phone"})
    assert approve.status_code == 200, approve.content
    service_order_transition(
        actor=engineer,
        order_id=order.pk,
        action="complete",
        payload={"fault_cause": "电源板烧毁", "actions_taken": "更换电源板"},
    )
    order.refresh_from_db()
    return order


def test_the_report_prints_the_approved_charges(charged_order):
    charges = report_charges(order=charged_order)

    assert charges.final
    assert charges.charge_total == D("600.00")  # 150 labour + 30 travel + 420 board
    assert [line.kind for line in charges.parts] == ["part"]
    assert {line.kind for line in charges.labour} == {"labour", "travel"}

    context = repair_report_context(order=charged_order)
    text = pdf_text(render_pdf("documents/repair_report.html", context, language="en"))
    assert "电源板" in text
    assert "420.00" in text
    assert "600.00" in text
    assert "No charges." not in text
