"""Review findings on the console's spare-parts screens (2026-11-30): the parts panel
offers an engineer only what the services let them do, and the move history of a
warehouse every region sees does not name orders of other regions."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from aftersales.catalog.services import part_create
from aftersales.inventory.ledger import post_move
from aftersales.inventory.models import OrderPart, StockMove
from aftersales.inventory.order_parts import order_part_reserve
from aftersales.inventory.services import warehouse_create

from .conftest import HTMX

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _product_line_first(product_model):
    """The product line exists before any engineer is made: engineers get its skill."""
    return product_model


@pytest.fixture
def boss(make_staff):
    return make_staff("admin")


@pytest.fixture
def colleague(make_staff, regions):
    """Another 上海 engineer, with a van of their own."""
    return make_staff("engineer", region=regions["shanghai"])


@pytest.fixture
def lamp(product_model):
    return part_create(
        sku="LAMP-200",
        name="投影灯泡",
        warranty_class="main",
        price=Decimal("380.00"),
        fits=[product_model],
    )


@pytest.fixture
def wh(boss, regions, shanghai_engineer, colleague, lamp):
    """总仓, 上海区域仓 and each engineer's van, each holding 3 lamps."""
    found = {
        "central": warehouse_create(actor=boss, code="central", name="总仓", kind="central"),
        "sh": warehouse_create(
            actor=boss,
            code="sh",
            name="上海区域仓",
            kind="regional",
            region_id=regions["shanghai"].pk,
        ),
        "van": warehouse_create(
            actor=boss,
            code="van-sh",
            name="沪A 随车库",
            kind="van",
            region_id=regions["shanghai"].pk,
            keeper_id=shanghai_engineer.pk,
        ),
        "colleague_van": warehouse_create(
            actor=boss,
            code="van-sh-2",
            name="沪B 随车库",
            kind="van",
            region_id=regions["shanghai"].pk,
            keeper_id=colleague.pk,
        ),
    }
    for warehouse in found.values():
        with transaction.atomic():
            post_move(
                kind="receipt",
                part_id=lamp.pk,
                part_name=lamp.name,
                quantity=3,
                actor=boss,
                at=timezone.now(),
                to_warehouse_id=warehouse.pk,
            )
    return found


def detail(order) -> str:
    return reverse("console:order_detail", args=[order.pk])


def test_an_engineer_not_assigned_sees_no_part_buttons_and_is_refused(
    english, boss, colleague, drive, wh, lamp, shanghai_order
):
    drive(shanghai_order, "in_progress")  # assigned to shanghai_engineer, not the colleague
    claim = order_part_reserve(
        actor=boss,
        order_id=shanghai_order.pk,
        part_id=lamp.pk,
        warehouse_id=wh["sh"].pk,
        quantity=1,
    )
    client = english(colleague)
    response = client.get(detail(shanghai_order))
    assert response.status_code == 200
    panel = response.context["pp"]
    assert panel["can_reserve"] is False
    assert panel["form"] is None
    assert [(row.can_issue, row.can_release) for row in panel["rows"]] == [(False, False)]
    moves = StockMove.objects.count()
    answer = client.post(
        reverse("console:order_parts_reserve", args=[shanghai_order.pk]),
        {"part": lamp.pk, "warehouse": wh["colleague_van"].pk, "quantity": "1", "use_now": "on"},
        headers=HTMX,
    )
    assert answer.status_code == 403
    answer = client.post(
        reverse("console:order_part_issue", args=[shanghai_order.pk, claim.pk]), headers=HTMX
    )
    assert answer.status_code == 403
    assert StockMove.objects.count() == moves
    assert OrderPart.objects.get().status == "reserved"


def test_the_reserve_form_offers_no_colleagues_van(
    english, shanghai_engineer, drive, wh, shanghai_order
):
    drive(shanghai_order, "in_progress")
    form = english(shanghai_engineer).get(detail(shanghai_order)).context["pp"]["form"]
    offered = [value for value, _label in form.fields["warehouse"].choices if value]
    assert offered[0] == wh["van"].pk  # their own van first
    assert wh["colleague_van"].pk not in offered
    assert {wh["central"].pk, wh["sh"].pk} <= set(offered)


def test_the_move_history_does_not_name_orders_of_other_regions(
    english, make_staff, regions, boss, wh, lamp, shanghai_order
):
    order_part_reserve(
        actor=boss,
        order_id=shanghai_order.pk,
        part_id=lamp.pk,
        warehouse_id=wh["central"].pk,
        quantity=1,
    )
    beijing_manager = make_staff("manager", region=regions["beijing"])
    body = english(beijing_manager).get(reverse("console:stock_moves")).content.decode()
    assert lamp.sku in body  # the central warehouse's ledger line is theirs to see …
    assert shanghai_order.number not in body  # … but not which 上海 order it was for
    assert "another region's order" in body
