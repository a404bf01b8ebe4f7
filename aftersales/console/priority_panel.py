"""The status panel's "change priority" part: the form and what the panel shows. The
rule — who may, which orders, the SLA re-target — is
``sla.services.service_order_change_priority``, as for the API."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from aftersales.accounts.access import may
from aftersales.accounts.models import User
from aftersales.console.forms import ServiceForm
from aftersales.service_orders.models import Priority, ServiceOrder
from aftersales.service_orders.status import BEFORE_RESOLVED


class PriorityForm(ServiceForm):
    priority = forms.ChoiceField(label=gettext_lazy("New priority"), choices=Priority.choices)
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("The SLA targets are re-computed for the new priority."),
    )


def priority_panel(
    user: User, order: ServiceOrder, *, form: PriorityForm | None = None
) -> dict[str, Any] | None:
    """The status panel's "change priority" part; None when this user may not or the
    order is no longer open. ``form`` is one that failed (shown open)."""
    if not may(user, "order.priority") or order.status not in BEFORE_RESOLVED:
        return None
    if form is None:
        others = [(v, label) for v, label in Priority.choices if v != order.priority]
        form = PriorityForm(initial={"priority": others[0][0] if others else ""})
        return {"form": form, "open": False}
    return {"form": form, "open": True}
