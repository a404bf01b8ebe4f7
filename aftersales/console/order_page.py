"""The order page as one context, and the answers of the writes made from it.

The page has the panels of ``PANELS`` — status (with the SO-3 actions), warranty, quote,
spare parts, loaner unit, timeline — each a named partial. A write made through htmx
answers with the panel it came from, plus the others swapped out of band, because one
write can change them all (a quote makes the order wait; an exclusion makes the repair
chargeable; cancelling releases the reserved parts). Without htmx it
redirects back to the page (success) or renders the whole page with the errors.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

from aftersales.accounts.models import User
from aftersales.accounts.roles import RoleCode
from aftersales.accounts.selectors import staff_list
from aftersales.console.display import sla_rows, timeline_rows
from aftersales.console.forms import ActionForm, action_form
from aftersales.console.loaner_panel import loaner_panel
from aftersales.console.parts_panel import parts_panel
from aftersales.console.priority_panel import PriorityForm, priority_panel
from aftersales.console.quote_panel import quote_panel
from aftersales.console.warranty_panel import warranty_panel
from aftersales.core.exceptions import NotFound
from aftersales.service_orders.models import ServiceOrder
from aftersales.service_orders.permissions import actions_for
from aftersales.service_orders.selectors import access_service_order, service_order_timeline
from aftersales.service_orders.status import Action

PAGE = "console/order_detail.html"
PANELS = {
    "status": f"{PAGE}#status-panel",
    "warranty": "console/order_warranty.html#warranty-panel",
    "quote": "console/order_quote.html#quote-panel",
    "parts": "console/order_parts.html#parts-panel",
    "loaner": "console/order_loaner.html#loaner-panel",
    "timeline": f"{PAGE}#timeline",
}


def is_partial(request: HttpRequest) -> bool:
    htmx = getattr(request, "htmx", None)
    if not htmx:
        return False
    return not htmx.boosted and not htmx.history_restore_request


def order_or_404(user: User, order_id: int) -> ServiceOrder:
    try:
        return access_service_order(user=user, order_id=order_id)
    except NotFound:
        raise Http404(_("Service order not found.")) from None


def action_items(
    user: User,
    order: ServiceOrder,
    *,
    bound: tuple[Action, ActionForm] | None = None,
) -> list[dict[str, Any]]:
    """One entry per action this user may take now; ``bound`` is a form that failed."""
    actions = actions_for(actor=user, order=order)
    engineers: list[User] = []
    if {Action.ASSIGN, Action.REASSIGN} & set(actions):
        engineers = [
            u for u in staff_list(role=RoleCode.ENGINEER) if u.pk != order.assigned_engineer_id
        ]
    items = []
    for action in actions:
        if bound is not None and bound[0] is action:
            form, is_open = bound[1], True
        else:
            form, is_open = action_form(action, engineers=engineers), False
        items.append(
            {
                "action": action,
                "label": action.label,
                "form": form if form.fields else None,
                "open": is_open,
                "danger": action is Action.CANCEL,
            }
        )
    return items


def order_context(
    user: User,
    order: ServiceOrder,
    *,
    bound: tuple[Action, ActionForm] | None = None,
    error: str = "",
    notice: str = "",
    warranty: dict[str, Any] | None = None,
    quote: dict[str, Any] | None = None,
    parts: dict[str, Any] | None = None,
    loaner: dict[str, Any] | None = None,
    priority_form: PriorityForm | None = None,
) -> dict[str, Any]:
    """The whole page. ``bound``/``error``/``notice``/``priority_form`` are the status
    panel's; ``warranty``, ``quote``, ``parts`` and ``loaner`` are keyword arguments of
    those panels' builders."""
    return {
        "order": order,
        "sla_rows": sla_rows(order),
        "timeline": timeline_rows(service_order_timeline(order=order)),
        "actions": action_items(user, order, bound=bound),
        "priority": priority_panel(user, order, form=priority_form),
        "error": error,
        "notice": notice,
        "wp": warranty_panel(user, order, **(warranty or {})),
        "qp": quote_panel(user, order, **(quote or {})),
        "pp": parts_panel(user, order, **(parts or {})),
        "lp": loaner_panel(user, order, **(loaner or {})),
    }


def swap(
    request: HttpRequest, context: dict[str, Any], *, panel: str, status: int = 200
) -> HttpResponse:
    """``panel`` for its htmx target, and the other panels out of band."""
    response = render(request, PANELS[panel], context, status=status)
    oob = {**context, "oob": True}
    extra = b"".join(
        render(request, template, oob).content for name, template in PANELS.items() if name != panel
    )
    response.content = response.content + extra
    return response


def answer(
    request: HttpRequest,
    user: User,
    order_id: int,
    *,
    panel: str,
    status: int,
    notice: str,
    **panel_kwargs: Any,
) -> HttpResponse:
    """The answer to a write on the order page: ``status`` 200 is success (``notice``
    says what was done); otherwise ``panel_kwargs`` carry the failed form and error."""
    try:
        order = access_service_order(user=user, order_id=order_id)
    except NotFound:  # the write took the order out of this user's sight
        messages.info(request, _("The order is no longer visible to you."))
        if is_partial(request):
            return HttpResponseClientRedirect(reverse("console:order_list"))
        return redirect("console:order_list")
    partial = is_partial(request)
    if status == 200:
        if not partial:
            messages.success(request, notice)
            return redirect("console:order_detail", order_id=order.pk)
        if panel == "status":
            panel_kwargs["notice"] = notice
        else:
            panel_kwargs[panel] = {**panel_kwargs.get(panel, {}), "notice": notice}
    context = order_context(user, order, **panel_kwargs)
    if partial:
        return swap(request, context, panel=panel, status=status)
    return render(request, PAGE, context, status=status)
