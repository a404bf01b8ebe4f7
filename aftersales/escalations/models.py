"""Escalations (SLA-4), the loaner trigger (SLA-5) and compensations (SLA-6).

Each is written once — a unique constraint, not a queue property, makes the periodic
job idempotent: a job that runs twice, or late after a restart, escalates once. The
rows are records for people and later issues to act on (LOAN-2 issues the loaner;
a later issue settles compensations); they are never deleted.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from aftersales.core.models import TimeStampedModel


class Target(models.TextChoices):
    RESPOND = "respond", _("response")
    ON_SITE = "on_site", _("on-site visit")
    RESOLVE = "resolve", _("resolution")


class Level(models.TextChoices):
    WARN = "warn", _("warning to the assignee (80 %)")
    MANAGER = "manager", _("breach: regional manager")
    DIRECTOR = "director", _("breach plus the same span: service director")


class Escalation(models.Model):
    """One step of the SLA-4 ladder reached by one target of one order."""

    order = models.ForeignKey(
        "service_orders.ServiceOrder",
        verbose_name=_("service order"),
        on_delete=models.PROTECT,
        related_name="escalations",
    )
    target = models.CharField(_("target"), max_length=8, choices=Target.choices)
    level = models.CharField(_("level"), max_length=8, choices=Level.choices)
    due_at = models.DateTimeField(_("due at"))
    elapsed_fraction = models.DecimalField(
        _("elapsed fraction"), max_digits=7, decimal_places=3, default=Decimal("0")
    )
    escalated_at = models.DateTimeField(_("escalated at"))
    event = models.ForeignKey(
        "service_orders.ServiceOrderEvent",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["-escalated_at", "-id"]
        verbose_name = _("escalation")
        verbose_name_plural = _("escalations")
        constraints = [
            models.UniqueConstraint(
                fields=["order", "target", "level"], name="escalation_once_per_level"
            ),
            models.CheckConstraint(
                condition=Q(target__in=["respond", "on_site", "resolve"])
                & Q(level__in=["warn", "manager", "director"]),
                name="escalation_values_valid",
            ),
        ]
        indexes = [models.Index(fields=["-escalated_at", "-id"], name="escalation_recent")]

    def __str__(self) -> str:
        return f"{self.order_id} {self.target} {self.level}"


class LoanerRule(TimeStampedModel):
    """SLA-5: when an unresolved order must be offered a loaner unit (admin-editable;
    the default row: in-warranty repairs open more than 48 hours)."""

    name = models.CharField(_("name"), max_length=100)
    active = models.BooleanField(_("active"), default=True)
    order_kind = models.CharField(_("order kind"), max_length=16, default="repair")
    in_warranty_only = models.BooleanField(_("in warranty only"), default=True)
    hours_open = models.PositiveIntegerField(
        _("open longer than (hours)"), default=48, validators=[MinValueValidator(1)]
    )

    class Meta:
        ordering = ["hours_open", "id"]
        verbose_name = _("loaner rule")
        verbose_name_plural = _("loaner rules")

    def __str__(self) -> str:
        return self.name


class LoanerDue(models.Model):
    """SLA-5: this order must be offered a loaner (LOAN-2 issues it)."""

    order = models.OneToOneField(
        "service_orders.ServiceOrder",
        verbose_name=_("service order"),
        on_delete=models.PROTECT,
        related_name="loaner_due",
    )
    rule = models.ForeignKey(LoanerRule, on_delete=models.PROTECT, related_name="+")
    due_since = models.DateTimeField(_("due since"))
    recorded_at = models.DateTimeField(_("recorded at"))
    event = models.ForeignKey(
        "service_orders.ServiceOrderEvent",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["-recorded_at", "-id"]
        verbose_name = _("loaner due")
        verbose_name_plural = _("loaners due")

    def __str__(self) -> str:
        return str(self.order_id)


class CompensationKind(models.TextChoices):
    CREDIT = "credit", _("credit")
    COUPON = "coupon", _("coupon")
    FREE_SERVICE = "free_service", _("free service")


class CompensationRule(TimeStampedModel):
    """SLA-6: what a breach of a target earns the customer (服务补偿). Empty matchers
    match anything; a rule applies once per order and target."""

    name = models.CharField(_("name"), max_length=100)
    active = models.BooleanField(_("active"), default=True)
    target = models.CharField(_("target"), max_length=8, choices=Target.choices, blank=True)
    customer_kind = models.CharField(_("customer kind"), max_length=16, blank=True)
    priority = models.CharField(_("priority"), max_length=8, blank=True)
    in_warranty_only = models.BooleanField(_("in warranty only"), default=False)
    kind = models.CharField(_("compensation"), max_length=16, choices=CompensationKind.choices)
    amount = models.DecimalField(
        _("amount (yuan)"),
        max_digits=10,
        decimal_places=2,
        default=Decimal("0.00"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    description = models.CharField(_("description"), max_length=200, blank=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("compensation rule")
        verbose_name_plural = _("compensation rules")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["credit", "coupon", "free_service"]),
                name="compensation_rule_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="compensation_rule_amount_gte_0"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Compensation(models.Model):
    """SLA-6: a compensation attached to a breach, awaiting settlement (a later issue)."""

    order = models.ForeignKey(
        "service_orders.ServiceOrder",
        verbose_name=_("service order"),
        on_delete=models.PROTECT,
        related_name="compensations",
    )
    target = models.CharField(_("target"), max_length=8, choices=Target.choices)
    rule = models.ForeignKey(CompensationRule, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("compensation"), max_length=16, choices=CompensationKind.choices)
    amount = models.DecimalField(_("amount (yuan)"), max_digits=10, decimal_places=2)
    description = models.CharField(_("description"), max_length=200, blank=True)
    breach_due_at = models.DateTimeField(_("target was due at"))
    recorded_at = models.DateTimeField(_("recorded at"))
    settled_at = models.DateTimeField(_("settled at"), null=True, blank=True)
    settled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-recorded_at", "-id"]
        verbose_name = _("compensation")
        verbose_name_plural = _("compensations")
        constraints = [
            models.UniqueConstraint(
                fields=["order", "target", "rule"], name="compensation_once_per_rule"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order_id} {self.kind} {self.amount}"
