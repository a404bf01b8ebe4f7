from __future__ import annotations

from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from aftersales.core.admin import ReadOnlyAdmin, ReadOnlyInline
from aftersales.warranty.models import ExclusionPhoto, ThreeGuaranteesSettlement, WarrantyExclusion


class ExclusionPhotoInline(ReadOnlyInline):
    """The exclusion's photos (evidence, append-only), each opened through the
    console's media view, which checks that the viewer may see the order or unit."""

    model = ExclusionPhoto
    fields = ("preview", "content_type", "size", "width", "height", "uploaded_by", "uploaded_at")
    readonly_fields = fields

    @admin.display(description=_("photo"))
    def preview(self, obj: ExclusionPhoto) -> str:
        url = obj.image.url
        return format_html(
            '<a href="{}" target="_blank" rel="noopener"><img src="{}" alt="" '
            'style="max-height:80px;max-width:120px"></a>',
            url,
            url,
        )


@admin.register(WarrantyExclusion)
class WarrantyExclusionAdmin(ReadOnlyAdmin):
    """Recorded exclusions (WAR-5) are evidence: append-only, recorded on an order
    through ``service_order_record_exclusion``, never edited."""

    list_display = ("recorded_at", "reason", "unit", "service_order", "recorded_by")
    inlines = (ExclusionPhotoInline,)
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
