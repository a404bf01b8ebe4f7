"""Staff console pages: sign-in, the order list, the order detail and its actions.

Views only parse input, call one selector or service, and render (conventions B.3.2);
htmx requests get the named partial of the same template (B.3.11).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.views import LoginView, LogoutView
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRedirect

from aftersales.accounts.access import may
from aftersales.accounts.models import User
from aftersales.accounts.roles import RoleCode
from aftersales.accounts.selectors import staff_list
from aftersales.console.auth import console_user, staff_required
from aftersales.console.display import order_rows, sla_rows, timeline_rows, warranty_badge
from aftersales.console.forms import (
    ActionForm,
    OrderFilterForm,
    StaffAuthenticationForm,
    action_form,
)
from aftersales.core.exceptions import ApplicationError, NotFound
from aftersales.organisation.selectors import region_list
from aftersales.service_orders.models import ServiceOrder
from aftersales.service_orders.permissions import actions_for
from aftersales.service_orders.present import order_warranty
from aftersales.service_orders.selectors import (
    access_service_order,
    service_order_list,
    service_order_timeline,
)
from aftersales.service_orders.services import service_order_transition
from aftersales.service_orders.status import Action

PAGE_SIZE = 50


class ConsoleLoginView(LoginView):
    template_name = "console/login.html"
    authentication_form = StaffAuthenticationForm
    redirect_authenticated_user = True


class ConsoleLogoutView(LogoutView):
    """Sign out (POST only, as Django requires)."""


def _is_partial(request: HttpRequest) -> bool:
    htmx = getattr(request, "htmx", None)
    if not htmx:
        return False
    return not htmx.boosted and not htmx.history_restore_request


# --- the order list ---------------------------------------------------------------------


@require_GET
@staff_required
def order_list(request: HttpRequest) -> HttpResponse:
    user = console_user(request)
    engineers = staff_list(role=RoleCode.ENGINEER) if may(user, "staff.list") else None
    form = OrderFilterForm(request.GET, regions=region_list(), engineers=engineers)
    orders = service_order_list(user=user, **form.filters())
    page = Paginator(orders, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "rows": order_rows(page, user=user)}
    template = "console/order_list.html"
    if _is_partial(request):
        template += "#order-table"
    return render(request, template, context)


# --- the order detail and its actions ---------------------------------------------------


def _order(user: User, order_id: int) -> ServiceOrder:
    try:
        return access_service_order(user=user, order_id=order_id)
    except NotFound:
        raise Http404(_("Service order not found.")) from None


def _action_items(
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


def _detail_context(
    user: User,
    order: ServiceOrder,
    *,
    bound: tuple[Action, ActionForm] | None = None,
    error: str = "",
) -> dict[str, Any]:
    warranty = order_warranty(order)
    return {
        "order": order,
        "warranty": warranty,
        "warranty_badge": (
            warranty_badge(in_warranty=warranty["in_warranty"], exclusions=warranty["exclusions"])
            if warranty
            else None
        ),
        "sla_rows": sla_rows(order),
        "timeline": timeline_rows(service_order_timeline(order=order)),
        "actions": _action_items(user, order, bound=bound),
        "error": error,
    }


@require_GET
@staff_required
def order_detail(request: HttpRequest, order_id: int) -> HttpResponse:
    user = console_user(request)
    order = _order(user, order_id)
    return render(request, "console/order_detail.html", _detail_context(user, order))


def _panels(request: HttpRequest, context: dict[str, Any], status: int = 200) -> HttpResponse:
    """The status panel, plus the timeline swapped out of band (htmx)."""
    panel = render(request, "console/order_detail.html#status-panel", context)
    timeline = render(
        request, "console/order_detail.html#timeline", {**context, "oob": True}
    ).content
    panel.content = panel.content + timeline
    panel.status_code = status
    return panel


@require_POST
@staff_required
def order_action(request: HttpRequest, order_id: int, action: str) -> HttpResponse:
    user = console_user(request)
    try:
        act = Action(action)
    except ValueError:
        raise Http404(_("Unknown action.")) from None
    _order(user, order_id)  # 404 for an invisible order, whatever the input
    engineers = (
        staff_list(role=RoleCode.ENGINEER) if act in (Action.ASSIGN, Action.REASSIGN) else []
    )
    form = action_form(act, data=request.POST, engineers=engineers)
    status = 200
    error = ""
    if form.is_valid():
        try:
            service_order_transition(
                actor=user, order_id=order_id, action=act.value, payload=form.payload()
            )
        except NotFound:
            raise Http404(_("Service order not found.")) from None
        except ApplicationError as exc:
            on_fields = form.apply_errors(exc, message_on_form=False)
            error = _("Please correct the errors below.") if on_fields else exc.message
            status = exc.http_status
    else:
        error, status = _("Please correct the errors below."), 422
    try:
        order = access_service_order(user=user, order_id=order_id)
    except NotFound:  # the action took the order out of this user's sight
        messages.info(request, _("The order is no longer visible to you."))
        if _is_partial(request):
            return HttpResponseClientRedirect(reverse("console:order_list"))
        return redirect("console:order_list")
    partial = _is_partial(request)
    if status == 200:
        notice = _("Done: %(action)s.") % {"action": act.label}
        if not partial:
            messages.success(request, notice)
            return redirect("console:order_detail", order_id=order.pk)
        context = {**_detail_context(user, order), "notice": notice}
        return _panels(request, context)
    context = _detail_context(user, order, bound=(act, form), error=error)
    if partial:
        return _panels(request, context, status)
    return render(request, "console/order_detail.html", context, status=status)
