from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Schema
from pydantic import Field

from aftersales.api.schema import InSchema

WarehouseKindIn = Literal["central", "regional", "network_point", "van"]
MoveKindIn = Literal["receipt", "transfer", "issue", "defective_return", "scrap", "adjustment"]
MoveKindOut = Literal[
    "receipt", "transfer", "reserve", "release", "issue", "defective_return", "scrap", "adjustment"
]


class WarehouseIn(InSchema):
    code: str = Field(..., max_length=32, description="unique code (letters, digits, - and _)")
    name: str = Field(..., max_length=100)
    kind: WarehouseKindIn = Field(
        ..., description="central (总仓), regional (区域仓), network_point (网点仓), van (随车库)"
    )
    region: int | None = Field(None, description="region id; required except for central")
    network_point: int | None = Field(None, description="network point id (optional)")
    keeper: int | None = Field(None, description="staff id; required for a van: its engineer")


class WarehouseOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    region: int | None
    region_name: str
    network_point: int | None
    keeper: int | None
    keeper_name: str
    is_active: bool


class WarehouseListOut(Schema):
    count: int
    results: list[WarehouseOut]


class StockOut(Schema):
    warehouse: int
    warehouse_code: str
    part: int
    sku: str
    part_name: str
    on_hand: int
    reserved: int
    available: int = Field(..., description="on_hand − reserved")
    defective: int = Field(..., description="defective parts returned and held (INV-4)")
    min_level: int | None
    max_level: int | None


class StockListOut(Schema):
    count: int
    results: list[StockOut]


class StockMoveIn(InSchema):
    kind: MoveKindIn = Field(
        ...,
        description="receipt (to), transfer (from → to), issue (from, to service_order), "
        "defective_return (to; with service_order it settles that order's pending return), "
        "scrap (from), adjustment (to: count up, or from: count down)",
    )
    part: int
    quantity: int = Field(..., strict=True, description="a whole number ≥ 1")
    from_warehouse: int | None = None
    to_warehouse: int | None = None
    service_order: int | None = None
    reason: str = Field("", max_length=2000, description="required for scrap and adjustment")


class StockMoveOut(Schema):
    id: int
    kind: MoveKindOut
    part: int
    sku: str
    quantity: int
    from_warehouse: int | None
    to_warehouse: int | None
    service_order: int | None
    order_part: int | None
    actor: int | None
    at: dt.datetime
    reason: str


class StockMoveListOut(Schema):
    count: int
    results: list[StockMoveOut]


class OrderPartIn(InSchema):
    part: int
    warehouse: int
    quantity: int = Field(..., strict=True, description="a whole number ≥ 1")


class ReleaseIn(InSchema):
    reason: str = Field("", max_length=2000)


class OrderPartOut(Schema):
    id: int
    order: int
    part: int
    sku: str
    part_name: str
    warehouse: int
    warehouse_code: str
    quantity: int
    status: Literal["reserved", "issued", "released"]
    chargeable: bool = Field(..., description="false: used in warranty, costs nothing")
    unit_price: str = Field(..., description="yuan; 0.00 when not chargeable")
    amount: str = Field(..., description="unit_price × quantity, yuan")
    reserved_at: dt.datetime | None
    issued_at: dt.datetime | None
    released_at: dt.datetime | None
    defective_return: DefectiveReturnOut | None


class OrderPartListOut(Schema):
    count: int
    results: list[OrderPartOut]


class DefectiveReturnOut(Schema):
    id: int
    order: int
    order_number: str
    part: int
    sku: str
    quantity: int
    status: Literal["pending", "received"]
    due_by: dt.date
    overdue: bool
    received_at: dt.datetime | None
    received_move: int | None


class DefectiveReturnListOut(Schema):
    count: int
    results: list[DefectiveReturnOut]


OrderPartOut.model_rebuild()
