from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

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
