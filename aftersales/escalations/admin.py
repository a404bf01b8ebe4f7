"""Admin screens of escalations: the ladder steps, loaners due and compensations are
records (read-only); loaner and compensation rules are configuration (SLA-5, SLA-6)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from aftersales.core.admin import ReadOnlyAdmin, RoleModelAdmin
from aftersales.customers.models import CustomerKind
from aftersales.escalations.models import (
    Compensation,
    CompensationRule,
    Escalation,
    LoanerDue,
    LoanerRule,
)
from aftersales.service_orders.models import Kind, Priority

CHOICES = {
    "customer_kind": CustomerKind.choices,
    "priority": Priority.choices,
    "order_kind": Kind.choices,
}


class ChoiceMatchers:
    """Matchers stored as free text get the values they can match as choices."""

    def formfield_for_dbfield(
        self, db_field: models.Field, request: HttpRequest, **kwargs: Any
    ) -> Any:
        choices = CHOICES.get(db_field.name)
        if choices is not None:
            blank = [("", _("any"))] if db_field.blank else []
            return forms.ChoiceField(
                choices=[*blank, *choices], required=not db_field.blank, label=db_field.verbose_name
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)  # type: ignore[misc]


@admin.register(Escalation)
class EscalationAdmin(ReadOnlyAdmin):
    list_display = ("escalated_at", "order", "target", "level", "due_at", "elapsed_fraction")
    list_filter = ("level", "target")
    search_fields = ("=order__number",)
    list_select_related = ("order",)
    date_hierarchy = "escalated_at"


@admin.register(LoanerDue)
class LoanerDueAdmin(ReadOnlyAdmin):
    list_display = ("recorded_at", "order", "due_since", "rule")
    search_fields = ("=order__number",)
    list_select_related = ("order", "rule")


@admin.register(Compensation)
class CompensationAdmin(ReadOnlyAdmin):
    list_display = ("recorded_at", "order", "target", "kind", "amount", "rule", "settled_at")
    list_filter = ("kind", "target")
    search_fields = ("=order__number",)
    list_select_related = ("order", "rule")


@admin.register(LoanerRule)
class LoanerRuleAdmin(ChoiceMatchers, RoleModelAdmin):
    """SLA-5: when a loaner must be offered. Switch a rule off rather than delete it."""

    list_display = ("name", "active", "order_kind", "in_warranty_only", "hours_open")
    list_editable = ("active",)


@admin.register(CompensationRule)
class CompensationRuleAdmin(ChoiceMatchers, RoleModelAdmin):
    """SLA-6: what a breach earns the customer; empty matchers match any order."""

    list_display = (
        "name",
        "active",
        "target",
        "customer_kind",
        "priority",
        "in_warranty_only",
        "kind",
        "amount",
    )
    list_editable = ("active",)
    list_filter = ("active", "kind", "target")
