"""The defective-part returns page (旧件返还, INV-4): what the field still owes back,
overdue ones flagged, each with a link to book its receipt (the move form, prefilled
with the order, part and quantity)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from aftersales.accounts.access import may
from aftersales.console.auth import console_user, staff_required
from aftersales.console.order_page import is_partial
from aftersales.core.timeutil import local_today
from aftersales.inventory.models import DefectiveReturn, DefectiveReturnStatus
from aftersales.inventory.selectors import defective_return_list

PAGE_SIZE = 50


class DefectiveFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("all")), *DefectiveReturnStatus.choices],
    )
    overdue = forms.BooleanField(label=_("Only overdue"), required=False)

    def filters(self) -> dict[str, Any]:
        if not self.is_valid():
            return {"status": DefectiveReturnStatus.PENDING}
        return {
            "status": self.cleaned_data["status"] or None,
            "overdue_on": local_today() if self.cleaned_data["overdue"] else None,
        }


def receive_url(row: DefectiveReturn) -> str:
    query = urlencode(
        {
            "kind": "defective_return",
            "part": row.part_id,
            "quantity": row.quantity,
            "order": row.order.number,
        }
    )
    return f"{reverse('console:stock_move_new')}?{query}"


@require_GET
@staff_required
def defective_returns(request: HttpRequest) -> HttpResponse:
    user = console_user(request)
    if not may(user, "stock.read"):
        return render(request, "console/forbidden.html", status=403)
    data = request.GET if request.GET else {"status": DefectiveReturnStatus.PENDING}
    form = DefectiveFilterForm(data)
    page = Paginator(defective_return_list(user=user, **form.filters()), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    today = local_today()
    can_receive = may(user, "stock.move")
    rows = [
        {
            "row": r,
            "overdue": r.status == DefectiveReturnStatus.PENDING and r.due_by < today,
            "receive_url": receive_url(r) if can_receive and r.status == "pending" else "",
        }
        for r in page
    ]
    template = "console/defective_returns.html"
    if is_partial(request):
        template += "#defective-table"
    return render(request, template, {"form": form, "page": page, "rows": rows})
