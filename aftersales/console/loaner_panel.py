"""Loaner units in the console (LOAN-2, SLA-5): the order page's loaner panel, its
forms, the filters of the Loaners page, and how an overdue loan is worded. The rules —
who may lend, which units, when a loan is overdue — are ``loaners.services`` and
``loaners.selectors``, as for the API; this only shows their answers."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from aftersales.accounts.access import may
from aftersales.accounts.models import User
from aftersales.console.forms import ServiceForm
from aftersales.console.quote_panel import allowed
from aftersales.console.warranty_forms import DateInput
from aftersales.inventory.selectors import warehouse_visible_qs
from aftersales.loaners.models import Loan, LoanerStatus
from aftersales.loaners.rules import OverdueReason
from aftersales.loaners.selectors import loan_overdue_reason, loaner_offer, return_grace
from aftersales.service_orders.models import ServiceOrder
from aftersales.service_orders.status import BEFORE_RESOLVED


class LoanerIssueForm(ServiceForm):
    """The unit comes from the Issue button that was pressed (``name="loaner"``)."""

    loaner = forms.IntegerField(label=gettext_lazy("Loaner unit"), required=False)
    expected_back = forms.DateField(
        label=gettext_lazy("Expected back"),
        required=False,
        widget=DateInput(),
        help_text=gettext_lazy("Optional: the day the customer promises to return it."),
    )


class LoanReturnForm(ServiceForm):
    note = forms.CharField(
        label=gettext_lazy("Condition on return"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


def overdue_text(loan: Loan, *, now: dt.datetime | None = None) -> str:
    """Why ``loan`` should be back already, in words; "" when it need not be yet."""
    reason = loan_overdue_reason(loan, now=now)
    if reason is None:
        return ""
    if reason is OverdueReason.ORDER_CANCELLED:
        return _("overdue: the order was cancelled")
    if reason is OverdueReason.REPAIR_ACCEPTED:
        return _("overdue: the repair was accepted more than %(days)s days ago") % {
            "days": return_grace().days
        }
    assert loan.expected_back is not None
    return _("overdue: promised back on %(date)s") % {"date": loan.expected_back.isoformat()}


def loaner_panel(
    user: User,
    order: ServiceOrder,
    *,
    form: LoanerIssueForm | None = None,
    return_form: LoanReturnForm | None = None,
    error: str = "",
    notice: str = "",
) -> dict[str, Any] | None:
    """The order page's loaner panel (context key ``lp``); None when there is nothing
    to show: the user may not see the pool, or the order is no longer open and has no
    loaner out nor due. ``form``/``return_form`` are forms that failed (shown open)."""
    if not may(user, "loaner.list"):
        return None
    offer = loaner_offer(user=user, order=order)
    is_open = order.status in BEFORE_RESOLVED
    loan = offer.open_loan
    if loan is None and not is_open:  # nothing out, and no loaner is due any more
        return None
    return {
        "due": offer.due,
        "loaner_due": offer.loaner_due,
        "loan": loan,
        "overdue": overdue_text(loan) if loan is not None else "",
        "available": offer.available,
        "can_issue": is_open and loan is None and allowed(user, order, "loaner.issue"),
        "can_return": loan is not None and allowed(user, order, "loaner.return"),
        "form": form or LoanerIssueForm(),
        "return_form": return_form or LoanReturnForm(),
        "open": form is not None or offer.loaner_due,
        "error": error,
        "notice": notice,
    }


# --- the Loaners page -------------------------------------------------------------------


class LoanerFilterForm(forms.Form):
    warehouse = forms.TypedChoiceField(
        label=gettext_lazy("Warehouse"), required=False, coerce=int, empty_value=None
    )
    status = forms.ChoiceField(label=gettext_lazy("Status"), required=False)
    overdue = forms.BooleanField(label=gettext_lazy("Only overdue loans"), required=False)

    def __init__(self, data: QueryDict, *, user: User) -> None:
        super().__init__(data)
        blank: list[tuple[Any, Any]] = [("", _("all"))]
        warehouse = self.fields["warehouse"]
        assert isinstance(warehouse, forms.ChoiceField)
        visible = warehouse_visible_qs(user=user).filter(is_active=True).order_by("code")
        warehouse.choices = blank + [(w.pk, str(w)) for w in visible]
        status = self.fields["status"]
        assert isinstance(status, forms.ChoiceField)
        status.choices = blank + list(LoanerStatus.choices)

    def filters(self) -> dict[str, Any]:
        """Keyword arguments for the lists; invalid fields are ignored (and shown)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "warehouse_id": data.get("warehouse"),
            "status": data.get("status") or None,
            "overdue_only": bool(data.get("overdue")),
        }


def loan_rows(loans: Any, *, user: User) -> list[dict[str, Any]]:
    """Open loans as the Loaners page lists them: with why each is overdue (if it is)
    and whether this user may record its return."""
    now = timezone.now()
    return [
        {
            "loan": loan,
            "overdue": overdue_text(loan, now=now),
            "can_return": allowed(user, loan.order, "loaner.return"),
        }
        for loan in loans
    ]
