from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from aftersales.core.admin import ReadOnlyAdmin, RoleModelAdmin
from aftersales.customers.models import CustomerKind
from aftersales.service_orders.models import Priority
from aftersales.sla.models import SlaBreach, SlaPause, SlaPolicy

# Matchers stored as free text get the values they can match as choices.
MATCHER_CHOICES = {"match_priority": Priority.choices, "match_customer_kind": CustomerKind.choices}


def _hours(minutes: int | None) -> str:
    if minutes is None:
        return "—"
    return f"{minutes / 60:g} h"


@admin.register(SlaPolicy)
class SlaPolicyAdmin(RoleModelAdmin):
    """The SLA policies (SLA-1): configuration that administrators change.

    A changed policy applies to orders taken from then on; orders keep the targets
    they were given at intake. Deactivate a policy instead of deleting it: orders
    refer to it.
    """

    list_display = (
        "rank",
        "name",
        "active",
        "match_priority",
        "match_customer_kind",
        "match_warranty",
        "match_region",
        "respond",
        "on_site",
        "resolve",
    )
    list_display_links = ("rank", "name")
    list_editable = ("active",)
    list_filter = ("active", "match_warranty", "match_customer_kind", "match_priority")
    fieldsets = (
        (None, {"fields": ("name", "rank", "active")}),
        (
            _("Matches orders with (empty = any)"),
            {
                "fields": (
                    "match_priority",
                    "match_customer_kind",
                    "match_warranty",
                    "match_region",
                )
            },
        ),
        (
            _("Targets (minutes; empty = no commitment)"),
            {
                "fields": (
                    ("respond_minutes", "respond_clock"),
                    ("on_site_minutes", "on_site_clock"),
                    ("resolve_minutes", "resolve_clock"),
                )
            },
        ),
    )

    def formfield_for_dbfield(
        self, db_field: models.Field, request: HttpRequest, **kwargs: Any
    ) -> Any:
        choices = MATCHER_CHOICES.get(db_field.name)
        if choices is not None:
            return forms.ChoiceField(
                choices=[("", _("any")), *choices], required=False, label=db_field.verbose_name
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.display(description=_("respond"))
    def respond(self, obj: SlaPolicy) -> str:
        return f"{_hours(obj.respond_minutes)} ({obj.get_respond_clock_display()})"

    @admin.display(description=_("on site"))
    def on_site(self, obj: SlaPolicy) -> str:
        return f"{_hours(obj.on_site_minutes)} ({obj.get_on_site_clock_display()})"

    @admin.display(description=_("resolve"))
    def resolve(self, obj: SlaPolicy) -> str:
        return f"{_hours(obj.resolve_minutes)} ({obj.get_resolve_clock_display()})"


@admin.register(SlaBreach)
class SlaBreachAdmin(ReadOnlyAdmin):
    """Stored breaches (SLA-3), for reports and audits: never added, changed or deleted
    here — the transitions and the periodic sweep write them, once per order and target."""

    list_display = ("breached_at", "order", "target", "cause_code", "due_at", "done_at")
    list_filter = ("target", "cause_code")
    search_fields = ("=order__number",)
    date_hierarchy = "breached_at"
    list_select_related = ("order",)
    readonly_fields = (
        "order",
        "target",
        "due_at",
        "breached_at",
        "done_at",
        "cause_code",
        "cause",
        "recorded_at",
    )


@admin.register(SlaPause)
class SlaPauseAdmin(ReadOnlyAdmin):
    """When orders' SLA clocks stood still (SLA-2: waiting for the customer)."""

    list_display = ("started_at", "ended_at", "order", "reason")
    list_filter = ("reason",)
    search_fields = ("=order__number",)
    list_select_related = ("order",)
    readonly_fields = ("order", "started_at", "ended_at", "reason")
