import datetime as dt
from decimal import Decimal

from ninja import Schema
from pydantic import Field

from aftersales.api.schema import InSchema


class WarrantyOut(Schema):
    serial_number: str
    on: dt.date
    warranty_start: dt.date
    start_basis: str
    whole_unit_months: int
    whole_unit_source: str
    whole_unit_until: dt.date | None
    accessory_months: int
    accessories_until: dt.date | None
    three_guarantees_months: int
    three_guarantees_until: dt.date | None
    in_warranty: bool
    accessories_in_warranty: bool
    exclusions: list[str]
    chargeable: bool
    reason: str


# --- three guarantees (TG-*) -----------------------------------------------------------


class UnrepairedOut(Schema):
    service_order: str
    reported_on: dt.date
    days_open: int
    limit_days: int
    limit_basis: str = Field(..., description="commitment, parts_wait or repairer_fault")


class EntitlementOut(Schema):
    unit: int
    serial_number: str
    on: dt.date
    rule: str = Field(
        ...,
        description="early_7_days, early_15_days, two_repairs_failed, unrepaired_60_days, "
        "standard_repair or out_of_period",
    )
    remedies: list[str] = Field(..., description="a subset of repair, exchange, refund")
    completed_repairs_in_period: int
    counted_repairs: list[str] = Field(..., description="numbers of the repairs TG-2 counted")
    warranty_start: dt.date
    start_basis: str
    three_guarantees_months: int
    three_guarantees_base_until: dt.date | None = Field(
        ..., description="TG-1: S + n months − 1 day"
    )
    three_guarantees_until: dt.date | None = Field(
        ..., description="extended by the days in repair (TG-7)"
    )
    extension_days: int
    in_period: bool
    early_refund_until: dt.date
    early_exchange_until: dt.date
    unrepaired: UnrepairedOut | None
    in_warranty: bool
    chargeable: bool
    exclusions: list[str]
    settlement: str | None = Field(..., description="exchange or refund once settled")
    replaced_by: int | None = Field(..., description="the replacement unit's id")
    explanation: str


class RefundQuoteIn(InSchema):
    return_date: dt.date


class RefundQuoteOut(Schema):
    unit: int
    serial_number: str
    price: Decimal
    invoice_date: dt.date
    return_date: dt.date
    days_since_invoice: int
    repair_days_excluded: int
    used_days: int
    daily_rate: str = Field(..., description="decimal fraction per day, e.g. 0.001")
    depreciation_fee: Decimal
    refund_amount: Decimal


class UnitExchangeIn(InSchema):
    """Lengths and emptiness are checked by the service, after visibility and permission."""

    new_serial_number: str = Field(..., description="the replacement's serial number")
    warranty_card_number: str | None = Field(None, description="the replacement's card")
    exchange_date: dt.date | None = Field(None, description="defaults to today")
    product_model: int | None = Field(None, description="another model's id; default the same")
    price_difference: Decimal | None = Field(
        None,
        max_digits=12,
        decimal_places=2,
        description="for another model: paid by the customer (+) or refunded (−); "
        "default its list price less the unit's sale price",
    )
    service_order: int | None = Field(None, description="a `return` order of this unit")
    note: str = ""


class UnitRefundIn(InSchema):
    return_date: dt.date | None = Field(None, description="defaults to today")
    service_order: int | None = Field(None, description="a `return` order of this unit")
    note: str = ""


class ReplacementOut(Schema):
    id: int
    serial_number: str
    warranty_card_number: str | None
    product_model: int
    purchase_date: dt.date
    invoice_date: dt.date | None
    sale_price: Decimal


class SettlementOut(Schema):
    id: int
    kind: str
    unit: int
    serial_number: str
    service_order: int | None
    settled_on: dt.date
    rule: str
    remedies: list[str]
    price: Decimal
    note: str
    recorded_by: int
    recorded_at: dt.datetime
    replacement: ReplacementOut | None
    price_difference: Decimal | None
    invoice_date: dt.date | None
    used_days: int | None
    repair_days_excluded: int | None
    daily_rate: str | None
    depreciation_fee: Decimal | None
    refund_amount: Decimal | None
