from decimal import Decimal

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from aftersales.core.models import TimeStampedModel


class UnrepairedBasis(models.TextChoices):
    """Which limit makes an unrepaired repair an exchange (TG-3)."""

    COMMITMENT = "commitment", _("our commitment: one limit for every repair")
    NATIONAL = "national", _("national rule: parts wait / repairer's fault")


class ProductLine(TimeStampedModel):
    """A product line (产品线) carries the warranty policy defaults (CAT-1, WAR-2, TG-1)."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=100)
    warranty_months = models.PositiveSmallIntegerField(
        _("whole-unit warranty (months)"), default=12
    )
    accessory_warranty_months = models.PositiveSmallIntegerField(
        _("accessory warranty (months)"), default=6
    )
    three_guarantees_months = models.PositiveSmallIntegerField(
        _("three-guarantees period (months)"), default=12
    )
    depreciation_rate_per_day = models.DecimalField(
        _("depreciation rate per day"), max_digits=7, decimal_places=6, default=Decimal("0.001")
    )
    # Three-guarantees rules (TG-3, TG-4), see docs/subsystems/three-guarantees.md.
    tg_unrepaired_days = models.PositiveSmallIntegerField(
        _("exchange when a repair is not fixed within (days)"),
        default=60,
        help_text=_("The manuals' commitment (TG-3), used with the 'commitment' basis."),
    )
    tg_unrepaired_basis = models.CharField(
        _("unrepaired limit basis"),
        max_length=16,
        choices=UnrepairedBasis.choices,
        default=UnrepairedBasis.COMMITMENT,
    )
    tg_parts_wait_days = models.PositiveSmallIntegerField(
        _("limit when waiting for parts (days)"),
        default=90,
        help_text=_(
            "National rule, used with the 'national' basis when the repair waited for parts."
        ),
    )
    tg_repairer_fault_days = models.PositiveSmallIntegerField(
        _("limit when the delay is the repairer's (days)"),
        default=30,
        help_text=_("National rule, used with the 'national' basis for the other repairs."),
    )
    tg_early_refund_days = models.PositiveSmallIntegerField(
        _("refund window after purchase (days)"),
        default=7,
        help_text=_("A fault within this many days of the purchase: refund, exchange or repair."),
    )
    tg_early_exchange_days = models.PositiveSmallIntegerField(
        _("exchange window after purchase (days)"),
        default=15,
        help_text=_("A fault within this many days of the purchase: exchange or repair."),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("product line")
        verbose_name_plural = _("product lines")
        constraints = [
            models.CheckConstraint(
                condition=Q(depreciation_rate_per_day__gte=0, depreciation_rate_per_day__lte=1),
                name="product_line_depreciation_rate_range",
            ),
            models.CheckConstraint(
                condition=Q(
                    tg_unrepaired_days__gte=1,
                    tg_unrepaired_days__lte=365,
                    tg_parts_wait_days__gte=1,
                    tg_parts_wait_days__lte=365,
                    tg_repairer_fault_days__gte=1,
                    tg_repairer_fault_days__lte=365,
                ),
                name="product_line_tg_unrepaired_days_range",
                violation_error_message=_("Repair limits must be between 1 and 365 days."),
            ),
            models.CheckConstraint(
                condition=Q(tg_early_exchange_days__lte=365)
                & Q(tg_early_refund_days__lte=F("tg_early_exchange_days")),
                name="product_line_tg_early_windows",
                violation_error_message=_(
                    "The refund window must not be longer than the exchange window "
                    "(at most 365 days)."
                ),
            ),
            models.CheckConstraint(
                condition=Q(tg_unrepaired_basis__in=["commitment", "national"]),
                name="product_line_tg_unrepaired_basis_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ProductModel(TimeStampedModel):
    """A product model (型号) of a line; its own periods, when set, override the line's."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=150)
    product_line = models.ForeignKey(
        ProductLine, verbose_name=_("product line"), on_delete=models.PROTECT, related_name="models"
    )
    list_price = models.DecimalField(_("list price"), max_digits=12, decimal_places=2)
    warranty_months = models.PositiveSmallIntegerField(
        _("whole-unit warranty (months)"), null=True, blank=True
    )
    accessory_warranty_months = models.PositiveSmallIntegerField(
        _("accessory warranty (months)"), null=True, blank=True
    )
    three_guarantees_months = models.PositiveSmallIntegerField(
        _("three-guarantees period (months)"), null=True, blank=True
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("product model")
        verbose_name_plural = _("product models")
        constraints = [
            models.CheckConstraint(
                condition=Q(list_price__gte=0), name="product_model_price_gte_0"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class WarrantyClass(models.TextChoices):
    MAIN = "main", _("main (whole unit)")
    ACCESSORY = "accessory", _("accessory")
    CONSUMABLE = "consumable", _("consumable")


class Part(TimeStampedModel):
    """A spare part (备件) with its warranty class and the models it fits (CAT-3)."""

    sku = models.SlugField(_("SKU"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=150)
    warranty_class = models.CharField(
        _("warranty class"), max_length=16, choices=WarrantyClass.choices
    )
    price = models.DecimalField(_("price"), max_digits=12, decimal_places=2)
    fits = models.ManyToManyField(
        ProductModel, verbose_name=_("fits models"), blank=True, related_name="parts"
    )

    class Meta:
        ordering = ["sku"]
        verbose_name = _("part")
        verbose_name_plural = _("parts")
        constraints = [
            models.CheckConstraint(condition=Q(price__gte=0), name="part_price_gte_0"),
            models.CheckConstraint(
                condition=Q(warranty_class__in=["main", "accessory", "consumable"]),
                name="part_warranty_class_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sku} {self.name}"
