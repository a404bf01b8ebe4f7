"""What the unit page shows (UNIT-1/2, WAR-6, TG-5..8): the unit and its owner, its
warranty today, the three-guarantees entitlement on a chosen date, its repair history,
the units it replaces or was replaced by, and the refund quote, exchange and refund
forms. Decisions come from the warranty selectors and services; this only gathers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from aftersales.accounts.access import may
from aftersales.accounts.models import User
from aftersales.catalog.selectors import product_model_list
from aftersales.console.display import mask_phone, sees_phones, warranty_status_badge
from aftersales.console.tg_display import entitlement_view, exclusion_views, settlement_text
from aftersales.console.warranty_forms import (
    EntitlementDateForm,
    ExchangeForm,
    RefundForm,
    RefundQuoteForm,
)
from aftersales.service_orders.models import Kind, ServiceOrder
from aftersales.service_orders.selectors import service_order_list
from aftersales.service_orders.status import Status
from aftersales.units.models import Unit
from aftersales.warranty.explain import warranty_reason
from aftersales.warranty.models import WarrantyExclusion
from aftersales.warranty.photos import unit_exclusions
from aftersales.warranty.repairs import COMPLETED_STATUSES, RepairRecord
from aftersales.warranty.selectors import (
    applicable_exclusions,
    unit_entitlement,
    unit_repair_records,
    unit_replacement_id,
    unit_settlement,
    warranty_status,
)

TEMPLATE = "console/unit_detail.html"


@dataclass(frozen=True)
class HistoryRow:
    order: ServiceOrder
    reported_on: dt.date
    completed_on: dt.date | None
    excluded: bool
    counted: bool  # one of the repairs TG-2 counts on the entitlement's date


def unit_orders(user: User, unit: Unit) -> list[ServiceOrder]:
    """The unit's orders this user may see, newest report first."""
    return list(service_order_list(user=user).filter(unit_id=unit.pk))


def history_rows(
    unit: Unit,
    orders: list[ServiceOrder],
    recorded: list[WarrantyExclusion],
    counted: tuple[str, ...],
) -> list[HistoryRow]:
    rows = []
    for order in orders:
        done = order.status in COMPLETED_STATUSES and order.resolved_at is not None
        rows.append(
            HistoryRow(
                order=order,
                reported_on=timezone.localdate(order.reported_at),
                completed_on=timezone.localdate(order.resolved_at) if done else None,
                excluded=bool(
                    applicable_exclusions(unit=unit, recorded=recorded, order_id=order.pk)
                ),
                counted=order.number in counted,
            )
        )
    return rows


def return_orders(orders: list[ServiceOrder]) -> list[ServiceOrder]:
    """Return orders a settlement may be recorded on (the service checks again)."""
    return [
        o
        for o in orders
        if o.kind == Kind.RETURN and o.status not in (Status.CLOSED, Status.CANCELLED)
    ]


def entitlement_context(
    unit: Unit,
    form: EntitlementDateForm,
    repairs: list[RepairRecord] | None = None,
    recorded: list[WarrantyExclusion] | None = None,
) -> dict[str, Any]:
    """TG-6 on the form's date (``repairs``/``recorded`` when the caller has them)."""
    day = form.day()
    if day is None:
        return {"on_form": form, "entitlement": None}
    repairs = unit_repair_records(unit=unit) if repairs is None else repairs
    ent = unit_entitlement(unit=unit, on=day, repairs=repairs)
    status = warranty_status(unit=unit, on=day, recorded=recorded)
    return {
        "on_form": form,
        "entitlement": entitlement_view(ent, status),
        "unrepaired": ent.unrepaired,
        "early_refund_until": ent.early_refund_until,
        "early_exchange_until": ent.early_exchange_until,
    }


def settle_forms(
    user: User, unit: Unit, orders: list[ServiceOrder], *, settled: bool
) -> dict[str, Any]:
    """Fresh exchange and refund forms for who may settle an unsettled unit."""
    returns = return_orders(orders)
    forms: dict[str, Any] = {"exchange_form": None, "refund_form": None}
    if settled:
        return forms
    if may(user, "unit.exchange"):
        forms["exchange_form"] = ExchangeForm(
            return_orders=returns,
            models=product_model_list(),
            current_model=unit.product_model,
        )
    if may(user, "unit.refund"):
        forms["refund_form"] = RefundForm(return_orders=returns)
    return forms


def unit_context(
    user: User,
    unit: Unit,
    *,
    on_form: EntitlementDateForm,
    refund_quote_form: RefundQuoteForm | None = None,
    settle: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The whole page; ``settle`` holds a failed exchange or refund form and its error."""
    today = timezone.localdate()
    recorded = unit_exclusions(unit=unit)
    status = warranty_status(unit=unit, on=today, recorded=recorded)
    repairs = unit_repair_records(unit=unit)
    ent_context = entitlement_context(unit, on_form, repairs, recorded)
    counted = ent_context["entitlement"].counted_repairs if ent_context["entitlement"] else ()
    orders = unit_orders(user, unit)
    settlement = unit_settlement(unit=unit)
    replaced_by = unit_replacement_id(unit=unit)
    settled = settlement is not None or replaced_by is not None
    customer = unit.customer
    context: dict[str, Any] = {
        "unit": unit,
        "customer": customer,
        "phone": customer.phone if sees_phones(user) else mask_phone(customer.phone),
        "status": status,
        "badge": warranty_status_badge(status),
        "reason": warranty_reason(status),
        "today": today,
        **ent_context,
        "history": history_rows(unit, orders, recorded, counted),
        "exclusions": exclusion_views(unit, recorded, order_id=None),
        "replaces": unit.replaces,
        "replaced_by": replaced_by,
        "settlement": settlement,
        "settlement_text": settlement_text(settlement),
        "refund_quote_form": refund_quote_form
        or RefundQuoteForm(auto_id="id_quote_%s", initial={"return_date": today}),
        "settle_error": "",
        **settle_forms(user, unit, orders, settled=settled),
    }
    if settle:
        context.update(settle)
    return context
