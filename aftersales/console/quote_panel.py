"""What the quote section of the order page shows (FEE-2, FEE-3): the current quote with
each line's "why free / why paid", its approval, the draft, the earlier revisions, the
forms for who may quote or record the customer's decision, and the final charges once
the order is resolved.

Who may act is asked of ``charges.preconditions.check_actor`` (the ``ACTIONS`` table,
and an engineer only on an assigned order), the same check the services make; the
order states come from the same sets the services use.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils import timezone

from aftersales.accounts.models import User
from aftersales.catalog.models import Part
from aftersales.catalog.selectors import part_list
from aftersales.charges.explain import sheet_reason
from aftersales.charges.models import Quote
from aftersales.charges.preconditions import QUOTABLE, check_actor
from aftersales.charges.selectors import (
    FINAL_ORDER_STATUSES,
    draft_quote,
    final_charges,
    line_views,
    live_quote,
    price_list_in_force,
    price_table,
)
from aftersales.console.quote_forms import QuoteApproveForm, QuoteDeclineForm, QuoteForm
from aftersales.core.exceptions import PermissionDenied
from aftersales.inventory.selectors import order_parts_in_use
from aftersales.service_orders.models import ServiceOrder


def allowed(user: User, order: ServiceOrder, action: str) -> bool:
    try:
        check_actor(actor=user, order=order, action=action)
    except PermissionDenied:
        return False
    return True


def quotable_parts(order: ServiceOrder) -> list[Part]:
    """Parts to offer: those that fit the unit's model or fit any (no models listed).
    The service checks the fit again; this only keeps the list short."""
    parts = part_list()
    if order.unit is not None:
        parts = parts.filter(Q(fits=order.unit.product_model_id) | Q(fits__isnull=True)).distinct()
    return list(parts)


def new_quote_form(order: ServiceOrder, levels: Any) -> QuoteForm:
    """An empty quote form that starts with the parts reserved or used on the order
    (issue 5: chargeable parts go on the quote; covered ones show as free)."""
    return QuoteForm(
        levels=levels,
        parts=quotable_parts(order),
        initial_parts=order_parts_in_use(order_id=order.pk),
    )


def _sheet(quote: Quote | None) -> dict[str, Any] | None:
    if quote is None:
        return None
    return {
        "quote": quote,
        "lines": line_views(quote, list(quote.lines.all())),
        "covered_total": quote.list_total - quote.charge_total,
        "reason": sheet_reason(quote),
    }


def quote_panel(
    user: User,
    order: ServiceOrder,
    *,
    form: QuoteForm | None = None,
    approve_form: QuoteApproveForm | None = None,
    decline_form: QuoteDeclineForm | None = None,
    error: str = "",
    notice: str = "",
) -> dict[str, Any]:
    """Bound forms that failed are passed back in to show their errors."""
    live = live_quote(order_id=order.pk)
    draft = draft_quote(order_id=order.pk)
    open_order = order.status in QUOTABLE
    can_quote = open_order and allowed(user, order, "quote.create")
    awaiting = live is not None and live.awaiting_approval and open_order
    can_approve = awaiting and allowed(user, order, "quote.approve")
    can_decline = awaiting and allowed(user, order, "quote.decline")
    price_list = price_list_in_force(on=timezone.localdate()) if can_quote else None
    if can_quote and price_list is not None and form is None:
        form = new_quote_form(order, price_table(price_list=price_list).levels)
    return {
        "live": _sheet(live),
        "draft": _sheet(draft),
        "can_quote": can_quote,
        "price_list": price_list,
        "form": form if can_quote else None,
        "form_open": form is not None and form.is_bound,
        "can_approve": can_approve,
        "can_decline": can_decline,
        "approve_form": approve_form or (QuoteApproveForm(user=user) if can_approve else None),
        "decline_form": decline_form or (QuoteDeclineForm(user=user) if can_decline else None),
        "decision_open": bool(approve_form or decline_form),
        "final": final_charges(order=order) if order.status in FINAL_ORDER_STATUSES else None,
        "error": error,
        "notice": notice,
    }
