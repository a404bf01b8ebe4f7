"""The dispatch board: the queue of orders waiting for an engineer, an order's ranked
candidates with their reasons and the assign step, and batch dispatch (DSP-1..4).

Views parse, call one selector or service, render. The board's region filter travels in
the query string of every URL (``?region=``), so each answer can refresh the queue as
the user sees it. Through htmx a write answers with the panel it came from and the
queue swapped out of band; without htmx an assignment redirects back to the board and
a batch run renders the board with its result.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from aftersales.accounts.access import may
from aftersales.accounts.models import User
from aftersales.console.auth import console_user, staff_required
from aftersales.console.dispatch_board import (
    TEMPLATE,
    AssignForm,
    BatchForm,
    QueueFilterForm,
    batch_context,
    board_context,
    board_regions,
    candidates_context,
    queue_context,
)
from aftersales.console.order_page import is_partial, order_or_404
from aftersales.core.exceptions import ApplicationError, NotFound, PermissionDenied
from aftersales.dispatch.selectors import CandidateList, service_order_candidates
from aftersales.dispatch.services import dispatch_batch
from aftersales.service_orders.models import ServiceOrder
from aftersales.service_orders.services import service_order_transition
from aftersales.service_orders.status import Action


def _forbidden(request: HttpRequest) -> HttpResponse:
    return render(request, "console/forbidden.html", status=403)


def _filters(request: HttpRequest, user: User) -> tuple[QueueFilterForm, list[Any]]:
    regions = board_regions(user)
    return QueueFilterForm(request.GET, regions=regions), regions


def _board_url(region_id: int | None) -> str:
    url = reverse("console:dispatch_board")
    return f"{url}?region={region_id}" if region_id else url


def _answer(
    request: HttpRequest,
    user: User,
    *,
    partial: str,
    context: dict[str, Any],
    status: int,
    page: dict[str, Any],
    region_id: int | None,
) -> HttpResponse:
    """htmx: the panel ``partial`` and the queue out of band; else the whole board."""
    if not is_partial(request):
        return render(request, TEMPLATE, page, status=status)
    response = render(request, f"{TEMPLATE}#{partial}", context, status=status)
    queue = {**queue_context(user, region_id), "oob": True}
    response.content += render(request, f"{TEMPLATE}#dispatch-queue", queue).content
    return response


# --- the board ------------------------------------------------------------------------


@require_GET
@staff_required
def dispatch_board(request: HttpRequest) -> HttpResponse:
    user = console_user(request)
    if not may(user, "order.assign"):
        return _forbidden(request)
    filters, regions = _filters(request, user)
    if is_partial(request):  # the filter changed: the queue only
        return render(
            request, f"{TEMPLATE}#dispatch-queue", queue_context(user, filters.region_id())
        )
    return render(request, TEMPLATE, board_context(user, filters, regions))


# --- candidates and the assign step -----------------------------------------------------


def _candidates(user: User, order_id: int) -> tuple[CandidateList | None, str, int]:
    """The order's candidates, or the reason there are none (409: past dispatch)."""
    try:
        return service_order_candidates(user=user, order_id=order_id), "", 200
    except NotFound:
        raise Http404(_("Service order not found.")) from None
    except PermissionDenied:
        raise
    except ApplicationError as exc:
        return None, exc.message, exc.http_status


@require_GET
@staff_required
def dispatch_candidates(request: HttpRequest, order_id: int) -> HttpResponse:
    user = console_user(request)
    filters, regions = _filters(request, user)
    region_id = filters.region_id()
    try:
        found, error, status = _candidates(user, order_id)
    except PermissionDenied:
        return _forbidden(request)
    order = found.order if found is not None else order_or_404(user, order_id)
    panel = candidates_context(order, found, region_id=region_id, error=error)
    if is_partial(request):
        return render(request, f"{TEMPLATE}#candidates-panel", {"cp": panel}, status=status)
    page = board_context(user, filters, regions, candidates=panel)
    return render(request, TEMPLATE, page, status=status)


@require_POST
@staff_required
def dispatch_assign(request: HttpRequest, order_id: int) -> HttpResponse:
    user = console_user(request)
    order = order_or_404(user, order_id)
    if not may(user, "order.assign"):
        return _forbidden(request)
    filters, regions = _filters(request, user)
    region_id = filters.region_id()
    form = AssignForm(request.POST)
    status, error = 200, ""
    assigned: ServiceOrder | None = None
    if form.is_valid():
        try:
            assigned = service_order_transition(
                actor=user,
                order_id=order_id,
                action=Action.ASSIGN.value,
                payload={"engineer": form.cleaned_data["engineer"]},
            )
        except NotFound:
            raise Http404(_("Service order not found.")) from None
        except ApplicationError as exc:
            status, error = exc.http_status, exc.message
    else:
        status, error = 422, _("Choose one of the candidates to assign.")
    if assigned is not None:
        notice = _("%(number)s assigned to %(engineer)s.") % {
            "number": assigned.number,
            "engineer": assigned.assigned_engineer,
        }
        if not is_partial(request):
            messages.success(request, notice)
            return redirect(_board_url(region_id))
        panel = candidates_context(assigned, None, region_id=region_id, notice=notice)
    else:  # nothing written: the candidates as they are now, with the refusal
        try:
            found, _why, _code = _candidates(user, order_id)
        except PermissionDenied:
            return _forbidden(request)
        panel = candidates_context(order, found, region_id=region_id, error=error)
    return _answer(
        request,
        user,
        partial="candidates-panel",
        context={"cp": panel},
        status=status,
        page=board_context(user, filters, regions, candidates=panel),
        region_id=region_id,
    )


# --- batch dispatch -----------------------------------------------------------------------


@require_POST
@staff_required
def dispatch_batch_run(request: HttpRequest) -> HttpResponse:
    user = console_user(request)
    if not may(user, "dispatch.batch"):
        return _forbidden(request)
    filters, regions = _filters(request, user)
    region_id = filters.region_id()
    form = BatchForm(request.POST, regions=regions)
    status, error, result = 200, "", None
    if form.is_valid():
        try:
            result = dispatch_batch(actor=user, **form.service_kwargs())
        except ApplicationError as exc:
            on_fields = form.apply_errors(exc, message_on_form=False)
            status = exc.http_status
            error = _("Please correct the errors below.") if on_fields else exc.message
    else:
        status, error = 422, _("Please correct the errors below.")
    batch = batch_context(user, regions, region_id=region_id, form=form, result=result, error=error)
    return _answer(
        request,
        user,
        partial="batch-panel",
        context=batch,
        status=status,
        page=board_context(user, filters, regions, batch=batch),
        region_id=region_id,
    )
