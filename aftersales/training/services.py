"""Writes on certificates (TRN-2)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from aftersales.accounts.access import require
from aftersales.accounts.models import User
from aftersales.catalog.models import ProductLine
from aftersales.core.timeutil import local_today
from aftersales.core.validation import Errors, full_clean_or_raise
from aftersales.training.models import Certificate
from aftersales.training.selectors import access_staff_member

MAX_NUMBER = 64


@transaction.atomic
def certificate_create(
    *,
    actor: User,
    holder_id: int,
    product_line_code: str,
    number: str,
    valid_until: dt.date | None,
) -> Certificate:
    """Record a certificate for a staff member. Refusals: 404 the holder is unknown or
    invisible to the actor, 403 the actor may not record certificates, 422 bad fields
    (unknown product line, empty or taken number, a date that has already passed)."""
    holder = access_staff_member(user=actor, staff_id=holder_id)
    require(actor, "staff.certificate.create")
    errors = Errors()
    line = ProductLine.objects.filter(code=(product_line_code or "").strip()).first()
    if line is None:
        errors.add("product_line", _("unknown product line"))
    number = (number or "").strip()
    if not number:
        errors.add("number", _("is required"))
    elif len(number) > MAX_NUMBER:
        errors.add("number", _("is longer than %(max)s characters") % {"max": MAX_NUMBER})
    elif line is not None and Certificate.objects.filter(product_line=line, number=number).exists():
        errors.add("number", _("is already recorded for this product line"))
    if valid_until is None:
        errors.add("valid_until", _("is required"))
    elif valid_until < local_today():
        errors.add("valid_until", _("has already passed: the certificate has expired"))
    errors.raise_if_any()
    assert line is not None
    assert valid_until is not None
    certificate = Certificate(
        holder=holder,
        product_line=line,
        number=number,
        valid_until=valid_until,
        recorded_by=actor,
    )
    full_clean_or_raise(certificate)
    certificate.save()
    return certificate
