import datetime as dt

from ninja import Schema


class PublicWarrantyOut(Schema):
    number: str
    product_model: str
    product_model_name: str
    product_line: str
    on: dt.date
    warranty_start: dt.date
    whole_unit_months: int
    whole_unit_until: dt.date | None
    in_warranty: bool
    accessory_months: int
    accessories_until: dt.date | None
    accessories_in_warranty: bool
    three_guarantees_months: int
    three_guarantees_until: dt.date | None
    in_three_guarantees: bool


class PublicErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]]
    code: str
