from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ExclusionReason(models.TextChoices):
    """WAR-5: why a repair is chargeable although inside the warranty period."""

    MISUSE = "misuse", _("improper use, maintenance or storage")
    MODEL_MISMATCH_OR_ALTERED = (
        "model_mismatch_or_altered",
        _("model does not match the card, or card/serial altered"),
    )
    FORCE_MAJEURE = "force_majeure", _("force majeure")
    CLEARANCE_SALE = "clearance_sale", _("sold at clearance")
    UNAUTHORISED_REPAIR = "unauthorised_repair", _("unauthorised disassembly or repair")


# Reasons that describe the unit itself, and so apply to every order of it; the others
# describe one incident and apply only to the order they were recorded on.
UNIT_LEVEL_REASONS = frozenset(
    {ExclusionReason.MODEL_MISMATCH_OR_ALTERED, ExclusionReason.CLEARANCE_SALE}
)


class WarrantyExclusion(models.Model):
    """A recorded exclusion (WAR-5), with the note/photo reference. Append-only."""

    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="exclusions")
    service_order = models.ForeignKey(
        "service_orders.ServiceOrder",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="exclusions",
    )
    reason = models.CharField(_("reason"), max_length=32, choices=ExclusionReason.choices)
    note = models.TextField(_("note"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["recorded_at", "id"]
        verbose_name = _("warranty exclusion")
        verbose_name_plural = _("warranty exclusions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(reason__in=[r.value for r in ExclusionReason]),
                name="exclusion_reason_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.reason


class SettlementKind(models.TextChoices):
    EXCHANGE = "exchange", _("exchange")
    REFUND = "refund", _("refund")


class ThreeGuaranteesSettlement(models.Model):
    """An exchange (TG-2/3/4, TG-8) or a refund (TG-4, TG-5) of a unit, with its amounts.

    A unit is settled once: the one-to-one ``unit`` refuses a second exchange or refund.
    The replacement of an exchange is ``unit.replaced_by``. ``rule`` and ``remedies``
    record what the three-guarantees rules said on ``settled_on``, for the audit.
    Append-only; written by ``warranty.services`` only.
    """

    kind = models.CharField(_("kind"), max_length=16, choices=SettlementKind.choices)
    unit = models.OneToOneField(
        "units.Unit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="tg_settlement",
    )
    service_order = models.ForeignKey(
        "service_orders.ServiceOrder",
        verbose_name=_("service order"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tg_settlements",
    )
    settled_on = models.DateField(_("exchange or return date"))
    rule = models.CharField(_("three-guarantees rule"), max_length=32)
    remedies = models.JSONField(_("remedies"), default=list)
    price = models.DecimalField(_("sale price"), max_digits=12, decimal_places=2)
    # refund (TG-5)
    invoice_date = models.DateField(_("invoice date"), null=True, blank=True)
    used_days = models.PositiveIntegerField(_("days used"), null=True, blank=True)
    repair_days_excluded = models.PositiveIntegerField(
        _("days in repair (not charged)"), null=True, blank=True
    )
    daily_rate = models.DecimalField(
        _("depreciation rate per day"), max_digits=7, decimal_places=6, null=True, blank=True
    )
    depreciation_fee = models.DecimalField(
        _("depreciation fee"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    refund_amount = models.DecimalField(
        _("refund amount"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    # exchange (TG-2, TG-8): what the customer pays (+) or gets back (−) for another model
    price_difference = models.DecimalField(
        _("price difference"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        ordering = ["-recorded_at", "-id"]
        verbose_name = _("three-guarantees settlement")
        verbose_name_plural = _("three-guarantees settlements")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=["exchange", "refund"]),
                name="tg_settlement_kind_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="refund")
                | models.Q(
                    invoice_date__isnull=False,
                    used_days__isnull=False,
                    repair_days_excluded__isnull=False,
                    daily_rate__isnull=False,
                    depreciation_fee__gte=0,
                    refund_amount__gte=0,
                    refund_amount__lte=models.F("price"),
                ),
                name="tg_settlement_refund_amounts",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="exchange") | models.Q(price_difference__isnull=False),
                name="tg_settlement_exchange_difference",
            ),
            models.CheckConstraint(
                condition=models.Q(price__gte=0), name="tg_settlement_price_gte_0"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.unit_id}"


def exclusion_photo_path(instance: "ExclusionPhoto", filename: str) -> str:
    """Where a photo is stored under MEDIA_ROOT. ``filename`` is the name the service
    chose (a random hex name with the extension of the detected format), never the
    uploader's: names carry no personal data and cannot be guessed or collide."""
    return f"exclusions/{timezone.localdate():%Y/%m}/{filename}"


class ExclusionPhoto(models.Model):
    """A photo of what the engineer found (WAR-5: "recorded with a note/photo").

    Evidence, so append-only like the exclusion itself: photos are added (when the
    exclusion is recorded or later, ``warranty.photos``), never changed or deleted.
    The file is served only through the console's media view, to staff who may see
    the exclusion's order or unit (never publicly).
    """

    exclusion = models.ForeignKey(
        WarrantyExclusion,
        verbose_name=_("warranty exclusion"),
        on_delete=models.PROTECT,
        related_name="photos",
    )
    image = models.ImageField(_("photo"), upload_to=exclusion_photo_path, max_length=200)
    content_type = models.CharField(_("content type"), max_length=32)
    size = models.PositiveIntegerField(_("size in bytes"))
    width = models.PositiveIntegerField(_("width"))
    height = models.PositiveIntegerField(_("height"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"))

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("exclusion photo")
        verbose_name_plural = _("exclusion photos")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(content_type__in=["image/jpeg", "image/png", "image/webp"]),
                name="exclusion_photo_type_valid",
            ),
            models.UniqueConstraint(fields=["image"], name="exclusion_photo_file_unique"),
        ]

    def __str__(self) -> str:
        return self.image.name
