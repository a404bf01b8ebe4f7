from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from aftersales.core.admin import ReadOnlyAdmin, ReadOnlyInline
from aftersales.service_orders.models import ServiceOrder, ServiceOrderEvent
from aftersales.service_orders.selectors import service_order_sla

# Orders change only through the services (the console and the API), which lock the
# row, check the SO-3 table and write the timeline (SO-6). The admin is for looking
# things up: every field is read-only, nothing is added here, and nothing is ever
# deleted (SO-7) — not even by a superuser.


class TimelineInline(ReadOnlyInline):
    model = ServiceOrderEvent
    fields = ("at", "kind", "action", "from_status", "to_status", "actor", "note", "extra")
    readonly_fields = fields
    ordering = ("at", "id")
    verbose_name_plural = _("timeline")


@admin.register(ServiceOrder)
class ServiceOrderAdmin(ReadOnlyAdmin):
    list_display = (
        "number",
        "status",
        "kind",
        "priority",
        "customer",
        "contact_phone",
        "region",
        "assigned_engineer",
        "reported_at",
        "sla_breached",
    )
    list_filter = ("status", "kind", "priority", "channel", "in_warranty", "region")
    search_fields = (
        "=number",
        "=contact_phone",
        "=customer__phone",
        "customer__name",
        "=unit__serial_number",
    )
    list_select_related = ("customer", "region", "assigned_engineer")
    date_hierarchy = "reported_at"
    show_full_result_count = False  # no COUNT(*) over every order per page
    inlines = [TimelineInline]
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "number",
                    "status",
                    "waiting_reason",
                    "kind",
                    "channel",
                    "priority",
                    "customer",
                    "unit",
                    "region",
                    "fault_description",
                    "contact_phone",
                    "address",
                    "reported_at",
                    "created_by",
                    "assigned_engineer",
                    "in_warranty",
                )
            },
        ),
        (
            _("SLA"),
            {"fields": ("sla_policy", "respond_by", "on_site_by", "resolve_by", "sla_breached")},
        ),
        (
            _("Steps"),
            {
                "fields": (
                    "acknowledged_at",
                    "assigned_at",
                    "departed_at",
                    "arrived_at",
                    "started_at",
                    "resolved_at",
                    "accepted_at",
                    "followed_up_at",
                    "closed_at",
                    "cancelled_at",
                )
            },
        ),
        (
            _("Outcome"),
            {
                "fields": (
                    "fault_cause",
                    "actions_taken",
                    "fault_code",
                    "customer_opinion",
                    "cancel_reason",
                    "survey_overall",
                    "survey_speed",
                    "survey_attitude",
                    "survey_quality",
                    "survey_comment",
                )
            },
        ),
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet[ServiceOrder]:
        return super().get_queryset(request).select_related("sla_policy", "unit", "created_by")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return [f for section in self.fieldsets for f in section[1]["fields"]]

    @admin.display(description=_("SLA breached"), boolean=True)
    def sla_breached(self, obj: ServiceOrder) -> bool:
        return service_order_sla(order=obj).breached


@admin.register(ServiceOrderEvent)
class ServiceOrderEventAdmin(ReadOnlyAdmin):
    """The append-only timeline across orders (SO-6), for audits."""

    list_display = ("at", "order", "kind", "action", "from_status", "to_status", "actor")
    list_filter = ("kind", "action")
    search_fields = ("=order__number",)
    list_select_related = ("order", "actor")
    date_hierarchy = "at"
    show_full_result_count = False
