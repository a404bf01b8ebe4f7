"""Charges (收费清单, FEE-1..3): the published price list, quotes and final charges.

Quotes and their lines are records of what the customer was told and agreed to: lines
are snapshots (unit price, amount, coverage) and are never changed after they are
written; a quote changes only its status, through the services.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from aftersales.core.models import TimeStampedModel


class PriceList(TimeStampedModel):
    """A published price list (FEE-1), in force from ``valid_from`` (and until
    ``valid_until`` when set). On a date the list in force is the one with the latest
    ``valid_from`` on or before it that has not ended; parts are priced at their list
    price (``catalog.Part.price``)."""

    name = models.CharField(_("name"), max_length=100)
    valid_from = models.DateField(_("valid from"), unique=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    hourly_rate = models.DecimalField(_("labour per hour"), max_digits=12, decimal_places=2)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = _("price list")
        verbose_name_plural = _("price lists")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="price_list_period_valid",
            ),
            models.CheckConstraint(condition=Q(hourly_rate__gte=0), name="price_list_rate_gte_0"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.valid_from.isoformat()})"


class LabourRate(models.Model):
    """A fixed labour price for one fault level (故障等级) of a price list."""

    price_list = models.ForeignKey(PriceList, on_delete=models.CASCADE, related_name="labour_rates")
    fault_level = models.PositiveSmallIntegerField(_("fault level"))
    name = models.CharField(_("name"), max_length=100)
    price = models.DecimalField(_("price"), max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["price_list", "fault_level"]
        verbose_name = _("labour rate")
        verbose_name_plural = _("labour rates")
        constraints = [
            models.UniqueConstraint(
                fields=["price_list", "fault_level"], name="labour_rate_level_unique"
            ),
            models.CheckConstraint(condition=Q(fault_level__gte=1), name="labour_rate_level_gte_1"),
            models.CheckConstraint(condition=Q(price__gte=0), name="labour_rate_price_gte_0"),
        ]

    def __str__(self) -> str:
        return f"{self.fault_level}: {self.name}"


class TravelBand(models.Model):
    """The travel fee (上门费) for a distance band: from ``km_from`` (inclusive) up to
    ``km_to`` (exclusive); the last band may be open (``km_to`` empty)."""

    price_list = models.ForeignKey(PriceList, on_delete=models.CASCADE, related_name="travel_bands")
    km_from = models.DecimalField(_("from km"), max_digits=7, decimal_places=1)
    km_to = models.DecimalField(_("to km"), max_digits=7, decimal_places=1, null=True, blank=True)
    fee = models.DecimalField(_("fee"), max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["price_list", "km_from"]
        verbose_name = _("travel band")
        verbose_name_plural = _("travel bands")
        constraints = [
            models.UniqueConstraint(fields=["price_list", "km_from"], name="travel_band_unique"),
            models.CheckConstraint(condition=Q(km_from__gte=0), name="travel_band_from_gte_0"),
            models.CheckConstraint(
                condition=Q(km_to__isnull=True) | Q(km_to__gt=models.F("km_from")),
                name="travel_band_to_gt_from",
            ),
            models.CheckConstraint(condition=Q(fee__gte=0), name="travel_band_fee_gte_0"),
        ]

    def __str__(self) -> str:
        return f"{self.km_from}-{self.km_to or ''} km: {self.fee}"


class QuoteStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    ISSUED = "issued", _("issued, awaiting approval")
    APPROVED = "approved", _("approved")
    DECLINED = "declined", _("declined")
    SUPERSEDED = "superseded", _("superseded")


class ApprovalChannel(models.TextChoices):
    """How the customer's decision reached us (FEE-2: who, when, how)."""

    PHONE = "phone", _("by phone, recorded by an agent")
    PORTAL = "portal", _("on the portal, by the customer's own sign-in")
    ON_SITE = "on_site", _("on site, on the engineer's phone")
    NOT_REQUIRED = "not_required", _("no approval needed: nothing to pay")


class PricedSheet(models.Model):
    """What a quote and an adjustment share: the price list and date they were priced
    on, the warranty the lines were priced under (WAR-5), and their totals."""

    price_list = models.ForeignKey(
        PriceList, verbose_name=_("price list"), on_delete=models.PROTECT, related_name="+"
    )
    priced_on = models.DateField(_("priced on"))
    warranty_known = models.BooleanField(default=True)
    in_warranty = models.BooleanField(default=False)
    accessories_in_warranty = models.BooleanField(default=False)
    whole_unit_until = models.DateField(null=True, blank=True)
    accessories_until = models.DateField(null=True, blank=True)
    exclusions = models.JSONField(default=list, blank=True)
    list_total = models.DecimalField(_("list total"), max_digits=12, decimal_places=2)
    charge_total = models.DecimalField(_("to pay"), max_digits=12, decimal_places=2)

    class Meta:
        abstract = True


class Quote(PricedSheet):
    """One revision of an order's itemised quote (报价, FEE-2).

    At most one revision of an order is live (issued, approved or declined) and at most
    one is a draft; issuing a revision supersedes every earlier one. The warranty the
    lines were priced under is kept with the quote, so the quote reads the same later.
    """

    order = models.ForeignKey(
        "service_orders.ServiceOrder",
        verbose_name=_("service order"),
        on_delete=models.PROTECT,
        related_name="quotes",
    )
    revision = models.PositiveSmallIntegerField(_("revision"))
    status = models.CharField(_("status"), max_length=16, choices=QuoteStatus.choices)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_channel = models.CharField(
        _("channel"), max_length=16, blank=True, choices=ApprovalChannel.choices
    )
    decision_note = models.TextField(_("decision note"), blank=True)
    superseded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["order", "-revision"]
        verbose_name = _("quote")
        verbose_name_plural = _("quotes")
        constraints = [
            models.UniqueConstraint(fields=["order", "revision"], name="quote_revision_unique"),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in QuoteStatus]), name="quote_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(charge_total__gte=0) & Q(charge_total__lte=models.F("list_total")),
                name="quote_charge_within_list",
            ),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decision_note=""),
                name="quote_decline_needs_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        return f"{self.order.number}-Q{self.revision}"

    @property
    def awaiting_approval(self) -> bool:
        return self.status == QuoteStatus.ISSUED and self.charge_total > Decimal(0)


class ChargeAdjustment(PricedSheet):
    """The engineer's final charge list when it differs from the approved quote
    (FEE-3): fewer parts, other hours. Never more than the customer approved."""

    order = models.ForeignKey(
        "service_orders.ServiceOrder",
        verbose_name=_("service order"),
        on_delete=models.PROTECT,
        related_name="charge_adjustments",
    )
    quote = models.ForeignKey(
        Quote,
        verbose_name=_("adjusts quote"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="adjustments",
    )
    reason = models.TextField(_("reason"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        ordering = ["order", "-created_at", "-id"]
        verbose_name = _("charge adjustment")
        verbose_name_plural = _("charge adjustments")
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="adjustment_needs_reason"),
            models.CheckConstraint(
                condition=Q(charge_total__gte=0) & Q(charge_total__lte=models.F("list_total")),
                name="adjustment_charge_within_list",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order_id} {self.created_at:%Y-%m-%d}"


class LineKind(models.TextChoices):
    LABOUR = "labour", _("labour")
    TRAVEL = "travel", _("travel")
    PART = "part", _("part")
    OTHER = "other", _("other")


class ChargeLine(models.Model):
    """One priced line of a quote or of an adjustment; a snapshot, never changed."""

    quote = models.ForeignKey(
        Quote, null=True, blank=True, on_delete=models.PROTECT, related_name="lines"
    )
    adjustment = models.ForeignKey(
        ChargeAdjustment, null=True, blank=True, on_delete=models.PROTECT, related_name="lines"
    )
    position = models.PositiveSmallIntegerField()
    kind = models.CharField(_("kind"), max_length=8, choices=LineKind.choices)
    description = models.CharField(_("description"), max_length=200)
    code = models.CharField(_("code"), max_length=64, blank=True)
    part = models.ForeignKey(
        "catalog.Part", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    warranty_class = models.CharField(max_length=16, blank=True)
    quantity = models.DecimalField(_("quantity"), max_digits=9, decimal_places=2)
    unit_price = models.DecimalField(_("unit price"), max_digits=12, decimal_places=2)
    list_amount = models.DecimalField(_("list amount"), max_digits=12, decimal_places=2)
    charge = models.DecimalField(_("to pay"), max_digits=12, decimal_places=2)
    coverage = models.CharField(_("coverage"), max_length=32)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("charge line")
        verbose_name_plural = _("charge lines")
        constraints = [
            models.CheckConstraint(
                condition=(Q(quote__isnull=False) & Q(adjustment__isnull=True))
                | (Q(quote__isnull=True) & Q(adjustment__isnull=False)),
                name="charge_line_one_parent",
            ),
            models.CheckConstraint(
                condition=Q(charge__gte=0) & Q(charge__lte=models.F("list_amount")),
                name="charge_line_charge_within_list",
            ),
            models.CheckConstraint(condition=Q(quantity__gt=0), name="charge_line_quantity_gt_0"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.description}"
