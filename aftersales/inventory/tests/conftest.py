"""Inventory fixtures: a central warehouse, regional ones, an engineer's van, parts."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone

from aftersales.catalog.services import part_create
from aftersales.inventory.ledger import post_move
from aftersales.inventory.services import warehouse_create


@pytest.fixture
def boss(make_staff):
    return make_staff("admin")


@pytest.fixture
def keeper(make_staff, regions):
    return make_staff("warehouse", region=regions["shanghai"])


@pytest.fixture
def central(boss):
    return warehouse_create(actor=boss, code="central", name="总仓", kind="central")


@pytest.fixture
def shanghai_wh(boss, regions):
    return warehouse_create(
        actor=boss, code="sh", name="上海区域仓", kind="regional", region_id=regions["shanghai"].pk
    )


@pytest.fixture
def beijing_wh(boss, regions):
    return warehouse_create(
        actor=boss, code="bj", name="北京区域仓", kind="regional", region_id=regions["beijing"].pk
    )


@pytest.fixture
def shanghai_engineer(make_staff, regions):
    return make_staff("engineer", region=regions["shanghai"])


@pytest.fixture
def van(boss, regions, shanghai_engineer):
    return warehouse_create(
        actor=boss,
        code="van-sh-1",
        name="沪A 随车库",
        kind="van",
        region_id=regions["shanghai"].pk,
        keeper_id=shanghai_engineer.pk,
    )


@pytest.fixture
def make_part(product_model):
    counter = iter(range(1, 10_000))

    def make(warranty_class: str = "main", price: str = "150.00"):
        n = next(counter)
        return part_create(
            sku=f"PART-{n}",
            name=f"备件{n}",
            warranty_class=warranty_class,
            price=Decimal(price),
            fits=[product_model],
        )

    return make


@pytest.fixture
def part(make_part):
    return make_part()


@pytest.fixture
def stock_up(boss):
    """``stock_up(warehouse, part, n)``: a receipt through the ledger."""

    def receive(warehouse, part, quantity: int):
        with transaction.atomic():
            return post_move(
                kind="receipt",
                part_id=part.pk,
                part_name=part.name,
                quantity=quantity,
                actor=boss,
                at=timezone.now(),
                to_warehouse_id=warehouse.pk,
            )

    return receive
