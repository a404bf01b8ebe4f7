from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from aftersales.accounts.roles import CUSTOMER, GLOBAL_ROLES, RoleCode

if TYPE_CHECKING:
    from collections.abc import Iterable


class Role(models.Model):
    """One of the fixed roles of ``RoleCode``; rows are created by a data migration."""

    code = models.CharField(_("code"), max_length=20, primary_key=True, choices=RoleCode.choices)

    class Meta:
        ordering = ["code"]
        verbose_name = _("role")
        verbose_name_plural = _("roles")

    def __str__(self) -> str:
        return str(RoleCode(self.code).label)


class User(AbstractUser):
    """A sign-in: a staff member with roles, or a customer's user (``customer`` set).

    Staff fields follow ORG-2. A Django superuser acts with the ``admin`` role.
    """

    name = models.CharField(_("name"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True, db_index=True)
    roles = models.ManyToManyField(Role, verbose_name=_("roles"), blank=True, related_name="users")
    region = models.ForeignKey(
        "organisation.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
    )
    network_point = models.ForeignKey(
        "organisation.NetworkPoint",
        verbose_name=_("network point"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
    )
    skills = models.ManyToManyField(
        "catalog.ProductLine", verbose_name=_("skills"), blank=True, related_name="skilled_staff"
    )
    on_shift = models.BooleanField(_("on shift"), default=True)
    base_latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    base_longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    customer = models.ForeignKey(
        "customers.Customer",
        verbose_name=_("customer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
        help_text=_("Set for a customer's own sign-in; such a user sees only that customer."),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(customer__isnull=True) | models.Q(is_staff=False),
                name="customer_user_is_not_staff",
            ),
        ]

    def __str__(self) -> str:
        return self.name or self.username

    # Role codes are read many times per request; cache them on the instance.
    @property
    def role_codes(self) -> frozenset[str]:
        cached: frozenset[str] | None = getattr(self, "_role_codes", None)
        if cached is None:
            if self.customer_id is not None:
                cached = frozenset({CUSTOMER})
            else:
                codes: Iterable[str] = (
                    (r.code for r in self.roles.all()) if self.pk is not None else ()
                )
                cached = frozenset(codes)
                if self.is_superuser:
                    cached = cached | {RoleCode.ADMIN}
            self._role_codes = cached
        return cached

    def has_role(self, *codes: str) -> bool:
        return bool(self.role_codes.intersection(codes))

    @property
    def is_global(self) -> bool:
        return bool(self.role_codes & GLOBAL_ROLES)

    @property
    def is_customer_user(self) -> bool:
        return self.customer_id is not None


class ApiToken(models.Model):
    """A bearer token for the API; only its SHA-256 is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"token of {self.user_id}"
