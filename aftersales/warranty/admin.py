from __future__ import annotations

from django.contrib import admin

from aftersales.core.admin import ReadOnlyAdmin
from aftersales.warranty.models import WarrantyExclusion


@admin.register(WarrantyExclusion)
class WarrantyExclusionAdmin(ReadOnlyAdmin):
    """Recorded exclusions (WAR-5) are evidence: append-only, recorded on an order
    through ``service_order_record_exclusion``, never edited."""

    list_display = ("recorded_at", "reason", "unit", "service_order", "recorded_by")
    list_filter = ("reason",)
    search_fields = ("=unit__serial_number", "=service_order__number", "note")
    list_select_related = ("unit", "service_order", "recorded_by")
    date_hierarchy = "recorded_at"
