from decimal import Decimal

from ninja import Schema
from pydantic import Field

from aftersales.api.schema import InSchema
from aftersales.catalog.models import ProductModel

CODE = r"^[-a-zA-Z0-9_]+$"


class ProductLineCreateIn(InSchema):
    code: str = Field(..., min_length=1, max_length=32, pattern=CODE)
    name: str = Field(..., min_length=1, max_length=100)
    warranty_months: int = Field(12, ge=0, le=120)
    accessory_warranty_months: int = Field(6, ge=0, le=120)
    three_guarantees_months: int = Field(12, ge=0, le=120)
    depreciation_rate_per_day: Decimal = Field(
        Decimal("0.001"), ge=0, le=1, max_digits=7, decimal_places=6
    )


class ProductLineOut(Schema):
    id: int
    code: str
    name: str
    warranty_months: int
    accessory_warranty_months: int
    three_guarantees_months: int
    depreciation_rate_per_day: Decimal
    # Three-guarantees rules (TG-3, TG-4): read-only here, edited in the admin.
    tg_unrepaired_days: int
    tg_unrepaired_basis: str
    tg_parts_wait_days: int
    tg_repairer_fault_days: int
    tg_early_refund_days: int
    tg_early_exchange_days: int


class ProductLineListOut(Schema):
    count: int
    results: list[ProductLineOut]


class ProductModelCreateIn(InSchema):
    code: str = Field(..., min_length=1, max_length=64, pattern=CODE)
    name: str = Field(..., min_length=1, max_length=150)
    product_line: str = Field(..., description="product line code")
    list_price: Decimal = Field(..., ge=0, max_digits=12, decimal_places=2)
    warranty_months: int | None = Field(None, ge=0, le=120)
    accessory_warranty_months: int | None = Field(None, ge=0, le=120)
    three_guarantees_months: int | None = Field(None, ge=0, le=120)


class ProductModelOut(Schema):
    id: int
    code: str
    name: str
    product_line: str
    list_price: Decimal
    warranty_months: int | None
    accessory_warranty_months: int | None
    three_guarantees_months: int | None

    @staticmethod
    def resolve_product_line(obj: ProductModel) -> str:
        return obj.product_line.code


class ProductModelListOut(Schema):
    count: int
    results: list[ProductModelOut]


class PartCreateIn(InSchema):
    sku: str = Field(..., min_length=1, max_length=64, pattern=CODE)
    name: str = Field(..., min_length=1, max_length=150)
    warranty_class: str = Field(..., description="main, accessory or consumable")
    price: Decimal = Field(..., ge=0, max_digits=12, decimal_places=2)
    fits: list[str] = Field(default_factory=list, description="product model codes")


class PartOut(Schema):
    id: int
    sku: str
    name: str
    warranty_class: str
    price: Decimal


class PartListOut(Schema):
    count: int
    results: list[PartOut]
