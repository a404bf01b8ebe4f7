"""Loaner units in the console (LOAN-2, SLA-5): the Loaners page (the pool and the
loans that are out, overdue ones flagged, with a return button), and the order page's
loaner panel — lend a unit, record its return. Each write calls one
``loaners.services`` function; with htmx it answers with the panel (or the lists) it
came from, plus the order's timeline out of band."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRedirect

from aftersales.accounts.access import may
from aftersales.accounts.models import User
from aftersales.console.auth import console_user, staff_required
from aftersales.console.display import timeline_rows
from aftersales.console.forms import ServiceForm
from aftersales.console.loaner_panel import (
    LoanerFilterForm,
    LoanerIssueForm,
    LoanReturnForm,
    loan_rows,
    loaner_panel,
)
from aftersales.console.order_page import PAGE, PANELS, is_partial, order_context, order_or_404
from aftersales.core.exceptions import ApplicationError, NotFound
from aftersales.loaners.selectors import loan_list, loaner_unit_list, open_loan_for_order
from aftersales.loaners.services import loaner_issue, loaner_return
from aftersales.service_orders.selectors import access_service_order, service_order_timeline

PAGE_SIZE = 50
LOANERS = "console/loaners.html"
PANEL = "console/order_loaner.html#loaner-panel"
FORBIDDEN = "console/forbidden.html"


def _refused(form: ServiceForm, exc: ApplicationError) -> tuple[int, str]:
    if isinstance(exc, NotFound):
        raise Http404(exc.message) from None
    on_fields = form.apply_errors(exc, message_on_form=False)
    return exc.http_status, _("Please correct the errors below.") if on_fields else exc.message


# --- the Loaners page -------------------------------------------------------------------


def _lists(request: HttpRequest, user: User, **extra: Any) -> dict[str, Any]:
    form = LoanerFilterForm(request.GET, user=user)
    filters = form.filters()
    loans = loan_list(
        user=user,
        warehouse_id=filters["warehouse_id"],
        open_only=True,
        overdue_only=filters["overdue_only"],
    )
    units = loaner_unit_list(
        user=user, warehouse_id=filters["warehouse_id"], status=filters["status"]
    )
    loans_page = Paginator(loans, PAGE_SIZE).get_page(request.GET.get("lpage"))
    units_page = Paginator(units, PAGE_SIZE).get_page(request.GET.get("page"))
    return {
        "form": form,
        "loans_page": loans_page,
        "loans": loan_rows(loans_page, user=user),
        "units_page": units_page,
        "return_form": LoanReturnForm(),
        "query": request.GET.urlencode(),
        **extra,
    }


@require_GET
@staff_required
def loaners(request: HttpRequest) -> HttpResponse:
    user = console_user(request)
    if not may(user, "loaner.list"):
        return render(request, FORBIDDEN, status=403)
    try:
        context = _lists(request, user)
    except NotFound:  # a warehouse filter this user does not see
        raise Http404(_("Warehouse not found.")) from None
    template = f"{LOANERS}#loaner-lists" if is_partial(request) else LOANERS
    return render(request, template, context)


@require_POST
@staff_required
def loan_return(request: HttpRequest, loan_id: int) -> HttpResponse:
    """Record a return from the Loaners page; the page's filters come in the query."""
    user = console_user(request)
    form = LoanReturnForm(request.POST)
    status, error = 200, ""
    if form.is_valid():
        try:
            loan = loaner_return(actor=user, loan_id=loan_id, note=form.cleaned_data["note"])
        except ApplicationError as exc:
            status, error = _refused(form, exc)
    else:
        status, error = 422, _("Please correct the errors below.")
    notice = ""
    if status == 200:
        notice = _("Loaner unit %(serial)s returned.") % {"serial": loan.loaner.serial_number}
    if not is_partial(request):
        if status == 200:
            messages.success(request, notice)
        else:
            messages.error(request, error)
        query = request.GET.urlencode()
        return redirect(reverse("console:loaners") + (f"?{query}" if query else ""))
    context = _lists(request, user, notice=notice, error=error)
    return render(request, f"{LOANERS}#loaner-lists", context, status=status)


# --- the order page's loaner panel -------------------------------------------------------


def _panel_answer(
    request: HttpRequest,
    user: User,
    order_id: int,
    *,
    status: int,
    notice: str,
    **failed: Any,
) -> HttpResponse:
    """The answer to a write from the loaner panel: with htmx the panel and the
    timeline (out of band); without, back to the order page (or the page with the
    failed form)."""
    try:
        order = access_service_order(user=user, order_id=order_id)
    except NotFound:  # the write took the order out of this user's sight
        messages.info(request, _("The order is no longer visible to you."))
        if is_partial(request):
            return HttpResponseClientRedirect(reverse("console:order_list"))
        return redirect("console:order_list")
    partial = is_partial(request)
    if status == 200 and not partial:
        messages.success(request, notice)
        return redirect("console:order_detail", order_id=order.pk)
    lp = loaner_panel(user, order, notice=notice if status == 200 else "", **failed)
    if not partial:
        return render(request, PAGE, {**order_context(user, order), "lp": lp}, status=status)
    response = render(request, PANEL, {"order": order, "lp": lp}, status=status)
    if status == 200:
        timeline = timeline_rows(service_order_timeline(order=order))
        oob = {"order": order, "timeline": timeline, "oob": True}
        response.content += render(request, PANELS["timeline"], oob).content
    return response


@require_POST
@staff_required
def order_loaner_issue(request: HttpRequest, order_id: int) -> HttpResponse:
    user = console_user(request)
    order_or_404(user, order_id)  # 404 for an invisible order, whatever the input
    form = LoanerIssueForm(request.POST)
    status, error = 200, ""
    if form.is_valid():
        try:
            loan = loaner_issue(
                actor=user,
                order_id=order_id,
                loaner_id=form.cleaned_data["loaner"],
                expected_back=form.cleaned_data["expected_back"],
            )
        except ApplicationError as exc:
            status, error = _refused(form, exc)
    else:
        status, error = 422, _("Please correct the errors below.")
    notice = ""
    if status == 200:
        notice = _("Loaner unit %(serial)s lent.") % {"serial": loan.loaner.serial_number}
    failed = {} if status == 200 else {"form": form, "error": error}
    return _panel_answer(request, user, order_id, status=status, notice=notice, **failed)


@require_POST
@staff_required
def order_loaner_return(request: HttpRequest, order_id: int) -> HttpResponse:
    """Record the return of the unit the order has out (there is at most one)."""
    user = console_user(request)
    order = order_or_404(user, order_id)
    form = LoanReturnForm(request.POST)
    status, error = 200, ""
    loan = open_loan_for_order(order=order)
    if loan is None:
        status, error = 409, _("This order has no loaner unit out.")
    elif form.is_valid():
        try:
            loan = loaner_return(actor=user, loan_id=loan.pk, note=form.cleaned_data["note"])
        except ApplicationError as exc:
            status, error = _refused(form, exc)
    else:
        status, error = 422, _("Please correct the errors below.")
    notice = ""
    if status == 200 and loan is not None:
        notice = _("Loaner unit %(serial)s returned.") % {"serial": loan.loaner.serial_number}
    failed = {} if status == 200 else {"return_form": form, "error": error}
    return _panel_answer(request, user, order_id, status=status, notice=notice, **failed)
