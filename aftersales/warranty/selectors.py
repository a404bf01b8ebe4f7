from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Exists, OuterRef
from django.utils import timezone

from aftersales.catalog.models import ProductLine
from aftersales.customers.models import CustomerKind
from aftersales.service_orders.models import ServiceOrder, ServiceOrderEvent
from aftersales.service_orders.status import Action, WaitingReason
from aftersales.units.models import Unit
from aftersales.warranty.models import (
    UNIT_LEVEL_REASONS,
    ExclusionReason,
    ThreeGuaranteesSettlement,
    WarrantyExclusion,
)
from aftersales.warranty.refund import RefundQuote, refund_quote
from aftersales.warranty.repairs import COMPLETED_STATUSES, REPAIR_KINDS, RepairRecord
from aftersales.warranty.rules import WarrantyStatus, WarrantyTerms, evaluate
from aftersales.warranty.threeguarantees import Entitlement, ThreeGuaranteesConfig, entitlement


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


# --- three guarantees (TG-*) -----------------------------------------------------------


def three_guarantees_config(*, unit: Unit) -> ThreeGuaranteesConfig:
    """The line's TG configuration; the period is the model's when it overrides the line.
    Needs unit.product_model.product_line loaded."""
    model = unit.product_model
    line: ProductLine = model.product_line
    months = (
        model.three_guarantees_months
        if model.three_guarantees_months is not None
        else line.three_guarantees_months
    )
    return ThreeGuaranteesConfig(
        months=months,
        unrepaired_days=line.tg_unrepaired_days,
        unrepaired_basis=line.tg_unrepaired_basis,
        parts_wait_days=line.tg_parts_wait_days,
        repairer_fault_days=line.tg_repairer_fault_days,
        early_refund_days=line.tg_early_refund_days,
        early_exchange_days=line.tg_early_exchange_days,
    )


def unit_repair_records(*, unit: Unit) -> list[RepairRecord]:
    """The unit's repair orders as plain records (three queries, whatever the count).

    An order counts as completed only while its status is ``resolved`` or later (one the
    customer rejected is open again); its completion date is the local date of
    ``resolved_at``. It waited for parts when the timeline has a ``wait`` for parts.
    """
    orders = list(
        ServiceOrder.objects.filter(unit=unit, kind__in=REPAIR_KINDS)
        .order_by("reported_at", "pk")
        .values_list("pk", "number", "kind", "status", "reported_at", "resolved_at")
    )
    if not orders:
        return []
    recorded = list(WarrantyExclusion.objects.filter(unit=unit))
    parts_waits = set(
        ServiceOrderEvent.objects.filter(
            order_id__in=[o[0] for o in orders],
            action=Action.WAIT,
            extra__reason=WaitingReason.PARTS,
        ).values_list("order_id", flat=True)
    )
    records = []
    for pk, number, kind, status, reported_at, resolved_at in orders:
        completed = None
        if status in COMPLETED_STATUSES and resolved_at is not None:
            completed = timezone.localdate(resolved_at)
        excluded = bool(applicable_exclusions(unit=unit, recorded=recorded, order_id=pk))
        records.append(
            RepairRecord(
                reported=timezone.localdate(reported_at),
                completed=completed,
                status=status,
                excluded=excluded,
                kind=kind,
                waited_for_parts=pk in parts_waits,
                ref=number,
            )
        )
    return records


def unit_entitlement(
    *, unit: Unit, on: dt.date, repairs: list[RepairRecord] | None = None
) -> Entitlement:
    """TG-6 for a unit on a date (needs unit.product_model.product_line loaded)."""
    return entitlement(
        purchase_date=unit.purchase_date,
        acceptance_date=unit.acceptance_date,
        config=three_guarantees_config(unit=unit),
        repairs=unit_repair_records(unit=unit) if repairs is None else repairs,
        on=on,
    )


def unit_refund_quote(
    *, unit: Unit, return_date: dt.date, repairs: list[RepairRecord] | None = None
) -> RefundQuote:
    """TG-5 for a unit returned on ``return_date``; ``ValidationFailed`` names the field
    (``invoice_date``, ``sale_price``, ``return_date``) when it cannot be quoted."""
    return refund_quote(
        price=unit.sale_price,
        daily_rate=unit.product_model.product_line.depreciation_rate_per_day,
        invoice_date=unit.invoice_date,
        return_date=return_date,
        repairs=unit_repair_records(unit=unit) if repairs is None else repairs,
    )


def unit_settlement(*, unit: Unit) -> ThreeGuaranteesSettlement | None:
    return ThreeGuaranteesSettlement.objects.filter(unit=unit).first()


def unit_replacement_id(*, unit: Unit) -> int | None:
    return Unit.objects.filter(replaces=unit).values_list("pk", flat=True).first()
