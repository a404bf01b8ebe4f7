import datetime as dt
from decimal import Decimal

from ninja import Schema
from pydantic import Field

from aftersales.api.schema import InSchema
from aftersales.units.models import Unit


class UnitCreateIn(InSchema):
    serial_number: str = Field(..., min_length=1, max_length=64)
    warranty_card_number: str | None = Field(None, max_length=64)
    product_model: int = Field(..., description="product model id")
    customer: int = Field(..., description="customer id")
    purchase_date: dt.date
    invoice_date: dt.date | None = None
    acceptance_date: dt.date | None = None
    sale_price: Decimal = Field(..., ge=0, max_digits=12, decimal_places=2)
    sales_channel: str = Field("", max_length=64)
    clearance_sale: bool = False


class UnitOut(Schema):
    id: int
    serial_number: str
    warranty_card_number: str | None
    product_model: int
    customer: int
    purchase_date: dt.date
    invoice_date: dt.date | None
    acceptance_date: dt.date | None
    sale_price: Decimal
    sales_channel: str
    clearance_sale: bool

    @staticmethod
    def resolve_product_model(obj: Unit) -> int:
        return obj.product_model_id

    @staticmethod
    def resolve_customer(obj: Unit) -> int:
        return obj.customer_id


class UnitListOut(Schema):
    count: int
    results: list[UnitOut]
