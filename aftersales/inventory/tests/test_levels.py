"""INV-5: setting a warehouse's minimum and maximum for a part (``stock_levels_set``)."""

from __future__ import annotations

import pytest

from aftersales.core.exceptions import NotFound, PermissionDenied, ValidationFailed
from aftersales.inventory.levels import stock_levels_set
from aftersales.inventory.models import Stock, StockMove

pytestmark = pytest.mark.django_db


def levels(warehouse, part):
    row = Stock.objects.filter(warehouse=warehouse, part=part).first()
    return None if row is None else (row.min_level, row.max_level)


def test_a_keeper_sets_levels_for_a_part_the_warehouse_never_held(keeper, shanghai_wh, part):
    stock = stock_levels_set(
        actor=keeper, warehouse_id=shanghai_wh.pk, part_id=part.pk, min_level=2, max_level=10
    )
    assert (stock.warehouse, stock.part) == (shanghai_wh, part)
    row = Stock.objects.get(pk=stock.pk)
    assert (row.on_hand, row.reserved, row.defective) == (0, 0, 0)
    assert (row.min_level, row.max_level) == (2, 10)
    assert not StockMove.objects.exists()  # levels are no stock change


def test_levels_change_and_quantities_stay(keeper, shanghai_wh, part):
    Stock.objects.create(
        warehouse=shanghai_wh, part=part, on_hand=7, reserved=2, defective=1, min_level=1
    )
    stock_levels_set(
        actor=keeper, warehouse_id=shanghai_wh.pk, part_id=part.pk, min_level=3, max_level=3
    )
    row = Stock.objects.get(warehouse=shanghai_wh, part=part)
    assert (row.on_hand, row.reserved, row.defective) == (7, 2, 1)
    assert (row.min_level, row.max_level) == (3, 3)


def test_none_clears_a_level(keeper, shanghai_wh, part):
    Stock.objects.create(warehouse=shanghai_wh, part=part, min_level=1, max_level=9)
    stock_levels_set(
        actor=keeper, warehouse_id=shanghai_wh.pk, part_id=part.pk, min_level=None, max_level=5
    )
    assert levels(shanghai_wh, part) == (None, 5)
    stock_levels_set(
        actor=keeper, warehouse_id=shanghai_wh.pk, part_id=part.pk, min_level=0, max_level=None
    )
    assert levels(shanghai_wh, part) == (0, None)


@pytest.mark.parametrize("role", ["manager", "director", "admin"])
def test_managers_directors_and_admins_may_set_levels(
    make_staff, regions, role, central, shanghai_wh, part
):
    # a regional manager sets their region's warehouses; the central one is head office's
    user = make_staff(role, region=regions["east"] if role == "manager" else None)
    warehouse = shanghai_wh if role == "manager" else central
    stock_levels_set(
        actor=user, warehouse_id=warehouse.pk, part_id=part.pk, min_level=1, max_level=2
    )
    assert levels(warehouse, part) == (1, 2)


@pytest.mark.parametrize(
    ("min_level", "max_level", "field"),
    [
        (-1, 5, "min_level"),
        (1, -5, "max_level"),
        (6, 5, "max_level"),
    ],
)
def test_bad_levels_name_the_field_and_write_nothing(
    keeper, shanghai_wh, part, min_level, max_level, field
):
    Stock.objects.create(warehouse=shanghai_wh, part=part, on_hand=4, min_level=1, max_level=2)
    with pytest.raises(ValidationFailed) as exc:
        stock_levels_set(
            actor=keeper,
            warehouse_id=shanghai_wh.pk,
            part_id=part.pk,
            min_level=min_level,
            max_level=max_level,
        )
    assert field in exc.value.errors
    assert levels(shanghai_wh, part) == (1, 2)


def test_an_unknown_part_is_named_and_no_row_is_made(keeper, shanghai_wh):
    with pytest.raises(ValidationFailed) as exc:
        stock_levels_set(
            actor=keeper, warehouse_id=shanghai_wh.pk, part_id=999_999, min_level=1, max_level=2
        )
    assert list(exc.value.errors) == ["part"]
    assert not Stock.objects.exists()


@pytest.mark.parametrize("role", ["engineer", "agent", "dispatcher", "quality"])
def test_roles_without_stock_levels_are_refused(make_staff, regions, role, shanghai_wh, part):
    user = make_staff(role, region=regions["shanghai"])
    with pytest.raises(PermissionDenied):
        stock_levels_set(
            actor=user, warehouse_id=shanghai_wh.pk, part_id=part.pk, min_level=1, max_level=2
        )
    assert not Stock.objects.exists()


def test_a_warehouse_outside_the_region_is_not_found(keeper, beijing_wh, part):
    with pytest.raises(NotFound):
        stock_levels_set(
            actor=keeper, warehouse_id=beijing_wh.pk, part_id=part.pk, min_level=1, max_level=2
        )
    assert not Stock.objects.exists()


def test_an_unknown_warehouse_is_not_found(keeper, part):
    with pytest.raises(NotFound):
        stock_levels_set(
            actor=keeper, warehouse_id=999_999, part_id=part.pk, min_level=1, max_level=2
        )


def test_a_customer_sees_no_warehouse(customer_user, make_customer, shanghai_wh, part):
    user = customer_user(make_customer())
    with pytest.raises(NotFound):
        stock_levels_set(
            actor=user, warehouse_id=shanghai_wh.pk, part_id=part.pk, min_level=1, max_level=2
        )
    assert not Stock.objects.exists()
