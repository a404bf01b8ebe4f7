"""Certificates (持证上岗, TRN-2): an engineer may be dispatched to a product line only
with a certificate for it that is valid on the day of dispatch.

A certificate is never edited into another one: a renewal is a new certificate with a
new number, so the history of who was certified when stays readable.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from aftersales.core.models import TimeStampedModel


class Certificate(TimeStampedModel):
    """A staff member's certificate for one product line, valid up to and including
    ``valid_until`` (docs/subsystems/dispatch.md)."""

    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("holder"),
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    product_line = models.ForeignKey(
        "catalog.ProductLine",
        verbose_name=_("product line"),
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    number = models.CharField(_("certificate number"), max_length=64)
    valid_until = models.DateField(_("valid until"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["-valid_until", "-id"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        constraints = [
            models.UniqueConstraint(
                fields=["product_line", "number"], name="certificate_number_unique_per_line"
            ),
        ]
        indexes = [
            models.Index(
                fields=["holder", "product_line", "-valid_until"], name="certificate_holder_line"
            ),
        ]

    def __str__(self) -> str:
        return self.number

    def is_valid_on(self, day: dt.date) -> bool:
        """Expiry is inclusive: valid on ``valid_until`` itself, not the day after."""
        return day <= self.valid_until
