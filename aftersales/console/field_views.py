"""Two pages for people away from the order list: the escalations a manager watches
(SLA-4) and an engineer's "my jobs today" on the phone.

The engineer's buttons post to the order page's action endpoint
(``views.order_action``) with ``next`` set to this page, so one click moves the order
and comes back here.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from aftersales.accounts.access import may
from aftersales.accounts.roles import RoleCode
from aftersales.console.auth import console_user, staff_required
from aftersales.console.field_display import escalation_rows, job_cards
from aftersales.console.order_page import is_partial
from aftersales.escalations.models import Level, Target
from aftersales.escalations.selectors import escalation_list
from aftersales.service_orders.selectors import engineer_jobs_today

PAGE_SIZE = 50
FORBIDDEN = "console/forbidden.html"

# --- escalations ------------------------------------------------------------------------


class EscalationFilterForm(forms.Form):
    """The filters of the escalations page. "Only open orders" is on until the form is
    submitted (its hidden ``filtered`` field), since an unticked box sends nothing."""

    level = forms.ChoiceField(label=_("Level"), required=False)
    target = forms.ChoiceField(label=_("Target"), required=False)
    open_only = forms.BooleanField(label=_("Only open orders"), required=False)

    def __init__(self, data: QueryDict) -> None:
        if "filtered" not in data:
            data = data.copy()
            data["open_only"] = "on"
        super().__init__(data)
        blank: list[tuple[Any, Any]] = [("", _("all"))]
        for name, choices in (("level", Level.choices), ("target", Target.choices)):
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = blank + list(choices)

    def filters(self) -> dict[str, Any]:
        """Keyword arguments for ``escalation_list``; invalid fields are ignored (and
        their errors shown)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "level": data.get("level") or None,
            "target": data.get("target") or None,
            "open_only": bool(data.get("open_only")),
        }


@require_GET
@staff_required
def escalations(request: HttpRequest) -> HttpResponse:
    user = console_user(request)
    if not may(user, "escalation.list"):
        return render(request, FORBIDDEN, status=403)
    form = EscalationFilterForm(request.GET)
    rows = escalation_list(user=user, **form.filters()).select_related(
        "order__region", "order__assigned_engineer"
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "rows": escalation_rows(page)}
    template = "console/escalations.html"
    if is_partial(request):
        template += "#escalation-table"
    return render(request, template, context)


# --- my jobs today ----------------------------------------------------------------------


@require_GET
@staff_required
def my_jobs(request: HttpRequest) -> HttpResponse:
    user = console_user(request)
    if RoleCode.ENGINEER not in user.role_codes:
        return render(request, FORBIDDEN, status=403)
    now = timezone.now()
    jobs = engineer_jobs_today(user=user, now=now)
    context = {
        "jobs": jobs,
        "cards": job_cards(jobs.open, user=user, now=now),
        "here": request.path,
    }
    return render(request, "console/my_jobs.html", context)
