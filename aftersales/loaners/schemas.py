import datetime as dt
from typing import Literal

from ninja import Schema
from pydantic import Field

from aftersales.api.schema import InSchema

LoanerStatusIn = Literal["available", "on_loan", "retired"]
OverdueReason = Literal["order_cancelled", "repair_accepted", "expected_back_passed"]


class LoanerUnitCreateIn(InSchema):
    serial_number: str = Field(..., max_length=64, description="the unit's serial number")
    product_model: int = Field(..., description="product model id")
    warehouse: int = Field(..., description="id of the warehouse that keeps it")
    note: str = Field("", max_length=5000)


class LoanerUnitRetireIn(InSchema):
    reason: str = Field("", max_length=5000, description="added to the unit's note")


class LoanerUnitOut(Schema):
    id: int
    serial_number: str
    product_model: int
    product_model_code: str
    product_model_name: str
    warehouse: int
    warehouse_code: str
    warehouse_name: str
    status: LoanerStatusIn
    note: str
    loan: int | None = Field(None, description="the open loan, when the unit is out")
    order: int | None = Field(None, description="the order it is lent to, when out")
    order_number: str | None = None
    retired_at: dt.datetime | None
    created_at: dt.datetime


class LoanerUnitListOut(Schema):
    count: int
    results: list[LoanerUnitOut]


class LoanIssueIn(InSchema):
    loaner: int = Field(..., description="id of an available loaner unit")
    expected_back: dt.date | None = Field(
        None, description="the day it is promised back, YYYY-MM-DD; not in the past"
    )


class LoanReturnIn(InSchema):
    note: str = Field("", max_length=5000, description="condition on return, accessories …")


class LoanOut(Schema):
    id: int
    loaner: int
    serial_number: str
    product_model_code: str
    warehouse: int
    warehouse_code: str
    order: int
    order_number: str
    order_status: str
    issued_at: dt.datetime
    issued_by: int | None
    expected_back: dt.date | None
    returned_at: dt.datetime | None
    returned_by: int | None
    return_note: str
    open: bool
    overdue: bool
    overdue_reason: OverdueReason | None = Field(
        None, description="why it should be back: first of cancelled, accepted, promised day"
    )


class LoanListOut(Schema):
    count: int
    results: list[LoanOut]


class LoanerOfferUnitOut(Schema):
    id: int
    serial_number: str
    product_model_code: str
    same_model: bool = Field(..., description="the same product model as the order's unit")
    warehouse: int
    warehouse_code: str
    warehouse_name: str
    proximity: int = Field(
        ..., description="0: in the order's region; n: under its n-th parent; last: central"
    )


class LoanerOfferOut(Schema):
    loaner_due: bool = Field(..., description="SLA-5 says one must be offered and none is out")
    due_since: dt.datetime | None = Field(None, description="when SLA-5 made it due")
    open_loan: LoanOut | None
    available: list[LoanerOfferUnitOut]
