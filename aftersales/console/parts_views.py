"""Writes of the order page's parts panel (INV-2): reserve a part (or record it used
at once, from a warehouse or the engineer's van), use a reservation, release one. Each
calls one ``inventory`` service; the answer is the order page's (``order_page.answer``)
with the parts panel in front and the other panels refreshed out of band."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aftersales.console.auth import console_user, staff_required
from aftersales.console.order_page import answer, order_or_404
from aftersales.console.parts_panel import PartReserveForm, reserve_form
from aftersales.core.exceptions import ApplicationError, NotFound
from aftersales.inventory.order_parts import (
    order_part_issue,
    order_part_release,
    order_part_reserve,
)
from aftersales.inventory.services import stock_move_create

INVALID = 422


def _refused(form: PartReserveForm | None, exc: ApplicationError) -> tuple[int, str]:
    if isinstance(exc, NotFound):
        raise Http404(exc.message) from None
    if form is None:
        return exc.http_status, exc.message
    on_fields = form.apply_errors(exc, message_on_form=False)
    return exc.http_status, _("Please correct the errors below.") if on_fields else exc.message


def _answer(
    request: HttpRequest, order_id: int, status: int, notice: str, failed: dict[str, Any]
) -> HttpResponse:
    return answer(
        request,
        console_user(request),
        order_id,
        panel="parts",
        status=status,
        notice=notice,
        **({} if status == 200 else {"parts": failed}),
    )


@require_POST
@staff_required
def order_parts_reserve(request: HttpRequest, order_id: int) -> HttpResponse:
    """Reserve; with ``use_now`` the part is used at once (a ``stock_move_create`` issue)."""
    user = console_user(request)
    order = order_or_404(user, order_id)  # 404 for an invisible order, whatever the input
    form = reserve_form(user, order, data=request.POST)
    status, error, notice = 200, "", ""
    if form.is_valid():
        data = form.cleaned_data
        values = {"part_id": data["part"], "quantity": data["quantity"]}
        try:
            if data.get("use_now"):
                move = stock_move_create(
                    actor=user,
                    kind="issue",
                    from_warehouse_id=data["warehouse"],
                    service_order_id=order.pk,
                    **values,
                )
                notice = _("Used: %(quantity)s × %(part)s from %(warehouse)s.") % {
                    "quantity": move.quantity,
                    "part": move.part.name,
                    "warehouse": move.from_warehouse.name if move.from_warehouse else "—",
                }
            else:
                used = order_part_reserve(
                    actor=user, order_id=order.pk, warehouse_id=data["warehouse"], **values
                )
                notice = _("Reserved: %(quantity)s × %(part)s in %(warehouse)s.") % {
                    "quantity": used.quantity,
                    "part": used.part.name,
                    "warehouse": used.warehouse.name,
                }
        except ApplicationError as exc:
            status, error = _refused(form, exc)
    else:
        status, error = INVALID, _("Please correct the errors below.")
    return _answer(request, order.pk, status, notice, {"form": form, "error": error})


@require_POST
@staff_required
def order_part_use(request: HttpRequest, order_id: int, order_part_id: int) -> HttpResponse:
    """Use (issue) a reserved part."""
    user = console_user(request)
    order = order_or_404(user, order_id)
    status, error, notice = 200, "", ""
    try:
        used = order_part_issue(actor=user, order_id=order.pk, order_part_id=order_part_id)
        notice = _("Used: %(quantity)s × %(part)s from %(warehouse)s.") % {
            "quantity": used.quantity,
            "part": used.part.name,
            "warehouse": used.warehouse.name,
        }
    except ApplicationError as exc:
        status, error = _refused(None, exc)
    return _answer(request, order.pk, status, notice, {"error": error})


@require_POST
@staff_required
def order_part_put_back(request: HttpRequest, order_id: int, order_part_id: int) -> HttpResponse:
    """Release a reservation: the part goes back on the warehouse's shelf."""
    user = console_user(request)
    order = order_or_404(user, order_id)
    status, error, notice = 200, "", ""
    try:
        used = order_part_release(
            actor=user,
            order_id=order.pk,
            order_part_id=order_part_id,
            reason=request.POST.get("reason", ""),
        )
        notice = _("Released: %(quantity)s × %(part)s, back in %(warehouse)s.") % {
            "quantity": used.quantity,
            "part": used.part.name,
            "warehouse": used.warehouse.name,
        }
    except ApplicationError as exc:
        status, error = _refused(None, exc)
    return _answer(request, order.pk, status, notice, {"error": error})
