"""Staff console pages: sign-in, the order list, the order detail and its actions.

Views only parse input, call one selector or service, and render (conventions B.3.2);
htmx requests get the named partial of the same template (B.3.11).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.views import LoginView, LogoutView
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from aftersales.accounts.access import may
from aftersales.accounts.roles import RoleCode
from aftersales.accounts.selectors import staff_list
from aftersales.console.auth import console_user, staff_required
from aftersales.console.display import order_rows
from aftersales.console.forms import OrderFilterForm, StaffAuthenticationForm, action_form
from aftersales.console.order_page import PAGE, answer, is_partial, order_context, order_or_404
from aftersales.core.exceptions import ApplicationError, NotFound
from aftersales.organisation.selectors import region_list
from aftersales.service_orders.selectors import service_order_list
from aftersales.service_orders.services import service_order_transition
from aftersales.service_orders.status import Action

PAGE_SIZE = 50


class ConsoleLoginView(LoginView):
    template_name = "console/login.html"
    authentication_form = StaffAuthenticationForm
    redirect_authenticated_user = True


class ConsoleLogoutView(LogoutView):
    """Sign out (POST only, as Django requires)."""


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
    if is_partial(request):
        template += "#order-table"
    return render(request, template, context)


# --- the order detail and its actions ---------------------------------------------------


@require_GET
@staff_required
def order_detail(request: HttpRequest, order_id: int) -> HttpResponse:
    user = console_user(request)
    order = order_or_404(user, order_id)
    return render(request, PAGE, order_context(user, order))


@require_POST
@staff_required
def order_action(request: HttpRequest, order_id: int, action: str) -> HttpResponse:
    user = console_user(request)
    try:
        act = Action(action)
    except ValueError:
        raise Http404(_("Unknown action.")) from None
    order_or_404(user, order_id)  # 404 for an invisible order, whatever the input
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
    notice = _("Done: %(action)s.") % {"action": act.label}
    back = _safe_next(request)
    if status == 200 and back and not is_partial(request):  # a button of another page
        messages.success(request, notice)
        return HttpResponseRedirect(back)
    failed: dict[str, Any] = {} if status == 200 else {"bound": (act, form), "error": error}
    return answer(request, user, order_id, panel="status", status=status, notice=notice, **failed)


def _safe_next(request: HttpRequest) -> str | None:
    """The POSTed ``next`` page to go back to after a success, if it is on this site."""
    url = request.POST.get("next", "")
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return None
