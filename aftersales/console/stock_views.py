"""The spare-parts pages (INV-1, INV-2): stock by warehouse and part, the move history
(the ledger) and the move form.

Everyone with ``stock.read`` sees the balances and moves of the warehouses they may see
(``inventory.selectors``); the move form is for ``stock.move`` (others get the 403
page). A move is booked by ``inventory.services.stock_move_create``, which refuses
before writing anything: its field errors land on the form (422), "not enough stock"
shows above it (409).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from django_htmx.http import HttpResponseClientRedirect

from aftersales.accounts.access import may
from aftersales.accounts.models import User
from aftersales.catalog.models import Part
from aftersales.catalog.selectors import part_list
from aftersales.console.auth import console_user, staff_required
from aftersales.console.order_page import is_partial
from aftersales.console.stock_forms import MoveFilterForm, StockFilterForm, StockMoveForm
from aftersales.core.exceptions import ApplicationError
from aftersales.inventory.models import Warehouse
from aftersales.inventory.selectors import (
    may_manage_warehouse,
    stock_move_search,
    stock_search,
    warehouse_list,
)
from aftersales.inventory.services import stock_move_create

PAGE_SIZE = 50
FORBIDDEN = "console/forbidden.html"


def _warehouses(user: User, *, active_only: bool = False) -> list[Warehouse]:
    qs = warehouse_list(user=user)
    return list(qs.filter(is_active=True) if active_only else qs)


def _parts() -> list[Part]:
    return list(part_list())


def _page(request: HttpRequest, rows: Any) -> Any:
    return Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))


@require_GET
@staff_required
def stock(request: HttpRequest) -> HttpResponse:
    user = console_user(request)
    if not may(user, "stock.read"):
        return render(request, FORBIDDEN, status=403)
    form = StockFilterForm(request.GET, warehouses=_warehouses(user))
    page = _page(request, stock_search(user=user, **form.filters()))
    context = {"form": form, "page": page, "can_move": may(user, "stock.move")}
    template = "console/stock_list.html"
    if is_partial(request):
        template += "#stock-table"
    return render(request, template, context)


@require_GET
@staff_required
def stock_moves(request: HttpRequest) -> HttpResponse:
    user = console_user(request)
    if not may(user, "stock.read"):
        return render(request, FORBIDDEN, status=403)
    form = MoveFilterForm(request.GET, warehouses=_warehouses(user), parts=_parts())
    page = _page(request, stock_move_search(user=user, **form.filters()))
    context = {"form": form, "page": page, "can_move": may(user, "stock.move")}
    template = "console/stock_moves.html"
    if is_partial(request):
        template += "#move-table"
    return render(request, template, context)


@require_http_methods(["GET", "POST"])
@staff_required
def stock_move_new(request: HttpRequest) -> HttpResponse:
    user = console_user(request)
    if not may(user, "stock.move"):
        return render(request, FORBIDDEN, status=403)
    if request.method == "GET":
        keys = ("kind", "part", "to_warehouse", "order", "quantity")
        initial = {k: request.GET[k] for k in keys if k in request.GET}
        return _form_page(request, _move_form(user, initial=initial))
    form = _move_form(user, data=request.POST)
    if not form.is_valid():
        return _form_page(request, form, error=_("Please correct the errors below."), status=422)
    try:
        move = stock_move_create(actor=user, **form.service_kwargs())
    except ApplicationError as exc:
        on_fields = form.apply_errors(exc, message_on_form=False)
        error = _("Please correct the errors below.") if on_fields else exc.message
        return _form_page(request, form, error=error, status=exc.http_status)
    messages.success(
        request,
        _("Booked: %(kind)s of %(quantity)s × %(part)s.")
        % {"kind": move.get_kind_display(), "quantity": move.quantity, "part": move.part.name},
    )
    back = reverse("console:stock_moves")
    if is_partial(request):
        return HttpResponseClientRedirect(back)
    return redirect(back)


def _move_form(
    user: User, *, data: Any = None, initial: dict[str, Any] | None = None
) -> StockMoveForm:
    """The move form: stock leaves only warehouses the user manages (a regional keeper
    not the central one, ``may_manage_warehouse``) and goes to any they see."""
    targets = _warehouses(user, active_only=True)
    sources = [w for w in targets if may_manage_warehouse(user=user, warehouse=w)]
    return StockMoveForm(
        data, user=user, sources=sources, targets=targets, parts=_parts(), initial=initial
    )


def _form_page(
    request: HttpRequest, form: StockMoveForm, *, error: str = "", status: int = 200
) -> HttpResponse:
    context = {"form": form, "error": error, "hidden_sides": form.hidden_sides()}
    return render(request, "console/stock_move_form.html", context, status=status)
