import datetime as dt
from typing import Any

from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Status

from aftersales.api.auth import actor
from aftersales.core.exceptions import NotFound, ValidationFailed
from aftersales.units.selectors import access_unit, unit_visible_qs
from aftersales.warranty.present import warranty_resource
from aftersales.warranty.schemas import (
    EntitlementOut,
    RefundQuoteIn,
    RefundQuoteOut,
    SettlementOut,
    UnitExchangeIn,
    UnitRefundIn,
    WarrantyOut,
)
from aftersales.warranty.selectors import (
    unit_entitlement,
    unit_refund_quote,
    unit_replacement_id,
    unit_settlement,
    warranty_status,
)
from aftersales.warranty.services import unit_exchange, unit_refund
from aftersales.warranty.tg_present import (
    entitlement_resource,
    refund_quote_resource,
    settlement_resource,
)

router = Router()
# The three guarantees of one unit, mounted under /units (api.md).
unit_router = Router()


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


@unit_router.get(
    "/{unit_id}/entitlement",
    response=EntitlementOut,
    summary="Three-guarantees entitlement of a unit on a date (TG-6), explained",
)
def unit_entitlement_api(
    request: HttpRequest, unit_id: int, on: dt.date | None = None
) -> dict[str, Any]:
    """What a customer reporting a fault on ``on`` (default today) may claim: the rule
    that decided, the remedies, and the three-guarantees period with its extension."""
    unit = access_unit(user=actor(request), unit_id=unit_id)
    on = on or timezone.localdate()
    if on < unit.purchase_date:
        raise ValidationFailed.field(
            "on",
            _("must not be before the purchase date %(date)s")
            % {"date": unit.purchase_date.isoformat()},
        )
    return entitlement_resource(
        unit=unit,
        ent=unit_entitlement(unit=unit, on=on),
        status=warranty_status(unit=unit, on=on),
        settlement=unit_settlement(unit=unit),
        replaced_by=unit_replacement_id(unit=unit),
    )


@unit_router.post(
    "/{unit_id}/refund-quote",
    response=RefundQuoteOut,
    summary="Refund less depreciation if the unit were returned on a date (TG-5)",
)
def unit_refund_quote_api(
    request: HttpRequest, unit_id: int, data: RefundQuoteIn
) -> dict[str, Any]:
    """A calculation only: nothing is recorded (see ``/units/{id}/refund``)."""
    unit = access_unit(user=actor(request), unit_id=unit_id)
    quote = unit_refund_quote(unit=unit, return_date=data.return_date)
    return refund_quote_resource(unit=unit, quote=quote)


@unit_router.post(
    "/{unit_id}/exchange",
    response={201: SettlementOut},
    summary="Exchange a unit for a replacement (TG-8), optionally on a return order",
)
def unit_exchange_api(
    request: HttpRequest, unit_id: int, data: UnitExchangeIn
) -> Status[dict[str, Any]]:
    settlement = unit_exchange(
        actor=actor(request),
        unit_id=unit_id,
        new_serial_number=data.new_serial_number,
        warranty_card_number=data.warranty_card_number,
        exchange_date=data.exchange_date,
        product_model_id=data.product_model,
        price_difference=data.price_difference,
        service_order_id=data.service_order,
        note=data.note,
    )
    return Status(201, settlement_resource(settlement))


@unit_router.post(
    "/{unit_id}/refund",
    response={201: SettlementOut},
    summary="Take a unit back and record the refund less depreciation (TG-5)",
)
def unit_refund_api(
    request: HttpRequest, unit_id: int, data: UnitRefundIn
) -> Status[dict[str, Any]]:
    settlement = unit_refund(
        actor=actor(request),
        unit_id=unit_id,
        return_date=data.return_date,
        service_order_id=data.service_order,
        note=data.note,
    )
    return Status(201, settlement_resource(settlement))
