"""The unit page (/units/<id>/) and its writes: the entitlement on a date and the refund
quote (htmx partials, nothing recorded), and the exchange and refund settlements
(``warranty.services``). A unit the user may not see is 404, as in the API."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRedirect

from aftersales.accounts.models import User
from aftersales.catalog.selectors import product_model_list
from aftersales.console.auth import console_user, staff_required
from aftersales.console.order_page import is_partial
from aftersales.console.unit_page import (
    TEMPLATE,
    entitlement_context,
    return_orders,
    unit_context,
    unit_orders,
)
from aftersales.console.warranty_forms import (
    EntitlementDateForm,
    ExchangeForm,
    RefundForm,
    RefundQuoteForm,
)
from aftersales.core.exceptions import ApplicationError, NotFound
from aftersales.units.models import Unit
from aftersales.units.selectors import access_unit
from aftersales.warranty import selectors as warranty_selectors
from aftersales.warranty import services as warranty_services
from aftersales.warranty.tg_present import rate_text

INVALID = 422


def _unit(user: User, unit_id: int) -> Unit:
    try:
        return access_unit(user=user, unit_id=unit_id)
    except NotFound:
        raise Http404(_("Unit not found.")) from None


def _on_form(request: HttpRequest, unit: Unit) -> EntitlementDateForm:
    """The entitlement's date from ``?on=``; today when the page is opened without one."""
    data = request.GET if "on" in request.GET else {"on": timezone.localdate().isoformat()}
    return EntitlementDateForm(data, purchase_date=unit.purchase_date)


@require_GET
@staff_required
def unit_detail(request: HttpRequest, unit_id: int) -> HttpResponse:
    user = console_user(request)
    unit = _unit(user, unit_id)
    return render(request, TEMPLATE, unit_context(user, unit, on_form=_on_form(request, unit)))


@require_GET
@staff_required
def unit_entitlement(request: HttpRequest, unit_id: int) -> HttpResponse:
    """TG-6 on ``?on=YYYY-MM-DD`` (today when empty); a refused date is 422."""
    unit = _unit(console_user(request), unit_id)
    form = _on_form(request, unit)
    context = {"unit": unit, **entitlement_context(unit, form)}
    status = 200 if context["entitlement"] is not None else INVALID
    if is_partial(request):
        return render(request, f"{TEMPLATE}#entitlement", context, status=status)
    return redirect(f"{reverse('console:unit_detail', args=[unit.pk])}?{request.GET.urlencode()}")


@require_GET
@staff_required
def unit_refund_quote(request: HttpRequest, unit_id: int) -> HttpResponse:
    """TG-5 for ``?return_date=``: a calculation only, nothing is recorded."""
    user = console_user(request)
    unit = _unit(user, unit_id)
    form = RefundQuoteForm(request.GET, auto_id="id_quote_%s")
    quote, error, status = None, "", 200
    if form.is_valid():
        try:
            quote = warranty_selectors.unit_refund_quote(
                unit=unit, return_date=form.cleaned_data["return_date"]
            )
        except ApplicationError as exc:
            form.apply_errors(exc)
            status = exc.http_status
    else:
        status, error = INVALID, _("Please correct the errors below.")
    context = {
        "unit": unit,
        "refund_quote_form": form,
        "quote": quote,
        "quote_rate": rate_text(quote.daily_rate) if quote is not None else "",
        "quote_error": error,
    }
    if is_partial(request):
        return render(request, f"{TEMPLATE}#refund-quote", context, status=status)
    page = unit_context(user, unit, on_form=_on_form(request, unit), refund_quote_form=form)
    return render(request, TEMPLATE, {**page, **context}, status=status)


def _settled(request: HttpRequest, unit: Unit, notice: str) -> HttpResponse:
    """After a settlement the whole page changes: reload it with the notice."""
    messages.success(request, notice)
    url = reverse("console:unit_detail", args=[unit.pk])
    return HttpResponseClientRedirect(url) if is_partial(request) else redirect(url)


def _refused(
    request: HttpRequest, user: User, unit: Unit, key: str, form: Any, status: int, error: str
) -> HttpResponse:
    settle = {key: form, "settle_error": error, "settle_open": key}
    context = unit_context(user, unit, on_form=_on_form(request, unit), settle=settle)
    template = f"{TEMPLATE}#settle-panel" if is_partial(request) else TEMPLATE
    return render(request, template, context, status=status)


def _settle(
    request: HttpRequest, user: User, unit: Unit, key: str, form: Any, write: Any, notice: str
) -> HttpResponse:
    if not form.is_valid():
        return _refused(
            request, user, unit, key, form, INVALID, _("Please correct the errors below.")
        )
    try:
        write(actor=user, unit_id=unit.pk, **form.service_kwargs())
    except NotFound:
        raise Http404(_("Unit not found.")) from None
    except ApplicationError as exc:
        on_fields = form.apply_errors(exc, message_on_form=False)
        error = _("Please correct the errors below.") if on_fields else exc.message
        return _refused(request, user, unit, key, form, exc.http_status, error)
    return _settled(request, unit, notice)


@require_POST
@staff_required
def unit_exchange(request: HttpRequest, unit_id: int) -> HttpResponse:
    user = console_user(request)
    unit = _unit(user, unit_id)
    form = ExchangeForm(
        request.POST,
        return_orders=return_orders(unit_orders(user, unit)),
        models=product_model_list(),
        current_model=unit.product_model,
    )
    notice = _("Unit %(serial)s exchanged.") % {"serial": unit.serial_number}
    return _settle(
        request, user, unit, "exchange_form", form, warranty_services.unit_exchange, notice
    )


@require_POST
@staff_required
def unit_refund(request: HttpRequest, unit_id: int) -> HttpResponse:
    user = console_user(request)
    unit = _unit(user, unit_id)
    form = RefundForm(request.POST, return_orders=return_orders(unit_orders(user, unit)))
    notice = _("Unit %(serial)s refunded.") % {"serial": unit.serial_number}
    return _settle(request, user, unit, "refund_form", form, warranty_services.unit_refund, notice)
