from __future__ import annotations

import datetime as dt

from ninja import Schema
from pydantic import Field

from aftersales.api.schema import InSchema


class CertificateCreateIn(InSchema):
    product_line: str = Field(..., max_length=32, description="product line code")
    number: str = Field(..., max_length=64, description="certificate number")
    valid_until: dt.date = Field(
        ..., description="last day of validity (inclusive), YYYY-MM-DD; not in the past"
    )


class CertificateOut(Schema):
    id: int
    holder: int
    product_line: str = Field(..., description="product line code")
    product_line_name: str
    number: str
    valid_until: dt.date
    valid: bool = Field(..., description="valid today (the expiry day still counts)")
    created_at: dt.datetime


class CertificateListOut(Schema):
    count: int
    results: list[CertificateOut]
