from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from aftersales.catalog.models import Part, ProductLine, ProductModel
from aftersales.catalog.services import (
    THREE_GUARANTEES_FIELDS,
    part_create,
    product_line_create,
    product_model_create,
)
from aftersales.core.admin import ServiceAdmin

# The catalogue carries the warranty policy (CAT-1, CAT-2): editing a period here
# changes the warranty of every unit of that line or model from now on.


@admin.register(ProductLine)
class ProductLineAdmin(ServiceAdmin):
    list_display = (
        "code",
        "name",
        "warranty_months",
        "accessory_warranty_months",
        "three_guarantees_months",
        "depreciation_rate_per_day",
        "tg_unrepaired_days",
        "tg_early_refund_days",
        "tg_early_exchange_days",
    )
    search_fields = ("code", "name")
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "code",
                    "name",
                    "warranty_months",
                    "accessory_warranty_months",
                    "three_guarantees_months",
                    "depreciation_rate_per_day",
                )
            },
        ),
        (
            _("Three guarantees: exchange and refund rules (TG-3, TG-4)"),
            {"fields": THREE_GUARANTEES_FIELDS},
        ),
    )

    def service_save(self, request: HttpRequest, form: forms.ModelForm, *, change: bool) -> Any:
        if change:
            return None
        data = form.cleaned_data
        return product_line_create(
            code=data["code"],
            name=data["name"],
            warranty_months=data["warranty_months"],
            accessory_warranty_months=data["accessory_warranty_months"],
            three_guarantees_months=data["three_guarantees_months"],
            depreciation_rate_per_day=data["depreciation_rate_per_day"],
            **{field: data[field] for field in THREE_GUARANTEES_FIELDS},
        )


@admin.register(ProductModel)
class ProductModelAdmin(ServiceAdmin):
    list_display = ("code", "name", "product_line", "list_price", "warranty_months")
    list_filter = ("product_line",)
    search_fields = ("code", "name")
    list_select_related = ("product_line",)

    def service_save(self, request: HttpRequest, form: forms.ModelForm, *, change: bool) -> Any:
        if change:
            return None
        data = form.cleaned_data
        return product_model_create(
            code=data["code"],
            name=data["name"],
            product_line=data["product_line"],
            list_price=data["list_price"],
            warranty_months=data["warranty_months"],
            accessory_warranty_months=data["accessory_warranty_months"],
            three_guarantees_months=data["three_guarantees_months"],
        )


@admin.register(Part)
class PartAdmin(ServiceAdmin):
    list_display = ("sku", "name", "warranty_class", "price")
    list_filter = ("warranty_class", "fits__product_line")
    search_fields = ("sku", "name")
    filter_horizontal = ("fits",)

    def service_save(self, request: HttpRequest, form: forms.ModelForm, *, change: bool) -> Any:
        if change:
            return None
        data = form.cleaned_data
        return part_create(
            sku=data["sku"],
            name=data["name"],
            warranty_class=data["warranty_class"],
            price=data["price"],
            fits=list(data["fits"]),
        )
