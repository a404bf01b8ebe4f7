"""Writes of the three guarantees: exchange (TG-2/3/4, TG-8) and refund (TG-4, TG-5).

Each settles a unit once, records the amounts with actor and time, and — when given a
`return` service order of that unit — appends a timeline event to it, in one
transaction. Refusals, in order: 404 the unit is invisible, 403 the actor may not,
422 bad input (nothing written), 409 the unit was already settled or the order is over.

The settlement records what the three-guarantees rules said on its date (``rule``,
``remedies``) but is not refused when the remedy is outside them: goodwill exchanges
and refunds are a business decision, and the recorded rule makes them visible.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from aftersales.accounts.access import require
from aftersales.accounts.models import User
from aftersales.catalog.models import ProductModel
from aftersales.core.exceptions import Conflict, ValidationFailed
from aftersales.core.money import to_fen
from aftersales.core.queries import first_or_none
from aftersales.core.validation import Errors
from aftersales.service_orders.locks import service_order_lock_qs
from aftersales.service_orders.models import Kind, ServiceOrder
from aftersales.service_orders.selectors import service_order_visible_qs
from aftersales.service_orders.status import Status
from aftersales.units.models import Unit
from aftersales.units.selectors import access_unit
from aftersales.units.services import unit_create
from aftersales.warranty.events import order_settlement_event
from aftersales.warranty.locks import unit_lock_qs
from aftersales.warranty.models import SettlementKind, ThreeGuaranteesSettlement
from aftersales.warranty.selectors import (
    unit_entitlement,
    unit_refund_quote,
    unit_repair_records,
)

MAX_SERIAL = 64
MAX_NOTE = 5000


def _return_order(
    *, actor: User, unit: Unit, order_id: int | None, errors: Errors
) -> ServiceOrder | None:
    """The `return` order the settlement is recorded on, checked (not yet locked)."""
    if order_id is None:
        return None
    order = first_or_none(service_order_visible_qs(user=actor).filter(pk=order_id))
    if order is None:
        errors.add("service_order", _("unknown service order"))
    elif order.kind != Kind.RETURN:
        errors.add("service_order", _("must be a return / exchange order"))
    elif order.unit_id != unit.pk:
        errors.add("service_order", _("is an order for another unit"))
    return order


def _note(errors: Errors, note: str) -> str:
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        errors.add("note", _("is longer than %(max)s characters") % {"max": MAX_NOTE})
    return note


def _lock(*, unit: Unit, order: ServiceOrder | None) -> tuple[Unit, ServiceOrder | None]:
    """Lock the unit, then the order; refuse a settled unit or a finished order (409)."""
    locked = unit_lock_qs().get(pk=unit.pk)
    if (
        ThreeGuaranteesSettlement.objects.filter(unit=locked).exists()
        or Unit.objects.filter(replaces=locked).exists()
    ):
        raise Conflict(
            _("Unit %(serial)s was already exchanged or refunded.") % {"serial": unit.serial_number}
        )
    if order is not None:
        order = service_order_lock_qs().get(pk=order.pk)
        if order.status in (Status.CLOSED, Status.CANCELLED):
            raise Conflict(
                _("The order is %(status)s.") % {"status": Status(order.status).label},
                extra={"status": order.status},
            )
    return locked, order


def _number_taken(number: str) -> bool:
    return Unit.objects.filter(Q(serial_number=number) | Q(warranty_card_number=number)).exists()


def _replacement_numbers(
    errors: Errors, serial_number: str, warranty_card_number: str | None
) -> tuple[str, str | None]:
    serial = (serial_number or "").strip()
    card = (warranty_card_number or "").strip() or None
    if not serial:
        errors.add("new_serial_number", _("is required"))
    elif len(serial) > MAX_SERIAL:
        errors.add("new_serial_number", _("is longer than %(max)s characters") % {"max": 64})
    elif _number_taken(serial):
        errors.add("new_serial_number", _("another unit has this serial or card number"))
    if card is not None:
        if len(card) > MAX_SERIAL:
            errors.add("warranty_card_number", _("is longer than %(max)s characters") % {"max": 64})
        elif card == serial:
            errors.add("warranty_card_number", _("must differ from the serial number"))
        elif _number_taken(card):
            errors.add("warranty_card_number", _("another unit has this serial or card number"))
    return serial, card


def _replacement_model(
    errors: Errors, unit: Unit, product_model_id: int | None, price_difference: Decimal | None
) -> tuple[ProductModel | None, Decimal]:
    """The replacement's model and the price difference the customer pays (+) or gets
    back (−): none for the same model; for another model the given difference, or by
    default the new model's list price less what the customer paid."""
    if product_model_id is None or product_model_id == unit.product_model_id:
        if price_difference not in (None, Decimal(0)):
            errors.add("price_difference", _("applies only when exchanging for a different model"))
        return unit.product_model, Decimal("0.00")
    model = first_or_none(ProductModel.objects.filter(pk=product_model_id))
    if model is None:
        errors.add("product_model", _("unknown product model"))
        return None, Decimal("0.00")
    difference = to_fen(
        price_difference if price_difference is not None else model.list_price - unit.sale_price
    )
    if unit.sale_price + difference < 0:
        errors.add("price_difference", _("would make the replacement's price negative"))
    return model, difference


@transaction.atomic
def unit_exchange(
    *,
    actor: User,
    unit_id: int,
    new_serial_number: str,
    exchange_date: dt.date | None = None,
    product_model_id: int | None = None,
    price_difference: Decimal | None = None,
    warranty_card_number: str | None = None,
    service_order_id: int | None = None,
    note: str = "",
) -> ThreeGuaranteesSettlement:
    """Exchange a unit (TG-8): register the replacement for the same customer, link old
    and new, and record the settlement. The replacement is sold, invoiced and starts
    its warranty and three-guarantees period on the exchange date."""
    unit = access_unit(user=actor, unit_id=unit_id)
    require(actor, "unit.exchange")
    today = timezone.localdate()
    exchange_date = exchange_date or today
    errors = Errors()
    serial, card = _replacement_numbers(errors, new_serial_number, warranty_card_number)
    if exchange_date > today:
        errors.add("exchange_date", _("must not be in the future"))
    elif exchange_date < unit.purchase_date:
        errors.add(
            "exchange_date",
            _("must not be before the purchase date %(date)s")
            % {"date": unit.purchase_date.isoformat()},
        )
    model, difference = _replacement_model(errors, unit, product_model_id, price_difference)
    order = _return_order(actor=actor, unit=unit, order_id=service_order_id, errors=errors)
    note = _note(errors, note)
    errors.raise_if_any()
    assert model is not None

    ent = unit_entitlement(unit=unit, on=exchange_date)
    locked, order = _lock(unit=unit, order=order)
    replacement = unit_create(
        serial_number=serial,
        warranty_card_number=card,
        product_model=model,
        customer=unit.customer,
        purchase_date=exchange_date,
        invoice_date=exchange_date,
        sale_price=unit.sale_price + difference,
        sales_channel=unit.sales_channel,
    )
    replacement.replaces = locked
    replacement.save(update_fields=["replaces", "updated_at"])
    now = timezone.now()
    settlement = ThreeGuaranteesSettlement.objects.create(
        kind=SettlementKind.EXCHANGE,
        unit=locked,
        service_order=order,
        settled_on=exchange_date,
        rule=ent.rule,
        remedies=list(ent.remedies),
        price=unit.sale_price,
        price_difference=difference,
        note=note,
        recorded_by=actor,
        recorded_at=now,
    )
    if order is not None:
        order_settlement_event(
            order=order,
            actor=actor,
            at=now,
            settlement=settlement,
            replacement_serial=replacement.serial_number,
        )
    return settlement


@transaction.atomic
def unit_refund(
    *,
    actor: User,
    unit_id: int,
    return_date: dt.date | None = None,
    service_order_id: int | None = None,
    note: str = "",
) -> ThreeGuaranteesSettlement:
    """Take a unit back and record the refund less depreciation (TG-5)."""
    unit = access_unit(user=actor, unit_id=unit_id)
    require(actor, "unit.refund")
    today = timezone.localdate()
    return_date = return_date or today
    errors = Errors()
    if return_date > today:
        errors.add("return_date", _("must not be in the future"))
    repairs = unit_repair_records(unit=unit)
    quote = None
    try:
        quote = unit_refund_quote(unit=unit, return_date=return_date, repairs=repairs)
    except ValidationFailed as exc:
        for field, messages in exc.errors.items():
            for message in messages:
                errors.add(field, message)
    order = _return_order(actor=actor, unit=unit, order_id=service_order_id, errors=errors)
    note = _note(errors, note)
    errors.raise_if_any()
    assert quote is not None

    ent = unit_entitlement(unit=unit, on=return_date, repairs=repairs)
    locked, order = _lock(unit=unit, order=order)
    now = timezone.now()
    settlement = ThreeGuaranteesSettlement.objects.create(
        kind=SettlementKind.REFUND,
        unit=locked,
        service_order=order,
        settled_on=return_date,
        rule=ent.rule,
        remedies=list(ent.remedies),
        price=quote.price,
        invoice_date=quote.invoice_date,
        used_days=quote.used_days,
        repair_days_excluded=quote.repair_days_excluded,
        daily_rate=quote.daily_rate,
        depreciation_fee=quote.depreciation_fee,
        refund_amount=quote.refund_amount,
        note=note,
        recorded_by=actor,
        recorded_at=now,
    )
    if order is not None:
        order_settlement_event(order=order, actor=actor, at=now, settlement=settlement)
    return settlement
