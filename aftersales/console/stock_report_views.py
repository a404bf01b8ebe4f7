"""The stock reports page (INV-5): reorder suggestions for stock below its minimum and
the 3 % rule per region, narrowed to one region's subtree by a filter."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from aftersales.accounts.access import may
from aftersales.accounts.models import User
from aftersales.console.auth import console_user, staff_required
from aftersales.console.order_page import is_partial
from aftersales.inventory.reports import (
    reorder_suggestions,
    stock_report_regions,
    three_percent_report,
)

FORBIDDEN = "console/forbidden.html"
TEMPLATE = "console/stock_reports.html"


class StockReportFilterForm(forms.Form):
    """The region filter: the regions the user sees, indented by depth. A region not
    offered (unknown or not visible) is an error and the reports show everything."""

    region = forms.TypedChoiceField(label=_("Region"), required=False, coerce=int, empty_value=None)

    def __init__(self, data: QueryDict, *, user: User) -> None:
        super().__init__(data)
        field = self.fields["region"]
        assert isinstance(field, forms.TypedChoiceField)
        choices: list[tuple[Any, Any]] = [("", _("all"))]
        for region in stock_report_regions(user=user):
            depth = region.path.strip("/").count("/")
            choices.append((region.pk, "\u3000" * depth + region.name))
        field.choices = choices

    def region_id(self) -> int | None:
        self.is_valid()
        value: int | None = getattr(self, "cleaned_data", {}).get("region")
        return value


@require_GET
@staff_required
def stock_reports(request: HttpRequest) -> HttpResponse:
    user = console_user(request)
    if not may(user, "stock.read"):
        return render(request, FORBIDDEN, status=403)
    form = StockReportFilterForm(request.GET, user=user)
    region_id = form.region_id()
    context = {
        "form": form,
        "suggestions": reorder_suggestions(user=user, region_id=region_id),
        "report": three_percent_report(user=user, region_id=region_id),
    }
    template = TEMPLATE + "#stock-report-body" if is_partial(request) else TEMPLATE
    return render(request, template, context)
