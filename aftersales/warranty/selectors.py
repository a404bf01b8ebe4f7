from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Exists, OuterRef

from aftersales.customers.models import CustomerKind
from aftersales.units.models import Unit
from aftersales.warranty.models import UNIT_LEVEL_REASONS, ExclusionReason, WarrantyExclusion
from aftersales.warranty.rules import WarrantyStatus, WarrantyTerms, evaluate


def unit_has_exclusions(unit_field: str = "unit_id") -> Exists:
    """An annotation: does the unit in ``unit_field`` have any recorded exclusion?"""
    return Exists(WarrantyExclusion.objects.filter(unit_id=OuterRef(unit_field)))


def recorded_exclusions(*, unit: Unit, known_none: bool = False) -> list[WarrantyExclusion]:
    """The unit's recorded exclusions; no query when an annotation said it has none."""
    if known_none:
        return []
    return list(WarrantyExclusion.objects.filter(unit=unit))


def warranty_terms(*, unit: Unit) -> WarrantyTerms:
    """The periods that apply to a unit. Needs unit.product_model.product_line and
    unit.customer loaded (the unit selectors do that)."""
    model = unit.product_model
    line = model.product_line
    customer = unit.customer
    return WarrantyTerms(
        purchase_date=unit.purchase_date,
        acceptance_date=unit.acceptance_date,
        line_warranty_months=line.warranty_months,
        line_accessory_months=line.accessory_warranty_months,
        line_three_guarantees_months=line.three_guarantees_months,
        model_warranty_months=model.warranty_months,
        model_accessory_months=model.accessory_warranty_months,
        model_three_guarantees_months=model.three_guarantees_months,
        project_customer=customer.kind == CustomerKind.PROJECT,
        contract_warranty_months=customer.contract_warranty_months,
        contract_accessory_months=customer.contract_accessory_warranty_months,
    )


def applicable_exclusions(
    *, unit: Unit, recorded: Iterable[WarrantyExclusion], order_id: int | None = None
) -> tuple[str, ...]:
    """Exclusions that apply: the unit's clearance flag, unit-level recorded reasons, and
    incident reasons recorded on ``order_id`` (see ``UNIT_LEVEL_REASONS``)."""
    reasons: list[str] = []
    if unit.clearance_sale:
        reasons.append(ExclusionReason.CLEARANCE_SALE)
    for exclusion in recorded:
        if exclusion.reason in UNIT_LEVEL_REASONS or (
            order_id is not None and exclusion.service_order_id == order_id
        ):
            reasons.append(exclusion.reason)
    return tuple(str(r) for r in dict.fromkeys(reasons))


def warranty_status(
    *,
    unit: Unit,
    on: dt.date,
    order_id: int | None = None,
    recorded: Iterable[WarrantyExclusion] | None = None,
) -> WarrantyStatus:
    if recorded is None:
        recorded = WarrantyExclusion.objects.filter(unit=unit)
    exclusions = applicable_exclusions(unit=unit, recorded=recorded, order_id=order_id)
    return evaluate(warranty_terms(unit=unit), on=on, exclusions=exclusions)
