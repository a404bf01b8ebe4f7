from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import ForeignKey
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aftersales.accounts.models import User
from aftersales.core.admin import ServiceAdmin
from aftersales.training.models import Certificate
from aftersales.training.services import certificate_create


@admin.register(Certificate)
class CertificateAdmin(ServiceAdmin):
    """Certificates (TRN-2). New ones are recorded through ``certificate_create``; an
    existing one keeps its holder, line and number (a renewal is a new certificate),
    and only its expiry may be corrected — set it to a past day to withdraw it."""

    list_display = ("number", "holder", "product_line", "valid_until", "valid_today")
    list_filter = ("product_line", "valid_until")
    search_fields = ("number", "holder__name", "holder__username")
    date_hierarchy = "valid_until"
    list_select_related = ("holder", "product_line")
    fields = ("holder", "product_line", "number", "valid_until", "recorded_by", "created_at")
    service_error_fields = {"product_line": "product_line"}

    @admin.display(boolean=True, description=_("valid today"))
    def valid_today(self, obj: Certificate) -> bool:
        return obj.is_valid_on(timezone.localdate())

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return ("recorded_by", "created_at")
        return ("holder", "product_line", "number", "recorded_by", "created_at")

    def formfield_for_foreignkey(
        self, db_field: ForeignKey, request: HttpRequest, **kwargs: Any
    ) -> Any:
        if db_field.name == "holder":
            kwargs["queryset"] = User.objects.filter(customer__isnull=True).order_by("username")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def service_save(self, request: HttpRequest, form: forms.ModelForm, *, change: bool) -> Any:
        if change:
            return None
        data = form.cleaned_data
        user = request.user
        assert isinstance(user, User)
        return certificate_create(
            actor=user,
            holder_id=data["holder"].pk,
            product_line_code=data["product_line"].code,
            number=data["number"],
            valid_until=data["valid_until"],
        )
