"""Taking a report (报修): the new-order page and its two htmx look-ups.

The customer is found by phone among the customers this user may see; the unit by
serial or warranty card number, shown with its warranty decision only when visible.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from aftersales.accounts.access import may
from aftersales.accounts.models import User
from aftersales.console.auth import console_user, staff_required
from aftersales.console.display import exclusion_labels, warranty_status_badge
from aftersales.console.forms import OrderCreateForm
from aftersales.core.exceptions import ApplicationError
from aftersales.core.phone import normalise_phone
from aftersales.customers.models import Customer
from aftersales.customers.selectors import customer_list
from aftersales.service_orders.services import service_order_create
from aftersales.units.models import Unit
from aftersales.units.selectors import unit_by_serial, unit_list, unit_visible_qs
from aftersales.warranty.explain import warranty_reason
from aftersales.warranty.selectors import warranty_status

MAX_MATCHES = 10
MIN_PHONE_DIGITS = 5
TEMPLATE = "console/order_create.html"


def _customer_matches(user: User, phone: str) -> dict[str, Any]:
    phone = normalise_phone(phone)
    if sum(c.isdigit() for c in phone) < MIN_PHONE_DIGITS:
        return {"phone": phone, "customers": None}
    customers: list[Customer] = list(customer_list(user=user, phone=phone)[:MAX_MATCHES])
    matches = [
        {"customer": c, "units": list(unit_list(user=user, customer=c.pk)[:MAX_MATCHES])}
        for c in customers
    ]
    return {"phone": phone, "customers": matches}


def _visible_unit(user: User, serial: str) -> Unit | None:
    unit = unit_by_serial(serial_number=serial) if serial else None
    if unit is None or not unit_visible_qs(user=user).filter(pk=unit.pk).exists():
        return None  # an invisible unit answers like a missing one (SEC-2)
    return unit


def _unit_context(user: User, serial: str, customer_id: int | None) -> dict[str, Any]:
    serial = serial.strip()
    unit = _visible_unit(user, serial)
    context: dict[str, Any] = {"serial": serial, "unit": unit}
    if unit is not None:
        status = warranty_status(unit=unit, on=timezone.localdate())
        context.update(
            {
                "warranty": status,
                "badge": warranty_status_badge(status),
                "reason": warranty_reason(status),
                "exclusions": exclusion_labels(status.exclusions),
                "other_customer": customer_id is not None and unit.customer_id != customer_id,
            }
        )
    return context


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


@require_http_methods(["GET", "POST"])
@staff_required
def order_create(request: HttpRequest) -> HttpResponse:
    user = console_user(request)
    if not may(user, "order.create"):
        return render(request, "console/forbidden.html", status=403)
    status = 200
    form = OrderCreateForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                order = service_order_create(actor=user, **form.service_kwargs())
            except ApplicationError as exc:
                form.apply_errors(exc)
            else:
                messages.success(
                    request, _("Service order %(number)s created.") % {"number": order.number}
                )
                return redirect("console:order_detail", order_id=order.pk)
        status = 422
    data = form.data if form.is_bound else {}
    customer_id = _int(data.get("customer"))
    context = {
        "form": form,
        "selected_customer": customer_id,
        **_customer_matches(user, data.get("lookup_phone", "")),
        **_unit_context(user, data.get("serial_number", ""), customer_id),
    }
    return render(request, TEMPLATE, context, status=status)


@require_GET
@staff_required
def customer_lookup(request: HttpRequest) -> HttpResponse:
    user = console_user(request)
    context = {
        **_customer_matches(user, request.GET.get("lookup_phone", "")),
        "selected_customer": _int(request.GET.get("customer")),
    }
    return render(request, TEMPLATE + "#customer-matches", context)


@require_GET
@staff_required
def unit_lookup(request: HttpRequest) -> HttpResponse:
    """The warranty badge for a serial; ``?field=1`` answers the serial field with it."""
    user = console_user(request)
    context = _unit_context(
        user, request.GET.get("serial_number", ""), _int(request.GET.get("customer"))
    )
    partial = "unit-field" if request.GET.get("field") else "unit-badge"
    return render(request, f"{TEMPLATE}#{partial}", context)
