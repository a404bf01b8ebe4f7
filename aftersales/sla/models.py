from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from aftersales.core.models import TimeStampedModel


class Clock(models.TextChoices):
    ALWAYS = "24x7", _("7×24")
    WORKING = "working", _("working calendar")


class WarrantyState(models.TextChoices):
    ANY = "", _("any")
    IN = "in", _("in warranty")
    OUT = "out", _("out of warranty")


class SlaPolicy(TimeStampedModel):
    """An SLA policy (SLA-1): who it matches and the three targets it sets.

    Policies are tried by ``rank`` (lowest first); the first whose every set matcher
    fits the order wins. An empty matcher matches anything. A target of ``None`` means
    no commitment for that step.
    """

    name = models.CharField(_("name"), max_length=100)
    rank = models.PositiveSmallIntegerField(_("rank"), unique=True)
    active = models.BooleanField(_("active"), default=True)
    match_priority = models.CharField(_("priority"), max_length=8, blank=True)
    match_customer_kind = models.CharField(_("customer kind"), max_length=16, blank=True)
    match_warranty = models.CharField(
        _("warranty"), max_length=3, blank=True, choices=WarrantyState.choices
    )
    match_region = models.ForeignKey(
        "organisation.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    respond_minutes = models.PositiveIntegerField(
        _("respond within (minutes)"), null=True, blank=True
    )
    respond_clock = models.CharField(max_length=8, choices=Clock.choices, default=Clock.ALWAYS)
    on_site_minutes = models.PositiveIntegerField(
        _("on site within (minutes)"), null=True, blank=True
    )
    on_site_clock = models.CharField(max_length=8, choices=Clock.choices, default=Clock.ALWAYS)
    resolve_minutes = models.PositiveIntegerField(
        _("resolve within (minutes)"), null=True, blank=True
    )
    resolve_clock = models.CharField(max_length=8, choices=Clock.choices, default=Clock.ALWAYS)

    class Meta:
        ordering = ["rank"]
        verbose_name = _("SLA policy")
        verbose_name_plural = _("SLA policies")
        constraints = [
            models.CheckConstraint(
                condition=Q(respond_clock__in=["24x7", "working"])
                & Q(on_site_clock__in=["24x7", "working"])
                & Q(resolve_clock__in=["24x7", "working"]),
                name="sla_policy_clock_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Target(models.TextChoices):
    RESPOND = "respond", pgettext_lazy("SLA target", "respond")
    ON_SITE = "on_site", pgettext_lazy("SLA target", "on site")
    RESOLVE = "resolve", pgettext_lazy("SLA target", "resolve")


class BreachCause(models.TextChoices):
    NOT_ACKNOWLEDGED = "not_acknowledged", _("not acknowledged in time")
    NOT_ON_SITE = "not_on_site", _("no engineer on site in time")
    NOT_RESOLVED = "not_resolved", _("not resolved in time")


class SlaPause(models.Model):
    """A time the order's SLA clocks stood still (SLA-2): while it waited for the
    customer. Opened and closed by ``service_order_transition`` (wait / resume or
    cancel) through ``sla.services``; ``ended_at`` None is the open pause."""

    order = models.ForeignKey(
        "service_orders.ServiceOrder", on_delete=models.PROTECT, related_name="sla_pauses"
    )
    started_at = models.DateTimeField(_("paused at"))
    ended_at = models.DateTimeField(_("resumed at"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=16)

    class Meta:
        ordering = ["started_at", "id"]
        verbose_name = _("SLA pause")
        verbose_name_plural = _("SLA pauses")
        indexes = [models.Index(fields=["order", "started_at"], name="sla_pause_order")]
        constraints = [
            models.UniqueConstraint(
                fields=["order"],
                condition=Q(ended_at__isnull=True),
                name="sla_pause_one_open_per_order",
            ),
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gte=models.F("started_at")),
                name="sla_pause_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order_id} {self.started_at:%Y-%m-%d %H:%M}–{self.ended_at or ''}"


class SlaBreach(models.Model):
    """A broken SLA target (SLA-3), written once per order and target and never changed
    or deleted: by the transition that completes the target late, or by the periodic
    sweep that finds it open past its deadline — whichever comes first.

    ``due_at`` is the deadline in force when it was broken (a later re-target may move
    the order's deadline; this row keeps the broken one); ``breached_at`` the moment it
    was broken: the deadline itself, whoever records it and however late. ``done_at``
    is when the target was finally met, if it had been by ``recorded_at``.
    """

    order = models.ForeignKey(
        "service_orders.ServiceOrder", on_delete=models.PROTECT, related_name="sla_breaches"
    )
    target = models.CharField(_("target"), max_length=8, choices=Target.choices)
    due_at = models.DateTimeField(_("due at"))
    breached_at = models.DateTimeField(_("breached at"))
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    cause_code = models.CharField(_("cause"), max_length=20, choices=BreachCause.choices)
    cause = models.CharField(_("cause (details)"), max_length=255)
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        ordering = ["breached_at", "id"]
        verbose_name = _("SLA breach")
        verbose_name_plural = _("SLA breaches")
        constraints = [
            models.UniqueConstraint(fields=["order", "target"], name="sla_breach_once_per_target"),
            models.CheckConstraint(
                condition=Q(target__in=["respond", "on_site", "resolve"]),
                name="sla_breach_target_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order_id} {self.target} {self.breached_at:%Y-%m-%d %H:%M}"
