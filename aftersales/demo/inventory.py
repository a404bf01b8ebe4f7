"""The demo company's warehouses and opening stock (INV-1, INV-2), through the real
services: each opening balance is a ``receipt`` booked by the warehouse keeper."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aftersales.catalog.models import Part
from aftersales.demo import dataset as d
from aftersales.inventory.models import Warehouse
from aftersales.inventory.services import stock_move_create, warehouse_create

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
    return warehouses
