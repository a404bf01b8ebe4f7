import datetime as dt
from typing import Any

from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router

from aftersales.api.auth import actor
from aftersales.core.exceptions import NotFound
from aftersales.units.selectors import unit_visible_qs
from aftersales.warranty.present import warranty_resource
from aftersales.warranty.schemas import WarrantyOut
from aftersales.warranty.selectors import warranty_status

router = Router()


@router.get(
    "/{serial_number}",
    response=WarrantyOut,
    summary="Warranty status of a unit on a date (WAR-6), explained",
)
def warranty_read_api(
    request: HttpRequest, serial_number: str, on: dt.date | None = None
) -> dict[str, Any]:
    """``serial_number`` may also be the warranty card number. ``on`` defaults to today."""
    unit = (
        unit_visible_qs(user=actor(request))
        .select_related("product_model__product_line", "customer")
        .filter(Q(serial_number=serial_number) | Q(warranty_card_number=serial_number))
        .first()
    )
    if unit is None:
        raise NotFound(_("Unit not found."))
    status = warranty_status(unit=unit, on=on or timezone.localdate())
    return warranty_resource(serial_number=unit.serial_number, status=status)
