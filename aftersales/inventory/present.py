"""Records as the API shows them (``schemas``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from aftersales.inventory.models import DefectiveReturn, OrderPart, Stock, StockMove, Warehouse


def warehouse_resource(w: Warehouse) -> dict[str, Any]:
    return {
        "id": w.pk,
        "code": w.code,
        "name": w.name,
        "kind": w.kind,
        "region": w.region_id,
        "region_name": w.region.name if w.region else "",
        "network_point": w.network_point_id,
        "keeper": w.keeper_id,
        "keeper_name": str(w.keeper) if w.keeper else "",
        "is_active": w.is_active,
    }


def stock_resource(s: Stock) -> dict[str, Any]:
    return {
        "warehouse": s.warehouse_id,
        "warehouse_code": s.warehouse.code,
        "part": s.part_id,
        "sku": s.part.sku,
        "part_name": s.part.name,
        "on_hand": s.on_hand,
        "reserved": s.reserved,
        "available": s.available,
        "defective": s.defective,
        "min_level": s.min_level,
        "max_level": s.max_level,
    }


def move_resource(m: StockMove) -> dict[str, Any]:
    return {
        "id": m.pk,
        "kind": m.kind,
        "part": m.part_id,
        "sku": m.part.sku,
        "quantity": m.quantity,
        "from_warehouse": m.from_warehouse_id,
        "to_warehouse": m.to_warehouse_id,
        # the order only when the caller may see it (the line itself may be theirs)
        "service_order": m.service_order_id if getattr(m, "order_visible", True) else None,
        "order_part": m.order_part_id if getattr(m, "order_visible", True) else None,
        "actor": m.actor_id,
        "at": m.at,
        "reason": m.reason,
    }


def defective_return_resource(r: DefectiveReturn, *, today: dt.date) -> dict[str, Any]:
    return {
        "id": r.pk,
        "order": r.order_id,
        "order_number": r.order.number,
        "part": r.part_id,
        "sku": r.part.sku,
        "quantity": r.quantity,
        "status": r.status,
        "due_by": r.due_by,
        "overdue": r.status == "pending" and r.due_by < today,
        "received_at": r.received_at,
        "received_move": r.received_move_id,
    }


def order_part_resource(p: OrderPart, *, today: dt.date) -> dict[str, Any]:
    returned = getattr(p, "defective_return", None)
    return {
        "id": p.pk,
        "order": p.order_id,
        "part": p.part_id,
        "sku": p.part.sku,
        "part_name": p.part.name,
        "warehouse": p.warehouse_id,
        "warehouse_code": p.warehouse.code,
        "quantity": p.quantity,
        "status": p.status,
        "chargeable": p.chargeable,
        "unit_price": f"{p.unit_price:.2f}",
        "amount": f"{p.unit_price * p.quantity:.2f}",
        "reserved_at": p.reserved_at,
        "issued_at": p.issued_at,
        "released_at": p.released_at,
        "defective_return": (
            defective_return_resource(returned, today=today) if returned is not None else None
        ),
    }
