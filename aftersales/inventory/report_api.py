"""INV-5 over HTTP: set a warehouse's min/max for a part, reorder suggestions, and the
3 % rule report. ``router`` is mounted at the API root (``/api/v1``)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from aftersales.api.auth import actor
from aftersales.inventory import report_schemas as s
from aftersales.inventory.levels import stock_levels_set
from aftersales.inventory.present import stock_resource
from aftersales.inventory.reports import (
    ReorderSuggestion,
    ThreePercentRow,
    reorder_suggestions,
    three_percent_report,
)

router = Router()


def _suggestion(r: ReorderSuggestion) -> dict[str, Any]:
    return {
        "warehouse": r.warehouse.pk,
        "warehouse_code": r.warehouse.code,
        "warehouse_name": r.warehouse.name,
        "part": r.part.pk,
        "sku": r.part.sku,
        "part_name": r.part.name,
        "available": r.available,
        "min_level": r.min_level,
        "max_level": r.max_level,
        "quantity": r.quantity,
        "transfers": [
            {
                "warehouse": t.warehouse.pk,
                "warehouse_code": t.warehouse.code,
                "warehouse_name": t.warehouse.name,
                "quantity": t.quantity,
            }
            for t in r.transfers
        ],
        "purchase": r.purchase,
    }


def _row(r: ThreePercentRow) -> dict[str, Any]:
    return {
        "region": r.region.pk,
        "region_name": r.region.name,
        "product_line": r.product_line.pk,
        "product_line_code": r.product_line.code,
        "product_line_name": r.product_line.name,
        "units": r.units,
        "required": r.required,
        "held": r.held,
        "shortfall": r.shortfall,
        "transfers": [
            {
                "from_warehouse": t.from_warehouse.pk,
                "from_warehouse_code": t.from_warehouse.code,
                "from_region": t.from_region.pk if t.from_region else None,
                "from_region_name": t.from_region.name if t.from_region else "",
                "part": t.part.pk,
                "sku": t.part.sku,
                "part_name": t.part.name,
                "quantity": t.quantity,
            }
            for t in r.transfers
        ],
        "to_warehouse": r.to_warehouse.pk if r.to_warehouse else None,
        "to_warehouse_code": r.to_warehouse.code if r.to_warehouse else "",
        "remaining": r.remaining,
    }


@router.put(
    "/stock-levels",
    response=s.StockLevelsOut,
    summary="Set a warehouse's minimum and maximum for a part (INV-5)",
    description="Warehouse staff, managers, directors and admins, for a warehouse they "
    "see (404 otherwise). `min_level` and `max_level` are whole numbers ≥ 0 with minimum "
    "≤ maximum, or null (no level); both are replaced. The stock row is made (empty) when "
    "the warehouse never held the part; quantities never change here. 422 names the "
    "field (`part`, `min_level`, `max_level`) and writes nothing.",
)
def stock_levels_set_api(request: HttpRequest, data: s.StockLevelsIn) -> dict[str, Any]:
    stock = stock_levels_set(
        actor=actor(request),
        warehouse_id=data.warehouse,
        part_id=data.part,
        min_level=data.min_level,
        max_level=data.max_level,
    )
    return stock_resource(stock)


@router.get(
    "/stock/reorder-suggestions",
    response=s.ReorderSuggestionListOut,
    summary="Reorder suggestions: stock below its minimum (INV-5)",
    description="Each stock row the caller sees whose available quantity (on hand − "
    "reserved) is below its minimum: the `quantity` that fills it up to the maximum (else "
    "the minimum), the `transfers` other warehouses can spare (their available above "
    "their own maximum, else minimum; same top-level region first, nearer first, then "
    "central; never a van) and the `purchase` left to buy. A surplus is offered once, "
    "to the rows in warehouse-code order. Filters `warehouse` and `region` (its subtree) "
    "keep rows of the full plan; 404 when not visible. A report, not paged.",
)
def reorder_suggestions_api(
    request: HttpRequest, warehouse: int | None = None, region: int | None = None
) -> dict[str, Any]:
    rows = reorder_suggestions(user=actor(request), warehouse_id=warehouse, region_id=region)
    return {"count": len(rows), "results": [_suggestion(r) for r in rows]}


@router.get(
    "/stock/three-percent",
    response=s.ThreePercentOut,
    summary="The 3 % rule per region and product line (INV-5)",
    description="本地库存不少于服务总量3%的备品备件. For each region the caller sees that has "
    "a warehouse in its subtree, per product line: `units` serviced (units of customers "
    "in the region's subtree, not exchanged or refunded), `required` = ⌈percent % × "
    "units⌉, `held` (on hand of parts fitting a model of the line, in the region's "
    "warehouses), `shortfall`, and suggested `transfers` part by part from regions with "
    "a surplus and central warehouses, largest surplus first, to `to_warehouse`; "
    "`remaining` is still short after them. `region` keeps its subtree (404 when not "
    "visible). A report, not paged.",
)
def three_percent_api(request: HttpRequest, region: int | None = None) -> dict[str, Any]:
    report = three_percent_report(user=actor(request), region_id=region)
    rows = [_row(r) for r in report.rows]
    return {"percent": str(report.percent), "count": len(rows), "results": rows}
