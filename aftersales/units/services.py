from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from aftersales.catalog.models import ProductModel
from aftersales.core.validation import Errors, full_clean_or_raise
from aftersales.customers.models import Customer
from aftersales.units.models import Unit


def _number_taken(number: str) -> bool:
    return Unit.objects.filter(Q(serial_number=number) | Q(warranty_card_number=number)).exists()


@transaction.atomic
def unit_create(
    *,
    serial_number: str,
    product_model: ProductModel,
    customer: Customer,
    purchase_date: dt.date,
    sale_price: Decimal,
    invoice_date: dt.date | None = None,
    acceptance_date: dt.date | None = None,
    clearance_sale: bool = False,
    warranty_card_number: str | None = None,
    sales_channel: str = "",
) -> Unit:
    errors = Errors()
    serial_number = (serial_number or "").strip()
    if not serial_number:
        errors.add("serial_number", _("is required"))
    errors.not_in_future("purchase_date", purchase_date)
    errors.not_in_future("invoice_date", invoice_date)
    errors.not_in_future("acceptance_date", acceptance_date)
    if acceptance_date is not None and acceptance_date < purchase_date:
        errors.add("acceptance_date", _("must not be before the purchase date"))
    errors.not_negative("sale_price", sale_price)
    # Serial and card numbers share one namespace: either identifies the unit (UNIT-2).
    warranty_card_number = (warranty_card_number or "").strip() or None
    if serial_number and _number_taken(serial_number):
        errors.add("serial_number", _("another unit has this serial or card number"))
    if warranty_card_number and _number_taken(warranty_card_number):
        errors.add("warranty_card_number", _("another unit has this serial or card number"))
    if warranty_card_number and warranty_card_number == serial_number:
        errors.add("warranty_card_number", _("must differ from the serial number"))
    errors.raise_if_any()
    unit = Unit(
        serial_number=serial_number,
        product_model=product_model,
        customer=customer,
        purchase_date=purchase_date,
        invoice_date=invoice_date,
        acceptance_date=acceptance_date,
        sale_price=sale_price,
        clearance_sale=clearance_sale,
        warranty_card_number=warranty_card_number or None,
        sales_channel=sales_channel,
    )
    full_clean_or_raise(unit)
    unit.save()
    return unit
