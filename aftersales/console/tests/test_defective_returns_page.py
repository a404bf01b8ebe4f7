"""The defective-part returns page (INV-4): pending returns by default, overdue ones
flagged, a prefilled receipt link for those who may book moves; the regions a user
sees only; 403 for customers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from urllib.parse import parse_qs, urlparse

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from aftersales.catalog.services import part_create
from aftersales.inventory.ledger import post_move
from aftersales.inventory.models import DefectiveReturn
from aftersales.inventory.order_parts import order_part_issue
from aftersales.inventory.services import warehouse_create

pytestmark = pytest.mark.django_db
PAGE = reverse("console:defective_returns")


@pytest.fixture
def owed(make_staff, regions, product_model, shanghai_order, drive):
    """A lamp used under warranty on 上海's order: one defective return pending."""
    boss = make_staff("admin")
    warehouse = warehouse_create(
        actor=boss, code="sh", name="上海区域仓", kind="regional", region_id=regions["shanghai"].pk
    )
    lamp = part_create(
        sku="LAMP",
        name="灯泡",
        warranty_class="main",
        price=Decimal("480.00"),
        fits=[product_model],
    )
    with transaction.atomic():
        post_move(
            kind="receipt",
            part_id=lamp.pk,
            part_name=lamp.name,
            quantity=2,
            actor=boss,
            at=timezone.now(),
            to_warehouse_id=warehouse.pk,
        )
    order = drive(shanghai_order, "in_progress")
    order_part_issue(
        actor=boss, order_id=order.pk, part_id=lamp.pk, warehouse_id=warehouse.pk, quantity=1
    )
    return DefectiveReturn.objects.get(order=order)


def test_pending_returns_are_listed_with_a_prefilled_receipt_link(english, make_staff, owed):
    keeper = make_staff("warehouse")
    response = english(keeper).get(PAGE)
    assert response.status_code == 200
    (item,) = response.context["rows"]
    assert item["row"] == owed
    assert item["overdue"] is False
    query = parse_qs(urlparse(item["receive_url"]).query)
    assert query == {
        "kind": ["defective_return"],
        "part": [str(owed.part_id)],
        "quantity": ["1"],
        "order": [owed.order.number],
    }
    form = english(keeper).get(item["receive_url"]).context["form"]
    assert form["order"].value() == owed.order.number
    assert str(form["quantity"].value()) == "1"


def test_overdue_returns_are_flagged_and_filtered(english, make_staff, owed):
    type(owed).objects.filter(pk=owed.pk).update(due_by=timezone.localdate() - dt.timedelta(days=1))
    client = english(make_staff("warehouse"))
    (item,) = client.get(PAGE, {"overdue": "on"}).context["rows"]
    assert item["overdue"] is True
    assert "overdue" in client.get(PAGE).content.decode()


def test_who_may_not_book_moves_sees_no_receipt_link(english, agent, owed):
    (item,) = english(agent).get(PAGE).context["rows"]
    assert item["receive_url"] == ""


def test_another_regions_manager_does_not_see_the_return(client_as, make_staff, regions, owed):
    manager = make_staff("manager", region=regions["beijing"])
    assert client_as(manager).get(PAGE).context["rows"] == []


def test_customers_may_not_open_the_page(client_as, customer_user, owed):
    response = client_as(customer_user(owed.order.customer)).get(PAGE)
    assert response.status_code == 403
