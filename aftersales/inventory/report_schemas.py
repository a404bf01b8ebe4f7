"""Request and response bodies of the INV-5 endpoints (``report_api``)."""

from __future__ import annotations

from ninja import Schema
from pydantic import Field

from aftersales.api.schema import InSchema
from aftersales.inventory.schemas import StockOut


class StockLevelsIn(InSchema):
    warehouse: int = Field(..., description="warehouse id (one the caller sees)")
    part: int = Field(..., description="part id")
    min_level: int | None = Field(None, description="minimum (≥ 0); null or left out: no minimum")
    max_level: int | None = Field(
        None, description="maximum (≥ the minimum); null or left out: no maximum"
    )


class StockLevelsOut(StockOut):
    """The stock row with its new levels."""


class ReorderTransferOut(Schema):
    warehouse: int
    warehouse_code: str
    warehouse_name: str
    quantity: int


class ReorderSuggestionOut(Schema):
    warehouse: int
    warehouse_code: str
    warehouse_name: str
    part: int
    sku: str
    part_name: str
    available: int = Field(..., description="on_hand − reserved")
    min_level: int
    max_level: int | None
    quantity: int = Field(..., description="to order: up to the maximum (else the minimum)")
    transfers: list[ReorderTransferOut] = Field(
        ..., description="from other warehouses' surplus, nearest first"
    )
    purchase: int = Field(..., description="the rest, to be bought (a receipt)")


class ReorderSuggestionListOut(Schema):
    count: int
    results: list[ReorderSuggestionOut]


class SpareTransferOut(Schema):
    from_warehouse: int
    from_warehouse_code: str
    from_region: int | None = Field(
        ..., description="the region giving the stock up; null for a central warehouse"
    )
    from_region_name: str
    part: int
    sku: str
    part_name: str
    quantity: int


class ThreePercentRowOut(Schema):
    region: int
    region_name: str
    product_line: int
    product_line_code: str
    product_line_name: str
    units: int = Field(..., description="units serviced: customers in the region's subtree")
    required: int = Field(..., description="⌈percent % × units⌉")
    held: int = Field(..., description="on hand of parts fitting the line, in the region")
    shortfall: int = Field(..., description="required − held, when positive")
    transfers: list[SpareTransferOut] = Field(..., description="largest surplus first")
    to_warehouse: int | None = Field(..., description="where the region receives them")
    to_warehouse_code: str
    remaining: int = Field(..., description="still short after the transfers: to buy")


class ThreePercentOut(Schema):
    percent: str = Field(..., description="the percentage in force (SPARE_STOCK_PERCENT)")
    count: int
    results: list[ThreePercentRowOut]
