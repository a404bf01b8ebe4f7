"""The quote form starts with the parts reserved or used on the order (issue 5: a
chargeable part goes on the quote), each part once with its quantities added up;
released parts are left out."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from aftersales.inventory.ledger import post_move
from aftersales.inventory.order_parts import order_part_release, order_part_reserve
from aftersales.inventory.services import warehouse_create
from aftersales.service_orders.services import service_order_transition

pytestmark = pytest.mark.django_db


@pytest.fixture
def stocked(make_staff, regions, board):
    boss = make_staff("admin")
    warehouse = warehouse_create(
        actor=boss, code="sh", name="上海区域仓", kind="regional", region_id=regions["shanghai"].pk
    )
    with transaction.atomic():
        post_move(
            kind="receipt",
            part_id=board.pk,
            part_name=board.name,
            quantity=10,
            actor=boss,
            at=timezone.now(),
            to_warehouse_id=warehouse.pk,
        )
    return boss, warehouse


def test_the_quote_form_starts_with_the_orders_parts(
    client_as, agent, old_order, price_list, board, stocked
):
    boss, warehouse = stocked
    service_order_transition(actor=agent, order_id=old_order.pk, action="acknowledge", payload={})
    for quantity in (2, 1):
        order_part_reserve(
            actor=boss,
            order_id=old_order.pk,
            part_id=board.pk,
            warehouse_id=warehouse.pk,
            quantity=quantity,
        )
    released = order_part_reserve(
        actor=boss, order_id=old_order.pk, part_id=board.pk, warehouse_id=warehouse.pk, quantity=4
    )
    order_part_release(actor=boss, order_id=old_order.pk, order_part_id=released.pk)
    response = client_as(agent).get(reverse("console:order_detail", args=[old_order.pk]))
    form = response.context["qp"]["form"]
    assert form is not None
    assert (form["part_0"].value(), form["quantity_0"].value()) == (board.pk, 3)
    assert form["part_1"].value() is None


def test_without_parts_the_quote_form_is_empty(client_as, agent, old_order, price_list):
    service_order_transition(actor=agent, order_id=old_order.pk, action="acknowledge", payload={})
    response = client_as(agent).get(reverse("console:order_detail", args=[old_order.pk]))
    form = response.context["qp"]["form"]
    assert form is not None
    assert form["part_0"].value() is None
