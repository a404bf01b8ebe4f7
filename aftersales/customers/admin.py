from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from aftersales.core.admin import RoleTabularInline, ServiceAdmin
from aftersales.customers.models import Contact, Customer, CustomerAddress
from aftersales.customers.services import UPDATABLE_FIELDS, customer_create, customer_update


class ContactInline(RoleTabularInline):
    model = Contact
    fields = ("name", "phone", "email")


class CustomerAddressInline(RoleTabularInline):
    model = CustomerAddress
    fields = ("label", "region", "address", "latitude", "longitude")


@admin.register(Customer)
class CustomerAdmin(ServiceAdmin):
    """Customer files (CUS-1, CUS-2); created and changed by the customer services, so
    the phone and contract rules (WAR-3) hold here as in the API."""

    list_display = (
        "name",
        "kind",
        "phone",
        "region",
        "contract_warranty_months",
        "contract_accessory_warranty_months",
    )
    list_filter = ("kind", "region")
    search_fields = ("name", "=phone", "=contacts__phone", "email")
    list_select_related = ("region",)
    inlines = [ContactInline, CustomerAddressInline]
    fields = (
        "name",
        "kind",
        "phone",
        "email",
        "region",
        "address",
        "contract_warranty_months",
        "contract_accessory_warranty_months",
    )

    def service_save(self, request: HttpRequest, form: forms.ModelForm, *, change: bool) -> Any:
        data = {field: form.cleaned_data[field] for field in UPDATABLE_FIELDS}
        if not change:
            return customer_create(**data)
        changed = {field: data[field] for field in form.changed_data if field in data}
        if not changed:  # only contacts or addresses changed: the inlines save those
            return form.instance
        return customer_update(customer=form.instance, data=changed)
