"""TG-5: the refund of a returned unit, less depreciation, as a plain function.

``fee = price × daily_rate × used_days`` and ``refund = price − fee`` (never below 0),
where ``used_days = (return_date − invoice_date) − days in repair`` (never below 0).
The days in repair are those of ``repairs.days_in_repair`` inside ``[invoice_date,
return_date)``: each repair order counts ``completion − report`` (or up to the return
date while open) and overlapping orders are counted once. Amounts are exact decimals,
rounded half-up to the fen; the fee itself is the formula's, not capped at the price.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from aftersales.core.money import to_fen
from aftersales.core.validation import Errors
from aftersales.warranty.repairs import RepairRecord, days_in_repair


@dataclass(frozen=True)
class RefundQuote:
    price: Decimal
    invoice_date: dt.date
    return_date: dt.date
    days_since_invoice: int
    repair_days_excluded: int
    used_days: int
    daily_rate: Decimal
    depreciation_fee: Decimal
    refund_amount: Decimal


def refund_quote(
    *,
    price: Decimal | None,
    daily_rate: Decimal,
    invoice_date: dt.date | None,
    return_date: dt.date,
    repairs: Iterable[RepairRecord],
) -> RefundQuote:
    """Raises ``ValidationFailed`` naming ``sale_price``, ``invoice_date`` or
    ``return_date`` when the quote cannot be made."""
    errors = Errors()
    if price is None:
        errors.add("sale_price", _("the unit has no sale price"))
    elif price < 0:
        errors.add("sale_price", _("must be zero or more"))
    if invoice_date is None:
        errors.add("invoice_date", _("the unit has no invoice date: record it first"))
    elif return_date < invoice_date:
        errors.add(
            "return_date",
            _("must not be before the invoice date %(date)s") % {"date": invoice_date.isoformat()},
        )
    if daily_rate < 0:
        errors.add("daily_rate", _("must be zero or more"))
    errors.raise_if_any()
    assert price is not None
    assert invoice_date is not None

    price = to_fen(price)
    days = (return_date - invoice_date).days
    repair_days = days_in_repair(repairs, start=invoice_date, end=return_date)
    used_days = max(0, days - repair_days)
    fee = to_fen(price * daily_rate * used_days)
    refund = max(Decimal("0.00"), price - fee)
    return RefundQuote(
        price=price,
        invoice_date=invoice_date,
        return_date=return_date,
        days_since_invoice=days,
        repair_days_excluded=repair_days,
        used_days=used_days,
        daily_rate=daily_rate,
        depreciation_fee=fee,
        refund_amount=to_fen(refund),
    )
