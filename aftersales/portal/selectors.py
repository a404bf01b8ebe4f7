"""The public warranty lookup (PORTAL-1): what anyone holding a serial or card number
may learn about the unit — the product and its warranty dates, nothing about the owner.

No name, phone, address, price, sales channel or invoice is read into the answer, and
neither are recorded exclusions (they describe an incident or a sale, and are explained
by an agent, not by a public page). A card number does not reveal the serial number or
the other way round: the answer repeats the number that was asked for.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass

from aftersales.units.models import Unit
from aftersales.units.selectors import unit_by_serial
from aftersales.warranty.selectors import warranty_status

MAX_NUMBER_LENGTH = 64


@dataclass(frozen=True)
class PublicWarranty:
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


def normalise_number(text: str) -> str:
    """As typed or scanned: surrounding spaces and full-width characters do not count."""
    return unicodedata.normalize("NFKC", text or "").strip()


def _find(number: str) -> Unit | None:
    if not number or len(number) > MAX_NUMBER_LENGTH:
        return None
    unit = unit_by_serial(serial_number=number)
    if unit is None and number.upper() != number:  # labels are upper case; people type lower
        unit = unit_by_serial(serial_number=number.upper())
    return unit


def public_warranty(*, number: str, on: dt.date) -> PublicWarranty | None:
    """The warranty of the unit with this serial or card number (one namespace, UNIT-2)."""
    number = normalise_number(number)
    unit = _find(number)
    if unit is None:
        return None
    status = warranty_status(unit=unit, on=on, recorded=())
    three_until = status.three_guarantees_until
    model = unit.product_model
    return PublicWarranty(
        number=number,
        product_model=model.code,
        product_model_name=model.name,
        product_line=model.product_line.name,
        on=on,
        warranty_start=status.start,
        whole_unit_months=status.whole_unit_months,
        whole_unit_until=status.whole_unit_until,
        in_warranty=status.in_warranty,
        accessory_months=status.accessory_months,
        accessories_until=status.accessories_until,
        accessories_in_warranty=status.accessories_in_warranty,
        three_guarantees_months=status.three_guarantees_months,
        three_guarantees_until=three_until,
        in_three_guarantees=three_until is not None and on <= three_until,
    )
