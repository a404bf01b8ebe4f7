from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from aftersales.core.admin import ReadOnlyAdmin
from aftersales.warranty.models import ThreeGuaranteesSettlement, WarrantyExclusion


@admin.register(WarrantyExclusion)
class WarrantyExclusionAdmin(ReadOnlyAdmin):
    """Recorded exclusions (WAR-5) are evidence: append-only, recorded on an order
    through ``service_order_record_exclusion``, never edited."""

    list_display = ("recorded_at", "reason", "unit", "service_order", "recorded_by")
    list_filter = ("reason",)
    search_fields = ("=unit__serial_number", "=service_order__number", "note")
    list_select_related = ("unit", "service_order", "recorded_by")
    date_hierarchy = "recorded_at"


@admin.register(ThreeGuaranteesSettlement)
class ThreeGuaranteesSettlementAdmin(ReadOnlyAdmin):
    """Exchanges and refunds (TG-2..5, TG-8) with their amounts: records of money and of
    who decided, so append-only — made through ``POST /units/{id}/exchange`` and
    ``/refund`` (``warranty.services``), never edited."""

    list_display = (
        "recorded_at",
        "kind",
        "unit",
        "replacement",
        "settled_on",
        "rule",
        "price",
        "price_difference",
        "depreciation_fee",
        "refund_amount",
        "service_order",
        "recorded_by",
    )
    list_filter = ("kind", "rule")
    search_fields = (
        "=unit__serial_number",
        "=unit__replaced_by__serial_number",
        "=service_order__number",
    )
    list_select_related = ("unit__replaced_by", "service_order", "recorded_by")
    date_hierarchy = "recorded_at"

    @admin.display(description=_("replacement"))
    def replacement(self, obj: ThreeGuaranteesSettlement) -> str:
        replacement = getattr(obj.unit, "replaced_by", None)
        return str(replacement) if replacement is not None else "—"
