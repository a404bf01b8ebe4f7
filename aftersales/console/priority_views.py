"""Changing an open order's priority from its page (``priority_panel``)."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aftersales.console.auth import console_user, staff_required
from aftersales.console.order_page import answer, order_or_404
from aftersales.console.priority_panel import PriorityForm
from aftersales.core.exceptions import ApplicationError, NotFound
from aftersales.sla.services import service_order_change_priority


@require_POST
@staff_required
def order_priority(request: HttpRequest, order_id: int) -> HttpResponse:
    user = console_user(request)
    order_or_404(user, order_id)  # 404 for an invisible order, whatever the input
    form = PriorityForm(request.POST)
    status, error = 200, ""
    if form.is_valid():
        try:
            service_order_change_priority(
                actor=user,
                order_id=order_id,
                priority=form.cleaned_data["priority"],
                reason=form.cleaned_data["reason"],
            )
        except NotFound:
            raise Http404(_("Service order not found.")) from None
        except ApplicationError as exc:
            on_fields = form.apply_errors(exc, message_on_form=False)
            error = _("Please correct the errors below.") if on_fields else exc.message
            status = exc.http_status
    else:
        error, status = _("Please correct the errors below."), 422
    failed: dict[str, Any] = {} if status == 200 else {"priority_form": form, "error": error}
    return answer(
        request,
        user,
        order_id,
        panel="status",
        status=status,
        notice=_("Priority changed; the SLA targets were re-computed."),
        **failed,
    )
