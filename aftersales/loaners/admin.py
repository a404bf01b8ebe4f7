"""The loaner pool in the admin. Units are added through ``loaner_unit_create`` and
retired through ``loaner_unit_retire`` (an action); an existing unit keeps its serial
number, model, warehouse and status here — only its note may be corrected. Loans are
read only: they are made and closed on the order page or the API."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from aftersales.accounts.access import may
from aftersales.accounts.models import User
from aftersales.core.admin import ReadOnlyAdmin, ServiceAdmin
from aftersales.core.exceptions import ApplicationError
from aftersales.loaners.models import Loan, LoanerUnit
from aftersales.loaners.services import loaner_unit_create, loaner_unit_retire


@admin.register(LoanerUnit)
class LoanerUnitAdmin(ServiceAdmin):
    list_display = ("serial_number", "product_model", "warehouse", "status", "updated_at")
    list_filter = ("status", "warehouse", "product_model")
    search_fields = ("=serial_number",)
    list_select_related = ("product_model", "warehouse")
    fields = (
        "serial_number",
        "product_model",
        "warehouse",
        "status",
        "note",
        "retired_at",
        "retired_by",
        "created_at",
    )
    actions = ["retire"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return ("status", "retired_at", "retired_by", "created_at")
        return (
            "serial_number",
            "product_model",
            "warehouse",
            "status",
            "retired_at",
            "retired_by",
            "created_at",
        )

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a unit leaves the pool by being retired: its loans stay readable

    def service_save(self, request: HttpRequest, form: forms.ModelForm, *, change: bool) -> Any:
        if change:
            return None
        data = form.cleaned_data
        user = request.user
        assert isinstance(user, User)
        return loaner_unit_create(
            actor=user,
            serial_number=data["serial_number"],
            product_model_id=data["product_model"].pk,
            warehouse_id=data["warehouse"].pk,
            note=data.get("note") or "",
        )

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        actions = super().get_actions(request)
        user = request.user
        if "retire" in actions and not (
            isinstance(user, User) and user.is_authenticated and may(user, "loaner.create")
        ):
            del actions["retire"]
        return actions

    @admin.action(description=_("Retire the selected loaner units"))
    def retire(self, request: HttpRequest, queryset: QuerySet[LoanerUnit]) -> None:
        user = request.user
        assert isinstance(user, User)
        done = 0
        for pk in queryset.values_list("pk", flat=True):
            try:
                loaner_unit_retire(actor=user, loaner_id=pk)
            except ApplicationError as exc:
                self.message_user(request, exc.message, messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(
                request,
                ngettext("%(count)d loaner unit retired.", "%(count)d loaner units retired.", done)
                % {"count": done},
                messages.SUCCESS,
            )


@admin.register(Loan)
class LoanAdmin(ReadOnlyAdmin):
    list_display = ("issued_at", "loaner", "order", "expected_back", "returned_at")
    list_filter = ("returned_at", "expected_back")
    search_fields = ("=loaner__serial_number", "=order__number")
    list_select_related = ("loaner", "order")
    date_hierarchy = "issued_at"
