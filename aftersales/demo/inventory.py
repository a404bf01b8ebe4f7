"""The demo company's warehouses, opening stock, min/max levels and loaner units
(INV-1, INV-2, INV-5, LOAN-1), through the real services: each opening balance is a
``receipt`` booked by the warehouse keeper, each loaner put into the pool by them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aftersales.catalog.models import Part
from aftersales.demo import dataset as d
from aftersales.inventory.levels import stock_levels_set
from aftersales.inventory.models import Warehouse
from aftersales.inventory.services import stock_move_create, warehouse_create
from aftersales.loaners.services import loaner_unit_create

if TYPE_CHECKING:
    from aftersales.demo.build import Demo


def build_inventory(demo: Demo) -> dict[str, Warehouse]:
    admin, keeper = demo.users["admin"], demo.users["warehouse"]
    warehouses = {}
    for code, name, kind, region, point, holder in d.WAREHOUSES:
        warehouses[code] = warehouse_create(
            actor=admin,
            code=code,
            name=name,
            kind=kind,
            region_id=demo.regions[region].pk if region else None,
            network_point_id=demo.points[point].pk if point else None,
            keeper_id=demo.users[holder].pk if holder else None,
        )
    parts = dict(Part.objects.values_list("sku", "pk"))
    for code, sku, quantity in d.STOCK:
        stock_move_create(
            actor=keeper,
            kind="receipt",
            part_id=parts[sku],
            quantity=quantity,
            to_warehouse_id=warehouses[code].pk,
            reason="opening stock",
        )
    for code, sku, minimum, maximum in d.LEVELS:
        stock_levels_set(
            actor=admin,
            warehouse_id=warehouses[code].pk,
            part_id=parts[sku],
            min_level=minimum,
            max_level=maximum,
        )
    for serial, model, code in d.LOANERS:
        loaner_unit_create(
            actor=keeper,
            serial_number=serial,
            product_model_id=demo.models[model].pk,
            warehouse_id=warehouses[code].pk,
        )
    return warehouses
