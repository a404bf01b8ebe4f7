"""The central warehouse is head office's: regional staff see its stock and may send
parts to it, but only roles that see every region take stock out of it, receive or
count there, or set its levels; refusals write nothing."""

from __future__ import annotations

import pytest

from aftersales.core.exceptions import PermissionDenied
from aftersales.inventory.levels import stock_levels_set
from aftersales.inventory.models import Stock, StockMove
from aftersales.inventory.services import stock_move_create

pytestmark = pytest.mark.django_db


def books():
    return (
        StockMove.objects.count(),
        list(Stock.objects.order_by("pk").values_list("on_hand", "min_level")),
    )


@pytest.mark.parametrize(
    "move",
    [
        {"kind": "receipt", "to": "central"},
        {"kind": "transfer", "from": "central", "to": "shanghai"},
        {"kind": "scrap", "from": "central"},
        {"kind": "adjustment", "to": "central"},
        {"kind": "adjustment", "from": "central"},
    ],
    ids=lambda m: "-".join(str(v) for v in m.values()),
)
def test_a_regional_keeper_may_not_move_central_stock(
    keeper, central, shanghai_wh, part, stock_up, move
):
    stock_up(central, part, 10)
    places = {"central": central.pk, "shanghai": shanghai_wh.pk}
    before = books()
    with pytest.raises(PermissionDenied):
        stock_move_create(
            actor=keeper,
            kind=move["kind"],
            part_id=part.pk,
            quantity=1,
            from_warehouse_id=places.get(move.get("from", "")),
            to_warehouse_id=places.get(move.get("to", "")),
            reason="count",
        )
    assert books() == before


def test_a_regional_keeper_may_send_parts_to_central(keeper, central, shanghai_wh, part, stock_up):
    stock_up(shanghai_wh, part, 3)
    stock_move_create(
        actor=keeper,
        kind="transfer",
        part_id=part.pk,
        quantity=2,
        from_warehouse_id=shanghai_wh.pk,
        to_warehouse_id=central.pk,
    )
    assert Stock.objects.get(warehouse=central, part=part).on_hand == 2


def test_only_head_office_sets_central_levels(keeper, boss, central, shanghai_wh, part):
    before = books()
    with pytest.raises(PermissionDenied):
        stock_levels_set(
            actor=keeper, warehouse_id=central.pk, part_id=part.pk, min_level=1, max_level=5
        )
    assert books() == before
    stock_levels_set(
        actor=keeper, warehouse_id=shanghai_wh.pk, part_id=part.pk, min_level=1, max_level=5
    )
    stock_levels_set(actor=boss, warehouse_id=central.pk, part_id=part.pk, min_level=2, max_level=9)
    assert Stock.objects.get(warehouse=central, part=part).min_level == 2
