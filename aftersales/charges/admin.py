from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from aftersales.charges.models import (
    ChargeAdjustment,
    ChargeLine,
    LabourRate,
    PriceList,
    Quote,
    TravelBand,
)
from aftersales.charges.rules import band_problems
from aftersales.charges.selectors import price_list_used
from aftersales.charges.services import price_list_create
from aftersales.core.admin import ReadOnlyAdmin, ReadOnlyInline, RoleTabularInline, ServiceAdmin

# FEE-1: the published price list. Once a quote has been issued from a list its prices
# are locked (the quote keeps its own copy anyway); publish a new list with a later
# "valid from" to change prices.


class TravelBandFormSet(forms.BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        bands = []
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE") or data.get("km_from") is None:
                continue
            bands.append((data["km_from"], data.get("km_to")))
        if band_problems(bands):
            raise forms.ValidationError(
                _(
                    "Bands must not overlap, each must end after it starts, and only the last "
                    "may be open-ended."
                )
            )


class LabourRateInline(RoleTabularInline):
    model = LabourRate
    fields = ("fault_level", "name", "price")


class TravelBandInline(RoleTabularInline):
    model = TravelBand
    formset = TravelBandFormSet
    fields = ("km_from", "km_to", "fee")


class LockedLabourRateInline(ReadOnlyInline):
    model = LabourRate
    fields = ("fault_level", "name", "price")
    readonly_fields = fields


class LockedTravelBandInline(ReadOnlyInline):
    model = TravelBand
    fields = ("km_from", "km_to", "fee")
    readonly_fields = fields


@admin.register(PriceList)
class PriceListAdmin(ServiceAdmin):
    list_display = ("name", "valid_from", "valid_until", "hourly_rate")
    date_hierarchy = "valid_from"
    search_fields = ("name",)
    fields = ("name", "valid_from", "valid_until", "hourly_rate", "note")

    def _locked(self, obj: Any) -> bool:
        return obj is not None and price_list_used(price_list=obj)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return ("valid_from", "hourly_rate") if self._locked(obj) else ()

    def get_inlines(self, request: HttpRequest, obj: Any) -> Any:
        if self._locked(obj):
            return (LockedLabourRateInline, LockedTravelBandInline)
        return (LabourRateInline, TravelBandInline)

    def service_save(self, request: HttpRequest, form: forms.ModelForm, *, change: bool) -> Any:
        if change:
            return None
        data = form.cleaned_data
        return price_list_create(
            name=data["name"],
            valid_from=data["valid_from"],
            valid_until=data["valid_until"],
            hourly_rate=data["hourly_rate"],
            note=data["note"],
        )


class QuoteLineInline(ReadOnlyInline):
    model = ChargeLine
    fk_name = "quote"
    fields = (
        "position",
        "kind",
        "description",
        "code",
        "quantity",
        "unit_price",
        "list_amount",
        "charge",
        "coverage",
    )
    readonly_fields = fields


class AdjustmentLineInline(QuoteLineInline):
    fk_name = "adjustment"


@admin.register(Quote)
class QuoteAdmin(ReadOnlyAdmin):
    """Quotes are what the customer was told and agreed to: written by the services,
    shown here, never edited."""

    list_display = (
        "__str__",
        "status",
        "priced_on",
        "list_total",
        "charge_total",
        "decision_channel",
        "decided_at",
    )
    list_filter = ("status", "decision_channel")
    search_fields = ("=order__number",)
    date_hierarchy = "created_at"
    inlines = (QuoteLineInline,)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Quote]:
        return super().get_queryset(request).select_related("order", "price_list")


@admin.register(ChargeAdjustment)
class ChargeAdjustmentAdmin(ReadOnlyAdmin):
    list_display = ("order", "quote", "charge_total", "created_by", "created_at")
    search_fields = ("=order__number",)
    date_hierarchy = "created_at"
    inlines = (AdjustmentLineInline,)

    def get_queryset(self, request: HttpRequest) -> QuerySet[ChargeAdjustment]:
        return super().get_queryset(request).select_related("order", "quote__order", "created_by")
