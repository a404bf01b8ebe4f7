from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from aftersales.core.models import TimeStampedModel


class Unit(TimeStampedModel):
    """One sold product of the installed base, with its warranty card (UNIT-1, UNIT-2)."""

    serial_number = models.CharField(_("serial number"), max_length=64, unique=True)
    warranty_card_number = models.CharField(
        _("warranty card number"), max_length=64, unique=True, null=True, blank=True
    )
    product_model = models.ForeignKey(
        "catalog.ProductModel",
        verbose_name=_("product model"),
        on_delete=models.PROTECT,
        related_name="units",
    )
    customer = models.ForeignKey(
        "customers.Customer",
        verbose_name=_("customer"),
        on_delete=models.PROTECT,
        related_name="units",
    )
    purchase_date = models.DateField(_("purchase date"))
    invoice_date = models.DateField(_("invoice date"), null=True, blank=True)
    acceptance_date = models.DateField(_("acceptance date"), null=True, blank=True)
    sale_price = models.DecimalField(_("sale price"), max_digits=12, decimal_places=2)
    sales_channel = models.CharField(_("sales channel"), max_length=64, blank=True)
    clearance_sale = models.BooleanField(_("clearance sale"), default=False)
    # TG-8: a replacement unit points at the unit it replaced (``old.replaced_by`` is
    # the way back); set only by ``warranty.services.unit_exchange``.
    replaces = models.OneToOneField(
        "self",
        verbose_name=_("replaces"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaced_by",
    )

    class Meta:
        ordering = ["-id"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        constraints = [
            models.CheckConstraint(condition=Q(sale_price__gte=0), name="unit_sale_price_gte_0"),
            models.CheckConstraint(
                condition=Q(acceptance_date__isnull=True)
                | Q(acceptance_date__gte=F("purchase_date")),
                name="unit_acceptance_not_before_purchase",
            ),
            models.CheckConstraint(
                condition=Q(replaces__isnull=True) | ~Q(replaces=F("pk")),
                name="unit_does_not_replace_itself",
            ),
        ]

    def __str__(self) -> str:
        return self.serial_number
