"""The three-guarantees resources of the API (entitlement, refund quote, settlements)
and the human explanation of an entitlement, in the request's language."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from aftersales.units.models import Unit
from aftersales.warranty.explain import warranty_reason
from aftersales.warranty.models import SettlementKind, ThreeGuaranteesSettlement
from aftersales.warranty.refund import RefundQuote
from aftersales.warranty.rules import WarrantyStatus
from aftersales.warranty.threeguarantees import (
    EARLY_7_DAYS,
    EARLY_15_DAYS,
    PARTS_WAIT,
    REPAIR,
    REPAIRER_FAULT,
    STANDARD_REPAIR,
    TWO_REPAIRS_FAILED,
    UNREPAIRED_60_DAYS,
    Entitlement,
    Unrepaired,
)


def rate_text(rate: Decimal) -> str:
    """A daily rate as a plain decimal string without trailing zeros ("0.001")."""
    return format(rate.normalize(), "f") if rate else "0"


def _period(ent: Entitlement) -> str:
    if ent.base_until is None:
        return _("This product has no three-guarantees period.")
    basis = _("acceptance date") if ent.start_basis == "acceptance_date" else _("purchase date")
    text = _(
        "Three-guarantees period: %(months)s months from the %(basis)s %(start)s, until %(until)s."
    ) % {
        "months": ent.months,
        "basis": basis,
        "start": ent.start.isoformat(),
        "until": ent.base_until.isoformat(),
    }
    if ent.extension_days and ent.until is not None:
        text += " " + ngettext(
            "Extended by %(days)s day in repair to %(until)s.",
            "Extended by %(days)s days in repair to %(until)s.",
            ent.extension_days,
        ) % {
            "days": ent.extension_days,
            "until": ent.until.isoformat(),
        }
    return text


def _limit(u: Unrepaired) -> str:
    if u.limit_basis == PARTS_WAIT:
        return _("%(days)s days when waiting for parts") % {"days": u.limit_days}
    if u.limit_basis == REPAIRER_FAULT:
        return _("%(days)s days when the delay is the repairer's") % {"days": u.limit_days}
    return _("%(days)s days") % {"days": u.limit_days}


def _decision(ent: Entitlement) -> str:
    if ent.rule == EARLY_7_DAYS:
        return _(
            "A fault within %(days)s days of the purchase (until %(until)s): the customer may "
            "choose a refund, an exchange or a repair."
        ) % {
            "days": (ent.early_refund_until - ent.purchase_date).days,
            "until": ent.early_refund_until.isoformat(),
        }
    if ent.rule == EARLY_15_DAYS:
        return _(
            "A fault within %(days)s days of the purchase (until %(until)s): the customer may "
            "choose an exchange or a repair."
        ) % {
            "days": (ent.early_exchange_until - ent.purchase_date).days,
            "until": ent.early_exchange_until.isoformat(),
        }
    if ent.rule == TWO_REPAIRS_FAILED:
        return _(
            "Repaired %(count)s times in the period (%(orders)s) and failed again: the customer "
            "may choose an exchange for the same model (or another model, settling the price "
            "difference) or a refund."
        ) % {"count": ent.completed_repairs_in_period, "orders": ", ".join(ent.counted_repairs)}
    if ent.rule == UNREPAIRED_60_DAYS and ent.unrepaired is not None:
        u = ent.unrepaired
        return _(
            "Repair %(order)s reported on %(reported)s is still not fixed after %(open)s days "
            "(limit %(limit)s): the customer is entitled to an exchange."
        ) % {
            "order": u.ref,
            "reported": u.reported.isoformat(),
            "open": u.days_open,
            "limit": _limit(u),
        }
    if ent.rule == STANDARD_REPAIR:
        return _("Inside the three-guarantees period: the unit is repaired.")
    if ent.until is None:
        return _("Repair only.")
    return _("The three-guarantees period ended on %(until)s: repair only.") % {
        "until": ent.until.isoformat()
    }


def entitlement_reason(ent: Entitlement, status: WarrantyStatus) -> str:
    """Why: the period, the deciding rule, the count, and whether a repair is charged."""
    parts = [
        _period(ent),
        _decision(ent),
        _("Completed repairs counted in the period: %(count)s.")
        % {"count": ent.completed_repairs_in_period},
    ]
    if REPAIR in ent.remedies:
        parts.append(warranty_reason(status))
    return " ".join(parts)


def entitlement_resource(
    *,
    unit: Unit,
    ent: Entitlement,
    status: WarrantyStatus,
    settlement: ThreeGuaranteesSettlement | None,
    replaced_by: int | None,
) -> dict[str, Any]:
    u = ent.unrepaired
    return {
        "unit": unit.pk,
        "serial_number": unit.serial_number,
        "on": ent.on,
        "rule": ent.rule,
        "remedies": list(ent.remedies),
        "completed_repairs_in_period": ent.completed_repairs_in_period,
        "counted_repairs": list(ent.counted_repairs),
        "warranty_start": ent.start,
        "start_basis": ent.start_basis,
        "three_guarantees_months": ent.months,
        "three_guarantees_base_until": ent.base_until,
        "three_guarantees_until": ent.until,
        "extension_days": ent.extension_days,
        "in_period": ent.in_period,
        "early_refund_until": ent.early_refund_until,
        "early_exchange_until": ent.early_exchange_until,
        "unrepaired": None
        if u is None
        else {
            "service_order": u.ref,
            "reported_on": u.reported,
            "days_open": u.days_open,
            "limit_days": u.limit_days,
            "limit_basis": u.limit_basis,
        },
        "in_warranty": status.in_warranty,
        "chargeable": status.chargeable,
        "exclusions": list(status.exclusions),
        "settlement": settlement.kind if settlement is not None else None,
        "replaced_by": replaced_by,
        "explanation": entitlement_reason(ent, status),
    }


def refund_quote_resource(*, unit: Unit, quote: RefundQuote) -> dict[str, Any]:
    return {
        "unit": unit.pk,
        "serial_number": unit.serial_number,
        "price": quote.price,
        "invoice_date": quote.invoice_date,
        "return_date": quote.return_date,
        "days_since_invoice": quote.days_since_invoice,
        "repair_days_excluded": quote.repair_days_excluded,
        "used_days": quote.used_days,
        "daily_rate": rate_text(quote.daily_rate),
        "depreciation_fee": quote.depreciation_fee,
        "refund_amount": quote.refund_amount,
    }


def settlement_resource(settlement: ThreeGuaranteesSettlement) -> dict[str, Any]:
    """Needs ``settlement.unit`` (and for an exchange its replacement) loaded or loadable."""
    unit = settlement.unit
    data: dict[str, Any] = {
        "id": settlement.pk,
        "kind": settlement.kind,
        "unit": unit.pk,
        "serial_number": unit.serial_number,
        "service_order": settlement.service_order_id,
        "settled_on": settlement.settled_on,
        "rule": settlement.rule,
        "remedies": list(settlement.remedies),
        "price": settlement.price,
        "note": settlement.note,
        "recorded_by": settlement.recorded_by_id,
        "recorded_at": settlement.recorded_at,
        "replacement": None,
        "price_difference": settlement.price_difference,
        "invoice_date": settlement.invoice_date,
        "used_days": settlement.used_days,
        "repair_days_excluded": settlement.repair_days_excluded,
        "daily_rate": rate_text(settlement.daily_rate)
        if settlement.daily_rate is not None
        else None,
        "depreciation_fee": settlement.depreciation_fee,
        "refund_amount": settlement.refund_amount,
    }
    if settlement.kind == SettlementKind.EXCHANGE:
        new = Unit.objects.select_related("product_model").get(replaces=unit)
        data["replacement"] = {
            "id": new.pk,
            "serial_number": new.serial_number,
            "warranty_card_number": new.warranty_card_number,
            "product_model": new.product_model_id,
            "purchase_date": new.purchase_date,
            "invoice_date": new.invoice_date,
            "sale_price": new.sale_price,
        }
    return data
