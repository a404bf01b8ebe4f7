"""Parts on service orders (INV-2, INV-4; issue 5 item 4): reserve in a warehouse,
issue on use (from a reservation, or straight from the engineer's van or a warehouse),
release (by hand, or every reservation when the order is cancelled); a part used under
warranty costs nothing and owes its defective original back (``DefectiveReturn``); a
chargeable one is priced at the part's list price for the quote (FEE-1).

Each write locks the order (``lock_visible_order``: 404 when invisible), checks the
permission (403), validates (422, fields named), books the moves through
``ledger.post_move`` (409 when the stock is not there) and adds a ``parts`` event to
the order's timeline — all in one transaction, so a refusal writes nothing.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aftersales.accounts.models import User
from aftersales.catalog.models import Part
from aftersales.charges.preconditions import check_actor
from aftersales.charges.rules import COVERED_CODES, coverage
from aftersales.charges.selectors import cover_of, order_warranty_status
from aftersales.core.exceptions import InvalidTransition, NotFound
from aftersales.core.validation import Errors
from aftersales.inventory.ledger import post_move
from aftersales.inventory.models import (
    DefectiveReturn,
    DefectiveReturnStatus,
    OrderPart,
    OrderPartStatus,
    StockMove,
    Warehouse,
    WarehouseKind,
)
from aftersales.inventory.selectors import require_manage_warehouse, warehouse_visible_qs
from aftersales.service_orders.events import order_record_event
from aftersales.service_orders.locks import lock_visible_order
from aftersales.service_orders.models import EventKind, ServiceOrder
from aftersales.service_orders.status import BEFORE_RESOLVED, Status

MAX_QUANTITY = 1_000
# Parts are used while the work is open; a resolved order may still get the parts that
# were fitted recorded until the customer accepts it.
USABLE_STATUSES = BEFORE_RESOLVED | {Status.RESOLVED}


def _defective_return_days() -> int:
    return int(settings.DEFECTIVE_RETURN_DAYS)


def _validated(
    actor: User, order: ServiceOrder, part_id: int | None, warehouse_id: int | None, qty: object
) -> tuple[Part, Warehouse, int]:
    errors = Errors()
    part = Part.objects.filter(pk=part_id).first() if part_id is not None else None
    if part is None:
        errors.add("part", _("unknown part") if part_id is not None else _("is required"))
    warehouse = (
        warehouse_visible_qs(user=actor).filter(pk=warehouse_id).first()
        if warehouse_id is not None
        else None
    )
    if warehouse is None:
        errors.add(
            "warehouse", _("unknown warehouse") if warehouse_id is not None else _("is required")
        )
    elif not warehouse.is_active:
        errors.add("warehouse", _("the warehouse is closed"))
    if isinstance(qty, bool) or not isinstance(qty, int):
        errors.add("quantity", _("must be a whole number"))
    elif not 1 <= qty <= MAX_QUANTITY:
        errors.add("quantity", _("must be between 1 and %(max)s") % {"max": MAX_QUANTITY})
    errors.raise_if_any()
    assert part is not None
    assert warehouse is not None
    assert isinstance(qty, int)
    if order.status not in USABLE_STATUSES:
        raise InvalidTransition(
            _("Parts cannot be used on an order that is %(status)s.")
            % {"status": Status(order.status).label}
        )
    return part, warehouse, qty


def _pricing(order: ServiceOrder, part: Part) -> tuple[bool, Decimal]:
    """Chargeable or not, as the quote would price the part (charges.rules.coverage)."""
    code = coverage(
        kind="part",
        cover=cover_of(order_warranty_status(order=order)),
        warranty_class=part.warranty_class,
    )
    chargeable = code not in COVERED_CODES
    return chargeable, (part.price if chargeable else Decimal("0.00"))


def _event(
    order: ServiceOrder, actor: User, at: dt.datetime, action: str, used: OrderPart, **extra: object
) -> None:
    order_record_event(
        order=order,
        kind=EventKind.PARTS,
        action=action,
        actor=actor,
        at=at,
        extra={
            "order_part": used.pk,
            "part": used.part_id,
            "sku": used.part.sku,
            "name": used.part.name,
            "quantity": used.quantity,
            "warehouse": used.warehouse_id,
            "chargeable": used.chargeable,
            "unit_price": f"{used.unit_price:.2f}",
            **extra,
        },
    )


def _book(
    kind: str, actor: User, order: ServiceOrder, used: OrderPart, now: dt.datetime, reason: str = ""
) -> None:
    """One ledger move of an order's part, from its warehouse."""
    post_move(
        kind=kind,
        part_id=used.part_id,
        part_name=used.part.name,
        quantity=used.quantity,
        actor=actor,
        at=now,
        from_warehouse_id=used.warehouse_id,
        service_order_id=order.pk,
        order_part=used,
        reason=reason,
    )


@transaction.atomic
def order_part_reserve(
    *, actor: User, order_id: int, part_id: int | None, warehouse_id: int | None, quantity: object
) -> OrderPart:
    order = lock_visible_order(
        actor=actor, order_id=order_id, related=("unit__product_model__product_line",)
    )
    check_actor(actor=actor, order=order, action="order.parts.reserve")
    part, warehouse, qty = _validated(actor, order, part_id, warehouse_id, quantity)
    if warehouse.kind == WarehouseKind.VAN:  # the reservation is the claim on the van
        require_manage_warehouse(user=actor, warehouse=warehouse)
    now = timezone.now()
    chargeable, price = _pricing(order, part)
    used = OrderPart.objects.create(
        order=order,
        part=part,
        warehouse=warehouse,
        quantity=qty,
        status=OrderPartStatus.RESERVED,
        chargeable=chargeable,
        unit_price=price,
        reserved_at=now,
        actor=actor,
    )
    _book("reserve", actor, order, used, now)
    _event(order, actor, now, "reserved", used)
    return used


def _issue_moves(
    actor: User, order: ServiceOrder, used: OrderPart, now: dt.datetime, *, from_reservation: bool
) -> None:
    if from_reservation:
        _book("release", actor, order, used, now)
    _book("issue", actor, order, used, now)
    if not used.chargeable:  # INV-4: the defective original comes back
        DefectiveReturn.objects.create(
            order=order,
            part_id=used.part_id,
            quantity=used.quantity,
            order_part=used,
            due_by=timezone.localdate(now) + dt.timedelta(days=_defective_return_days()),
        )


@transaction.atomic
def order_part_issue(
    *,
    actor: User,
    order_id: int,
    order_part_id: int | None = None,
    part_id: int | None = None,
    warehouse_id: int | None = None,
    quantity: object = None,
) -> OrderPart:
    """Use a part on the order: a reservation (``order_part_id``) or, without one, a
    part straight from a warehouse (the engineer's van)."""
    order = lock_visible_order(
        actor=actor, order_id=order_id, related=("unit__product_model__product_line",)
    )
    check_actor(actor=actor, order=order, action="order.parts.issue")
    now = timezone.now()
    if order_part_id is not None:
        used = _reserved_part(order, order_part_id)
        _validated(actor, order, used.part_id, used.warehouse_id, used.quantity)
        # priced when used, as the quote prices it now (an exclusion may have come since)
        used.chargeable, used.unit_price = _pricing(order, used.part)
        used.status, used.issued_at = OrderPartStatus.ISSUED, now
        used.save(update_fields=["status", "issued_at", "chargeable", "unit_price", "updated_at"])
        _issue_moves(actor, order, used, now, from_reservation=True)
    else:
        part, warehouse, qty = _validated(actor, order, part_id, warehouse_id, quantity)
        require_manage_warehouse(user=actor, warehouse=warehouse)
        chargeable, price = _pricing(order, part)
        used = OrderPart.objects.create(
            order=order,
            part=part,
            warehouse=warehouse,
            quantity=qty,
            status=OrderPartStatus.ISSUED,
            chargeable=chargeable,
            unit_price=price,
            issued_at=now,
            actor=actor,
        )
        _issue_moves(actor, order, used, now, from_reservation=False)
    _event(order, actor, now, "issued", used)
    return used


def _reserved_part(order: ServiceOrder, order_part_id: int) -> OrderPart:
    used = (
        OrderPart.objects.select_for_update(of=("self",))
        .select_related("part")
        .filter(pk=order_part_id, order=order)
        .first()
    )
    if used is None:
        raise NotFound(_("Part reservation not found."))
    if used.status != OrderPartStatus.RESERVED:
        raise InvalidTransition(
            _("The part is already %(status)s.") % {"status": OrderPartStatus(used.status).label}
        )
    return used


def _release(
    actor: User, order: ServiceOrder, used: OrderPart, now: dt.datetime, reason: str
) -> None:
    used.status, used.released_at = OrderPartStatus.RELEASED, now
    used.save(update_fields=["status", "released_at", "updated_at"])
    _book("release", actor, order, used, now, reason)
    _event(order, actor, now, "released", used, reason=reason)


@transaction.atomic
def order_part_release(
    *, actor: User, order_id: int, order_part_id: int, reason: str = ""
) -> OrderPart:
    order = lock_visible_order(actor=actor, order_id=order_id)
    check_actor(actor=actor, order=order, action="order.parts.release")
    used = _reserved_part(order, order_part_id)
    _release(actor, order, used, timezone.now(), (reason or "").strip())
    return used


def order_parts_release_all(*, actor: User, order: ServiceOrder, reason: str) -> int:
    """Release every reservation of ``order`` (on cancel; the caller holds the order's
    lock and the transaction). Returns how many were released."""
    now = timezone.now()
    reserved = list(
        OrderPart.objects.select_for_update(of=("self",))
        .select_related("part")
        .filter(order=order, status=OrderPartStatus.RESERVED)
        .order_by("pk")
    )
    for used in reserved:
        _release(actor, order, used, now, reason)
    return len(reserved)


def pending_return(*, actor: User, order_id: int, part_id: int, quantity: int) -> DefectiveReturn:
    """The order's pending defective return of the part that ``quantity`` settles (the
    caller books the move and then ``receive_return``)."""
    order = lock_visible_order(actor=actor, order_id=order_id)
    pending = list(
        DefectiveReturn.objects.select_for_update(of=("self",))
        .filter(order=order, part_id=part_id, status=DefectiveReturnStatus.PENDING)
        .order_by("due_by", "pk")
    )
    errors = Errors()
    match = next((p for p in pending if p.quantity == quantity), None)
    if not pending:
        errors.add("service_order", _("has no defective return of this part pending"))
    elif match is None:
        errors.add(
            "quantity",
            _("must match a pending return of this order: %(pending)s")
            % {"pending": ", ".join(str(p.quantity) for p in pending)},
        )
    errors.raise_if_any()
    assert match is not None
    return match


def receive_return(*, actor: User, pending: DefectiveReturn, move: StockMove) -> DefectiveReturn:
    pending.status, pending.received_at, pending.received_move = (
        DefectiveReturnStatus.RECEIVED,
        move.at,
        move,
    )
    pending.save(update_fields=["status", "received_at", "received_move", "updated_at"])
    order_record_event(
        order=pending.order,
        kind=EventKind.PARTS,
        action="defective_back",
        actor=actor,
        at=move.at,
        extra={
            "defective_return": pending.pk,
            "part": pending.part_id,
            "quantity": pending.quantity,
            "warehouse": move.to_warehouse_id,
        },
    )
    return pending
