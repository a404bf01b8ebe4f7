from django.conf import settings
from django.db import models
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
