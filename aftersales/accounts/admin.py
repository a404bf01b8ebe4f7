from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from aftersales.accounts.models import ApiToken, Role, User
from aftersales.accounts.services import staff_create
from aftersales.core.admin import ReadOnlyAdmin, RoleModelAdmin, ServiceAdmin


class StaffCreationForm(forms.ModelForm):
    """A new staff sign-in (ORG-2); saved by ``staff_create``, which checks the password."""

    password1 = forms.CharField(label=_("Password"), strip=False, widget=forms.PasswordInput)
    password2 = forms.CharField(
        label=_("Password confirmation"), strip=False, widget=forms.PasswordInput
    )

    class Meta:
        model = User
        fields = ["username", "name", "phone", "roles", "region", "network_point", "skills"]

    def clean_password2(self) -> str:
        first, second = self.cleaned_data.get("password1"), self.cleaned_data.get("password2")
        if first and second and first != second:
            raise forms.ValidationError(_("The two password fields didn’t match."))
        return second or ""


@admin.register(User)
class UserAdmin(ServiceAdmin, DjangoUserAdmin):
    add_form = StaffCreationForm
    add_fieldsets = (
        (None, {"fields": ("username", "name", "phone", "password1", "password2")}),
        (_("Organisation"), {"fields": ("roles", "region", "network_point", "skills")}),
    )
    fieldsets = (
        (None, {"fields": ("username", "password", "name", "phone", "email")}),
        (
            _("Organisation"),
            {
                "fields": (
                    "roles",
                    "region",
                    "network_point",
                    "skills",
                    "on_shift",
                    "base_latitude",
                    "base_longitude",
                )
            },
        ),
        (_("Customer sign-in"), {"fields": ("customer",)}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    list_display = ("username", "name", "role_list", "region", "customer", "is_active")
    list_filter = ("roles", "region", "is_active", "is_staff", "is_superuser")
    search_fields = ("username", "name", "=phone", "email", "customer__name")
    filter_horizontal = ("roles", "skills", "groups", "user_permissions")
    raw_id_fields = ("customer",)
    ordering = ("username",)
    service_error_fields = {"password": "password2"}

    def get_queryset(self, request: HttpRequest) -> QuerySet[User]:
        return (
            super()
            .get_queryset(request)
            .select_related("region", "customer")
            .prefetch_related("roles")
        )

    @admin.display(description=_("roles"))
    def role_list(self, obj: User) -> str:
        return ", ".join(str(role) for role in obj.roles.all()) or "—"

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:  # only a superuser hands out Django superpowers
            readonly += ["is_superuser", "groups", "user_permissions"]
        return readonly

    def service_save(self, request: HttpRequest, form: forms.ModelForm, *, change: bool) -> Any:
        if change:
            return None
        data = form.cleaned_data
        return staff_create(
            username=data["username"],
            password=data["password2"],
            name=data["name"],
            roles=[role.code for role in data["roles"]],
            region=data["region"],
            phone=data["phone"],
            skills=list(data["skills"]),
            network_point=data["network_point"],
        )


@admin.register(Role)
class RoleAdmin(ReadOnlyAdmin):
    """The fixed roles of ``accounts.roles``; what each may do is in code, not here."""

    list_display = ("code", "label", "user_count")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Role]:
        return super().get_queryset(request).annotate(n_users=Count("users"))

    @admin.display(description=_("name"))
    def label(self, obj: Role) -> str:
        return str(obj)

    @admin.display(description=_("users"), ordering="n_users")
    def user_count(self, obj: Role) -> int:
        return obj.n_users  # type: ignore[attr-defined]


@admin.register(ApiToken)
class ApiTokenAdmin(RoleModelAdmin):
    """Issued bearer tokens (only their hashes); delete one to revoke it."""

    list_display = ("user", "created_at", "last_used_at")
    search_fields = ("user__username", "user__name")
    readonly_fields = ("user", "key_hash", "created_at", "last_used_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
