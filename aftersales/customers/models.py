from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from aftersales.core.models import TimeStampedModel


class CustomerKind(models.TextChoices):
    CONSUMER = "consumer", _("consumer")
    ENTERPRISE = "enterprise", _("enterprise")
    PROJECT = "project", _("project customer")


class Customer(TimeStampedModel):
    """A customer file (客户档案, CUS-1..3).

    ``contract_*`` periods apply to ``project`` customers (WAR-3); empty means the
    project defaults of the warranty rules.
    """

    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(
        _("kind"), max_length=16, choices=CustomerKind.choices, default=CustomerKind.CONSUMER
    )
    phone = models.CharField(_("phone"), max_length=32, db_index=True)
    email = models.EmailField(_("email"), blank=True)
    region = models.ForeignKey(
        "organisation.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="customers",
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    contract_warranty_months = models.PositiveSmallIntegerField(
        _("contract whole-unit warranty (months)"), null=True, blank=True
    )
    contract_accessory_warranty_months = models.PositiveSmallIntegerField(
        _("contract accessory warranty (months)"), null=True, blank=True
    )

    class Meta:
        ordering = ["-id"]
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["consumer", "enterprise", "project"]),
                name="customer_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(contract_warranty_months__isnull=True)
                | Q(contract_warranty_months__lte=120),
                name="customer_contract_warranty_lte_120",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Contact(TimeStampedModel):
    """A further contact person of a customer (CUS-2); found by phone too (CUS-3)."""

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("name"), max_length=100)
    phone = models.CharField(_("phone"), max_length=32, db_index=True)
    email = models.EmailField(_("email"), blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self) -> str:
        return self.name


class CustomerAddress(TimeStampedModel):
    """A further site of a customer (CUS-2), with region and optional coordinates."""

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="addresses")
    label = models.CharField(_("label"), max_length=100, blank=True)
    region = models.ForeignKey(
        "organisation.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    address = models.CharField(_("address"), max_length=255)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("address")
        verbose_name_plural = _("addresses")

    def __str__(self) -> str:
        return self.address
