from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from aftersales.catalog.models import Part, ProductLine, ProductModel, UnrepairedBasis
from aftersales.core.validation import Errors, full_clean_or_raise

# The three-guarantees settings of a line (TG-3, TG-4), edited in the admin.
THREE_GUARANTEES_FIELDS = (
    "tg_unrepaired_days",
    "tg_unrepaired_basis",
    "tg_parts_wait_days",
    "tg_repairer_fault_days",
    "tg_early_refund_days",
    "tg_early_exchange_days",
)


@transaction.atomic
def product_line_create(
    *,
    code: str,
    name: str,
    warranty_months: int = 12,
    accessory_warranty_months: int = 6,
    three_guarantees_months: int = 12,
    depreciation_rate_per_day: Decimal = Decimal("0.001"),
    tg_unrepaired_days: int = 60,
    tg_unrepaired_basis: str = UnrepairedBasis.COMMITMENT,
    tg_parts_wait_days: int = 90,
    tg_repairer_fault_days: int = 30,
    tg_early_refund_days: int = 7,
    tg_early_exchange_days: int = 15,
) -> ProductLine:
    """The ``tg_*`` settings are the three-guarantees rules (TG-3, TG-4); the model's
    constraints check them."""
    errors = Errors()
    for field, months in (
        ("warranty_months", warranty_months),
        ("accessory_warranty_months", accessory_warranty_months),
        ("three_guarantees_months", three_guarantees_months),
    ):
        if not 0 <= months <= 120:
            errors.add(field, _("must be between 0 and 120 months"))
    if not Decimal(0) <= depreciation_rate_per_day <= Decimal(1):
        errors.add("depreciation_rate_per_day", _("must be a fraction between 0 and 1"))
    errors.raise_if_any()
    line = ProductLine(
        code=code,
        name=name,
        warranty_months=warranty_months,
        accessory_warranty_months=accessory_warranty_months,
        three_guarantees_months=three_guarantees_months,
        depreciation_rate_per_day=depreciation_rate_per_day,
        tg_unrepaired_days=tg_unrepaired_days,
        tg_unrepaired_basis=tg_unrepaired_basis,
        tg_parts_wait_days=tg_parts_wait_days,
        tg_repairer_fault_days=tg_repairer_fault_days,
        tg_early_refund_days=tg_early_refund_days,
        tg_early_exchange_days=tg_early_exchange_days,
    )
    full_clean_or_raise(line)
    line.save()
    return line


@transaction.atomic
def product_model_create(
    *,
    code: str,
    name: str,
    product_line: ProductLine,
    list_price: Decimal,
    warranty_months: int | None = None,
    accessory_warranty_months: int | None = None,
    three_guarantees_months: int | None = None,
) -> ProductModel:
    errors = Errors()
    errors.not_negative("list_price", list_price)
    errors.raise_if_any()
    model = ProductModel(
        code=code,
        name=name,
        product_line=product_line,
        list_price=list_price,
        warranty_months=warranty_months,
        accessory_warranty_months=accessory_warranty_months,
        three_guarantees_months=three_guarantees_months,
    )
    full_clean_or_raise(model)
    model.save()
    return model


@transaction.atomic
def part_create(
    *,
    sku: str,
    name: str,
    warranty_class: str,
    price: Decimal,
    fits: list[ProductModel] | None = None,
) -> Part:
    errors = Errors()
    errors.not_negative("price", price)
    errors.raise_if_any()
    part = Part(sku=sku, name=name, warranty_class=warranty_class, price=price)
    full_clean_or_raise(part)
    part.save()
    if fits:
        part.fits.set(fits)
    return part
