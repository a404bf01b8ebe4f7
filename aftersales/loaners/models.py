"""Loaner units (备用机, LOAN-1..2): a pool of serialised units kept in warehouses, lent
to a customer while their own unit is being repaired (SLA-5 says when one must be
offered) and returned once the repair is accepted.

A unit's ``status`` changes only in ``loaners.services``, through conditional updates
(``filter(status=…).update(…)`` with a row-count check), so two people lending the same
unit at once cannot both succeed. The database backs it: at most one open ``Loan`` per
unit and per order (partial unique constraints). Loans are never deleted; a returned
loan keeps who returned it and when. See docs/subsystems/loaners.md.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from aftersales.core.models import TimeStampedModel


class LoanerStatus(models.TextChoices):
    AVAILABLE = "available", _("available")
    ON_LOAN = "on_loan", _("on loan")
    RETIRED = "retired", _("retired")


class LoanerUnit(TimeStampedModel):
    """One serialised loaner unit of the pool (LOAN-1), kept in ``warehouse``."""

    serial_number = models.CharField(_("serial number"), max_length=64, unique=True)
    product_model = models.ForeignKey(
        "catalog.ProductModel",
        verbose_name=_("product model"),
        on_delete=models.PROTECT,
        related_name="loaner_units",
    )
    warehouse = models.ForeignKey(
        "inventory.Warehouse",
        verbose_name=_("warehouse"),
        on_delete=models.PROTECT,
        related_name="loaner_units",
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=LoanerStatus.choices,
        default=LoanerStatus.AVAILABLE,
    )
    note = models.TextField(_("note"), blank=True)
    retired_at = models.DateTimeField(_("retired at"), null=True, blank=True)
    retired_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("retired by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["serial_number"]
        verbose_name = _("loaner unit")
        verbose_name_plural = _("loaner units")
        indexes = [
            models.Index(fields=["warehouse", "status"], name="loaner_warehouse_status"),
            models.Index(fields=["status", "product_model"], name="loaner_status_model"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["available", "on_loan", "retired"]),
                name="loaner_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(status="retired", retired_at__isnull=False)
                | (~Q(status="retired") & Q(retired_at__isnull=True)),
                name="loaner_retired_consistent",
            ),
        ]

    def __str__(self) -> str:
        return self.serial_number


class Loan(models.Model):
    """A loaner unit lent to a service order (LOAN-2). Open while ``returned_at`` is
    empty; ``expected_back`` is the day it is promised back, if one was agreed."""

    loaner = models.ForeignKey(
        LoanerUnit, verbose_name=_("loaner unit"), on_delete=models.PROTECT, related_name="loans"
    )
    order = models.ForeignKey(
        "service_orders.ServiceOrder",
        verbose_name=_("service order"),
        on_delete=models.PROTECT,
        related_name="loans",
    )
    issued_at = models.DateTimeField(_("issued at"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    expected_back = models.DateField(_("expected back"), null=True, blank=True)
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("returned by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    return_note = models.TextField(_("return note"), blank=True)
    # When the reminder job first found it overdue (once: a timeline event + notification).
    overdue_noted_at = models.DateTimeField(_("overdue noted at"), null=True, blank=True)

    class Meta:
        ordering = ["-issued_at", "-id"]
        verbose_name = _("loan")
        verbose_name_plural = _("loans")
        indexes = [
            models.Index(fields=["order", "-issued_at"], name="loan_order"),
            models.Index(fields=["loaner", "-issued_at"], name="loan_loaner"),
            models.Index(
                fields=["expected_back"],
                condition=Q(returned_at__isnull=True),
                name="loan_open_expected_back",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["loaner"],
                condition=Q(returned_at__isnull=True),
                name="loan_one_open_per_loaner",
            ),
            models.UniqueConstraint(
                fields=["order"],
                condition=Q(returned_at__isnull=True),
                name="loan_one_open_per_order",
            ),
            models.CheckConstraint(
                condition=Q(returned_at__isnull=True) | Q(returned_at__gte=F("issued_at")),
                name="loan_returned_after_issued",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.loaner_id} → {self.order_id}"

    @property
    def is_open(self) -> bool:
        return self.returned_at is None
