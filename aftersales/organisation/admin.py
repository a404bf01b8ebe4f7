from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from aftersales.core.admin import RoleModelAdmin, RoleTabularInline, ServiceAdmin
from aftersales.organisation.models import NetworkPoint, Region
from aftersales.organisation.services import region_create


class NetworkPointInline(RoleTabularInline):
    model = NetworkPoint
    fields = ("code", "name", "address", "phone", "latitude", "longitude")


@admin.register(Region)
class RegionAdmin(ServiceAdmin):
    """Regions are created by ``region_create`` (it keeps the tree path); once created,
    a region's place in the tree does not move, only its name changes."""

    list_display = ("indented_name", "code", "parent")
    search_fields = ("name", "code")
    inlines = [NetworkPointInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Region]:
        return super().get_queryset(request).select_related("parent")

    @admin.display(description=_("name"), ordering="path")
    def indented_name(self, obj: Region) -> str:
        depth = max(obj.path.count("/") - 2, 0)
        return "— " * depth + obj.name

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return ("code", "parent") if obj is not None else ()

    def service_save(self, request: HttpRequest, form: forms.ModelForm, *, change: bool) -> Any:
        if change:
            return None
        data = form.cleaned_data
        return region_create(code=data["code"], name=data["name"], parent=data["parent"])


@admin.register(NetworkPoint)
class NetworkPointAdmin(RoleModelAdmin):
    list_display = ("code", "name", "region", "phone", "address")
    list_filter = ("region",)
    search_fields = ("code", "name", "address", "=phone")
    list_select_related = ("region",)
