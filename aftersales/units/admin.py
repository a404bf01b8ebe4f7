from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aftersales.core.admin import ServiceAdmin
from aftersales.units.models import Unit
from aftersales.units.services import unit_create
from aftersales.warranty.explain import warranty_reason
from aftersales.warranty.selectors import unit_entitlement, unit_settlement, warranty_status
from aftersales.warranty.tg_present import entitlement_reason

UNIT_FIELDS = (
    "serial_number",
    "warranty_card_number",
    "product_model",
    "customer",
    "purchase_date",
    "invoice_date",
    "acceptance_date",
    "sale_price",
    "sales_channel",
    "clearance_sale",
)
# Shown on an existing unit, never edited here: the TG-8 link is set by an exchange.
SHOWN_FIELDS = (
    "replaces",
    "replaced_by_unit",
    "settlement",
    "warranty_today",
    "three_guarantees_today",
)


@admin.register(Unit)
class UnitAdmin(ServiceAdmin):
    """Units are added by ``unit_create``; a unit's dates decide its warranty, so an
    existing unit is shown, not edited, here (there is no update service yet)."""

    list_display = (
        "serial_number",
        "product_model",
        "customer",
        "purchase_date",
        "acceptance_date",
        "clearance_sale",
    )
    list_filter = ("product_model__product_line", "product_model", "clearance_sale")
    search_fields = (
        "=serial_number",
        "=warranty_card_number",
        "customer__name",
        "=customer__phone",
    )
    raw_id_fields = ("customer",)
    date_hierarchy = "purchase_date"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Unit]:
        return (
            super().get_queryset(request).select_related("product_model__product_line", "customer")
        )

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return (*UNIT_FIELDS, *SHOWN_FIELDS) if obj is not None else UNIT_FIELDS

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return (*UNIT_FIELDS, *SHOWN_FIELDS) if obj is not None else ()

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description=_("warranty today"))
    def warranty_today(self, obj: Unit) -> str:
        return warranty_reason(warranty_status(unit=obj, on=timezone.localdate()))

    @admin.display(description=_("three guarantees today"))
    def three_guarantees_today(self, obj: Unit) -> str:
        today = timezone.localdate()
        if today < obj.purchase_date:
            return "—"
        return entitlement_reason(
            unit_entitlement(unit=obj, on=today), warranty_status(unit=obj, on=today)
        )

    @admin.display(description=_("replaced by"))
    def replaced_by_unit(self, obj: Unit) -> str:
        """TG-8: the replacement this unit was exchanged for (the reverse of ``replaces``)."""
        replacement = Unit.objects.filter(replaces=obj).first()
        return str(replacement) if replacement is not None else "—"

    @admin.display(description=_("three-guarantees settlement"))
    def settlement(self, obj: Unit) -> str:
        found = unit_settlement(unit=obj)
        if found is None:
            return "—"
        return f"{found.get_kind_display()} {found.settled_on.isoformat()}"

    def service_save(self, request: HttpRequest, form: forms.ModelForm, *, change: bool) -> Any:
        if change:
            return None
        data = form.cleaned_data
        return unit_create(**{field: data[field] for field in UNIT_FIELDS})
