"""Writes of the order page's quote section (FEE-2): price and issue a quote (or keep it
as a draft), issue the draft, and record the customer's approval or refusal with the
channel it came by. Each calls one ``charges.services`` function."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aftersales.charges.selectors import price_list_in_force, price_table
from aftersales.charges.services import quote_approve, quote_create, quote_decline, quote_issue
from aftersales.console.auth import console_user, staff_required
from aftersales.console.forms import ServiceForm
from aftersales.console.order_page import answer, order_or_404
from aftersales.console.quote_forms import QuoteApproveForm, QuoteDeclineForm, QuoteForm
from aftersales.console.quote_panel import quotable_parts
from aftersales.core.exceptions import ApplicationError, NotFound
from aftersales.service_orders.models import ServiceOrder

INVALID = 422


def _refused(form: ServiceForm | None, exc: ApplicationError) -> tuple[int, str]:
    if isinstance(exc, NotFound):
        raise Http404(exc.message) from None
    if form is None:
        return exc.http_status, exc.message
    on_fields = form.apply_errors(exc, message_on_form=False)
    return exc.http_status, _("Please correct the errors below.") if on_fields else exc.message


def _answer(
    request: HttpRequest, order: ServiceOrder, status: int, notice: str, failed: dict[str, Any]
) -> HttpResponse:
    return answer(
        request,
        console_user(request),
        order.pk,
        panel="quote",
        status=status,
        notice=notice,
        **({} if status == 200 else {"quote": failed}),
    )


def _quote_form(order: ServiceOrder, data: Any) -> QuoteForm:
    price_list = price_list_in_force(on=timezone.localdate())
    levels = price_table(price_list=price_list).levels if price_list is not None else ()
    return QuoteForm(data, levels=levels, parts=quotable_parts(order))


@require_POST
@staff_required
def quote_new(request: HttpRequest, order_id: int) -> HttpResponse:
    """``issue=0`` keeps the quote as the order's draft; otherwise it is issued."""
    user = console_user(request)
    order = order_or_404(user, order_id)
    form = _quote_form(order, request.POST)
    issue = request.POST.get("issue") != "0"
    status, error = 200, ""
    if form.is_valid():
        try:
            quote = quote_create(
                actor=user,
                order_id=order_id,
                lines=form.lines(),
                note=form.cleaned_data.get("note") or "",
                issue=issue,
            )
        except ApplicationError as exc:
            status, error = _refused(form, exc)
    else:
        status, error = INVALID, _("Please correct the errors below.")
    notice = ""
    if status == 200:
        values = {"number": quote.number, "amount": f"{quote.charge_total:.2f}"}
        notice = (
            _("Quote %(number)s issued: %(amount)s yuan to pay.") % values
            if issue
            else _("Quote %(number)s saved as a draft.") % values
        )
    return _answer(request, order, status, notice, {"form": form, "error": error})


@require_POST
@staff_required
def quote_issue_draft(request: HttpRequest, order_id: int) -> HttpResponse:
    user = console_user(request)
    order = order_or_404(user, order_id)
    status, error, notice = 200, "", ""
    try:
        quote = quote_issue(actor=user, order_id=order_id)
        notice = _("Quote %(number)s issued.") % {"number": quote.number}
    except ApplicationError as exc:
        status, error = _refused(None, exc)
    return _answer(request, order, status, notice, {"error": error})


@require_POST
@staff_required
def quote_decide(request: HttpRequest, order_id: int, decision: str) -> HttpResponse:
    """``approve`` or ``decline``, with the channel the customer's decision came by."""
    user = console_user(request)
    order = order_or_404(user, order_id)
    if decision not in ("approve", "decline"):
        raise Http404(_("Unknown action."))
    form: QuoteApproveForm | QuoteDeclineForm
    status, error, notice = 200, "", ""
    if decision == "approve":
        form = QuoteApproveForm(request.POST, user=user)
        key = "approve_form"
    else:
        form = QuoteDeclineForm(request.POST, user=user)
        key = "decline_form"
    if form.is_valid():
        data = form.cleaned_data
        try:
            if decision == "approve":
                quote = quote_approve(
                    actor=user, order_id=order_id, channel=data["channel"], note=data["note"]
                )
                notice = _("Quote %(number)s approved.") % {"number": quote.number}
            else:
                quote = quote_decline(
                    actor=user, order_id=order_id, channel=data["channel"], reason=data["reason"]
                )
                notice = _("Quote %(number)s declined.") % {"number": quote.number}
        except ApplicationError as exc:
            status, error = _refused(form, exc)
    else:
        status, error = INVALID, _("Please correct the errors below.")
    return _answer(request, order, status, notice, {key: form, "error": error})
