"""Spare parts over HTTP (api.md: warehouses, stock, stock moves; INV-1..4).

``router`` is mounted at the API root; ``order_parts_router`` beside the service
orders' own router (``/service-orders/{id}/parts``).
"""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from ninja import Query, Router, Status

from aftersales.api.auth import actor
from aftersales.api.pagination import PageParams, page_response, paginate
from aftersales.core.timeutil import local_today
from aftersales.inventory import schemas as s
from aftersales.inventory.order_parts import (
    order_part_issue,
    order_part_release,
    order_part_reserve,
)
from aftersales.inventory.present import (
    defective_return_resource,
    move_resource,
    order_part_resource,
    stock_resource,
    warehouse_resource,
)
from aftersales.inventory.selectors import (
    defective_return_list,
    order_part_list,
    stock_list,
    stock_move_list,
    warehouse_list,
)
from aftersales.inventory.services import stock_move_create, warehouse_create

router = Router()
order_parts_router = Router()


@router.get("/warehouses", response=s.WarehouseListOut, summary="Warehouses (INV-1)")
def warehouse_list_api(
    request: HttpRequest,
    page: Query[PageParams],
    kind: s.WarehouseKindIn | None = None,
    region: int | None = None,
) -> dict[str, Any]:
    qs = warehouse_list(user=actor(request), kind=kind, region_id=region)
    count, rows = paginate(qs, page)
    return page_response(count, [warehouse_resource(w) for w in rows])


@router.post(
    "/warehouses",
    response={201: s.WarehouseOut},
    summary="Create a warehouse (INV-1)",
    description="Directors and admins. A van (随车库) belongs to one engineer (`keeper`, "
    "one van each); every kind but `central` serves a region.",
)
def warehouse_create_api(request: HttpRequest, data: s.WarehouseIn) -> Status[dict[str, Any]]:
    warehouse = warehouse_create(
        actor=actor(request),
        code=data.code,
        name=data.name,
        kind=data.kind,
        region_id=data.region,
        network_point_id=data.network_point,
        keeper_id=data.keeper,
    )
    return Status(201, warehouse_resource(warehouse))


@router.get(
    "/stock",
    response=s.StockListOut,
    summary="Stock balances per warehouse and part",
    description="`on_hand`, `reserved`, `available` (= on hand − reserved), `defective` "
    "and the min/max levels, of the warehouses the caller sees (their region's, the "
    "central ones, their own van). `below_minimum=true`: only rows whose available stock "
    "is under the minimum. Balances always equal the sum of the moves (INV-2).",
)
def stock_list_api(
    request: HttpRequest,
    page: Query[PageParams],
    warehouse: int | None = None,
    part: int | None = None,
    below_minimum: bool = False,
) -> dict[str, Any]:
    qs = stock_list(
        user=actor(request), warehouse_id=warehouse, part_id=part, below_minimum=below_minimum
    )
    count, rows = paginate(qs, page)
    return page_response(count, [stock_resource(row) for row in rows])


@router.get(
    "/stock-moves",
    response=s.StockMoveListOut,
    summary="The stock ledger, newest first (INV-2)",
    description="Moves touching the warehouses the caller sees; filters `warehouse`, "
    "`part`, `service_order`, `kind`.",
)
def stock_move_list_api(
    request: HttpRequest,
    page: Query[PageParams],
    warehouse: int | None = None,
    part: int | None = None,
    service_order: int | None = None,
    kind: s.MoveKindOut | None = None,
) -> dict[str, Any]:
    qs = stock_move_list(
        user=actor(request),
        warehouse_id=warehouse,
        part_id=part,
        order_id=service_order,
        kind=kind,
    )
    count, rows = paginate(qs, page)
    return page_response(count, [move_resource(m) for m in rows])


@router.post(
    "/stock-moves",
    response={201: s.StockMoveOut},
    summary="Book a stock move (INV-2, INV-3)",
    description="The only way stock changes. Warehouse staff, managers, directors and "
    "admins book receipts, transfers, scrap, count adjustments and defective returns; an "
    "`issue` (engineers too) needs `service_order` and records the part as used on it "
    "(priced by the order's warranty; in warranty it owes a defective return, INV-4). "
    "409 `insufficient_stock` when the stock is not there — also when a concurrent move "
    "took it first; nothing is written then.",
)
def stock_move_create_api(request: HttpRequest, data: s.StockMoveIn) -> Status[dict[str, Any]]:
    move = stock_move_create(
        actor=actor(request),
        kind=data.kind,
        part_id=data.part,
        quantity=data.quantity,
        from_warehouse_id=data.from_warehouse,
        to_warehouse_id=data.to_warehouse,
        service_order_id=data.service_order,
        reason=data.reason,
    )
    return Status(201, move_resource(move))


@router.get(
    "/defective-returns",
    response=s.DefectiveReturnListOut,
    summary="Defective-part returns (旧件返还, INV-4)",
    description="One per part used under warranty, pending until a `defective_return` move "
    "naming the order receives it; earliest due first. Filters `status`, `order`, "
    "`overdue=true` (pending after the due day).",
)
def defective_return_list_api(
    request: HttpRequest,
    page: Query[PageParams],
    status: Literal["pending", "received"] | None = None,
    order: int | None = None,
    overdue: bool = False,
) -> dict[str, Any]:
    today = local_today()
    qs = defective_return_list(
        user=actor(request), status=status, order_id=order, overdue_on=today if overdue else None
    )
    count, rows = paginate(qs, page)
    return page_response(count, [defective_return_resource(r, today=today) for r in rows])


# --- /service-orders/{id}/parts ---------------------------------------------------------


@order_parts_router.get(
    "/{order_id}/parts", response=s.OrderPartListOut, summary="Parts reserved and used on an order"
)
def order_part_list_api(request: HttpRequest, order_id: int) -> dict[str, Any]:
    rows = list(order_part_list(user=actor(request), order_id=order_id))
    today = local_today()
    return page_response(len(rows), [order_part_resource(p, today=today) for p in rows])


@order_parts_router.post(
    "/{order_id}/parts",
    response={201: s.OrderPartOut},
    summary="Reserve a part for an order",
    description="Sets `quantity` aside in `warehouse` (a `reserve` move): 409 when not "
    "that many are available. Released by hand or when the order is cancelled.",
)
def order_part_reserve_api(
    request: HttpRequest, order_id: int, data: s.OrderPartIn
) -> Status[dict[str, Any]]:
    used = order_part_reserve(
        actor=actor(request),
        order_id=order_id,
        part_id=data.part,
        warehouse_id=data.warehouse,
        quantity=data.quantity,
    )
    return Status(201, order_part_resource(used, today=local_today()))


@order_parts_router.post(
    "/{order_id}/parts/{part_id}/issue",
    response=s.OrderPartOut,
    summary="Use a reserved part (release + issue moves)",
)
def order_part_issue_api(request: HttpRequest, order_id: int, part_id: int) -> dict[str, Any]:
    used = order_part_issue(actor=actor(request), order_id=order_id, order_part_id=part_id)
    return order_part_resource(used, today=local_today())


@order_parts_router.post(
    "/{order_id}/parts/{part_id}/release",
    response=s.OrderPartOut,
    summary="Release a reserved part back to stock",
)
def order_part_release_api(
    request: HttpRequest, order_id: int, part_id: int, data: s.ReleaseIn | None = None
) -> dict[str, Any]:
    used = order_part_release(
        actor=actor(request),
        order_id=order_id,
        order_part_id=part_id,
        reason=data.reason if data is not None else "",
    )
    return order_part_resource(used, today=local_today())
