from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from aftersales.core.phone import is_valid_phone, normalise_phone
from aftersales.core.validation import Errors, full_clean_or_raise
from aftersales.organisation.models import NetworkPoint, Region


@transaction.atomic
def region_create(*, code: str, name: str, parent: Region | None = None) -> Region:
    region = Region(code=code, name=name, parent=parent)
    errors = Errors()
    if parent is not None and parent.path.count("/") > 8:
        errors.add("parent", _("the region tree is at most 8 levels deep"))
    errors.raise_if_any()
    full_clean_or_raise(region, exclude=["path"])
    region.save()
    region.path = f"{parent.path if parent else '/'}{region.pk}/"
    region.save(update_fields=["path"])
    return region


def _phone(errors: Errors, field: str, value: str, *, required: bool) -> str:
    value = normalise_phone(value)
    if (value or required) and not is_valid_phone(value):
        errors.add(field, _("is not a valid phone number"))
    return value


@transaction.atomic
def network_point_create(
    *,
    code: str,
    name: str,
    region: Region,
    address: str = "",
    phone: str = "",
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
) -> NetworkPoint:
    errors = Errors()
    phone = _phone(errors, "phone", phone, required=False)
    errors.raise_if_any()
    point = NetworkPoint(
        code=code,
        name=name,
        region=region,
        address=address,
        phone=phone,
        latitude=latitude,
        longitude=longitude,
    )
    full_clean_or_raise(point)
    point.save()
    return point
