import datetime as dt

from ninja import Schema


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
