"""What every admin screen shares.

* Who may use it: Django superusers and Django permissions as usual, plus the product's
  roles — the ``admin`` role (系统管理员) manages every screen, the ``director`` views
  them. What a screen itself forbids (adding orders, deleting timeline events) stays
  forbidden for everyone.
* Writes go through the services (conventions B.3.2): a ``ServiceAdmin`` names the
  service that creates (or changes) its records. The form first runs that service in
  a savepoint that is rolled back, so the service's refusals appear as form errors;
  the real call happens on save.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db import models, transaction
from django.http import HttpRequest

from aftersales.accounts.roles import RoleCode
from aftersales.core.exceptions import ApplicationError

admin.site.site_header = "aftersales 售后服务管理"
admin.site.site_title = "aftersales"
admin.site.index_title = "配置与数据 / Configuration and records"


def _roles(request: HttpRequest) -> frozenset[str]:
    user = request.user
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return frozenset()
    return frozenset(getattr(user, "role_codes", frozenset()))


def role_manages(request: HttpRequest) -> bool:
    return RoleCode.ADMIN in _roles(request)


def role_views(request: HttpRequest) -> bool:
    return bool(_roles(request) & {RoleCode.ADMIN, RoleCode.DIRECTOR})


class RoleModelAdmin(admin.ModelAdmin):
    def has_module_permission(self, request: HttpRequest) -> bool:
        return role_views(request) or super().has_module_permission(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return role_views(request) or super().has_view_permission(request, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return role_manages(request) or super().has_add_permission(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return role_manages(request) or super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return role_manages(request) or super().has_delete_permission(request, obj)


class RoleTabularInline(admin.TabularInline):
    extra = 0

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return role_views(request) or super().has_view_permission(request, obj)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return role_manages(request) or super().has_add_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return role_manages(request) or super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return role_manages(request) or super().has_delete_permission(request, obj)


class ReadOnlyInline(RoleTabularInline):
    """Rows shown for reading only (timelines, records that are never edited)."""

    can_delete = False
    max_num = 0

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyAdmin(RoleModelAdmin):
    """A list and a view page; nothing is added, changed or deleted here."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ServiceAdmin(RoleModelAdmin):
    """Saves through a service. ``service_save`` returns the saved record, or ``None``
    to let Django save the form (for changes no service covers)."""

    # Service error fields that the form calls otherwise (e.g. password → password2).
    service_error_fields: dict[str, str] = {}

    def service_save(
        self, request: HttpRequest, form: forms.ModelForm, *, change: bool
    ) -> models.Model | None:
        return None

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        base = super().get_form(request, obj, change=change, **kwargs)
        model_admin = self

        class ServiceCheckedForm(base):  # type: ignore[valid-type,misc]
            def _post_clean(self) -> None:
                super()._post_clean()
                if self._errors:
                    return
                try:
                    with transaction.atomic():
                        model_admin.service_save(request, self, change=change)
                        transaction.set_rollback(True)  # a dry run: the save comes later
                except ApplicationError as exc:
                    model_admin._add_service_errors(self, exc)

        ServiceCheckedForm.__name__ = base.__name__
        return ServiceCheckedForm

    def _add_service_errors(self, form: forms.ModelForm, exc: ApplicationError) -> None:
        if not exc.errors:
            form.add_error(None, exc.message)
        for field, messages in exc.errors.items():
            name = self.service_error_fields.get(field, field)
            for message in messages:
                if name in form.fields:
                    form.add_error(name, message)
                else:
                    form.add_error(None, f"{field}: {message}")

    def save_model(
        self, request: HttpRequest, obj: Any, form: forms.ModelForm, change: bool
    ) -> None:
        saved = self.service_save(request, form, change=change)
        if saved is None:
            super().save_model(request, obj, form, change)
            return
        # The admin goes on with ``obj`` (inlines, m2m, the log): make it the saved row.
        for key, value in saved.__dict__.items():
            if key != "_state":
                obj.__dict__[key] = value
        obj._state.adding = False
        obj._state.db = saved._state.db
