import datetime as dt

from ninja import Schema
from pydantic import Field

from aftersales.api.schema import InSchema
from aftersales.customers.models import Customer


class CustomerCreateIn(InSchema):
    name: str = Field(..., min_length=1, max_length=150)
    kind: str = Field("consumer", description="consumer, enterprise or project")
    phone: str = Field(..., min_length=1, max_length=32)
    email: str = Field("", max_length=254)
    region: int = Field(..., description="region id")
    address: str = Field("", max_length=255)
    contract_warranty_months: int | None = Field(
        None, ge=0, le=36, description="project customers only (WAR-3)"
    )
    contract_accessory_warranty_months: int | None = Field(None, ge=0, le=36)


class CustomerUpdateIn(InSchema):
    name: str | None = Field(None, min_length=1, max_length=150)
    kind: str | None = None
    phone: str | None = Field(None, min_length=1, max_length=32)
    email: str | None = Field(None, max_length=254)
    region: int | None = None
    address: str | None = Field(None, max_length=255)
    contract_warranty_months: int | None = Field(None, ge=0, le=36)
    contract_accessory_warranty_months: int | None = Field(None, ge=0, le=36)


class CustomerOut(Schema):
    id: int
    name: str
    kind: str
    phone: str
    email: str
    region: int
    address: str
    contract_warranty_months: int | None
    contract_accessory_warranty_months: int | None
    created_at: dt.datetime

    @staticmethod
    def resolve_region(obj: Customer) -> int:
        return obj.region_id


class CustomerListOut(Schema):
    count: int
    results: list[CustomerOut]
