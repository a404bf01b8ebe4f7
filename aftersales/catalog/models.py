from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from aftersales.core.models import TimeStampedModel


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

    class Meta:
        ordering = ["code"]
        verbose_name = _("product line")
        verbose_name_plural = _("product lines")
        constraints = [
            models.CheckConstraint(
                condition=Q(depreciation_rate_per_day__gte=0, depreciation_rate_per_day__lte=1),
                name="product_line_depreciation_rate_range",
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
