"""The one way stock changes (INV-2, INV-3): ``post_move`` locks the balance rows,
changes them by conditional ``F()`` updates and writes the ledger line, in the caller's
transaction. If any balance would go below zero (or reserved above on hand) nothing of
the move is written and ``InsufficientStock`` (409) says what was missing.

Callers validate their input first (``services``, ``order_parts``); this module only
keeps the books.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from aftersales.accounts.models import User
from aftersales.core.exceptions import InsufficientStock
from aftersales.inventory import rules
from aftersales.inventory.locks import lock_stock_rows
from aftersales.inventory.models import OrderPart, Stock, StockMove, Warehouse


def _change(stock: Stock, change: dict[str, int]) -> bool:
    """Apply ``change`` to one balance row if the result stays valid; False if not."""
    d_on, d_res, d_def = (change.get(c, 0) for c in rules.COUNTERS)
    qs = Stock.objects.filter(pk=stock.pk)
    if d_on - d_res < 0:  # available shrinks: it must cover the change
        qs = qs.filter(on_hand__gte=F("reserved") + (d_res - d_on))
    if d_res < 0:
        qs = qs.filter(reserved__gte=-d_res)
    if d_on < 0:
        qs = qs.filter(on_hand__gte=-d_on)
    if d_def < 0:
        qs = qs.filter(defective__gte=-d_def)
    updates = {
        counter: F(counter) + delta
        for counter, delta in zip(rules.COUNTERS, (d_on, d_res, d_def), strict=True)
        if delta
    }
    return bool(updates) and qs.update(**updates) == 1


def _shortage(stock: Stock, change: dict[str, int], part_name: str) -> InsufficientStock:
    stock.refresh_from_db()
    warehouse = Warehouse.objects.get(pk=stock.warehouse_id)
    if change.get("reserved", 0) < 0 and change.get("on_hand", 0) == 0:
        message = _(
            "Only %(reserved)s of %(part)s are reserved in %(warehouse)s; "
            "%(wanted)s cannot be released."
        ) % {
            "reserved": stock.reserved,
            "part": part_name,
            "warehouse": warehouse.name,
            "wanted": -change["reserved"],
        }
    else:
        wanted = change.get("reserved", 0) - change.get("on_hand", 0)
        message = _(
            "Not enough %(part)s in %(warehouse)s: %(available)s available, %(wanted)s needed."
        ) % {
            "part": part_name,
            "warehouse": warehouse.name,
            "available": stock.available,
            "wanted": wanted,
        }
    return InsufficientStock(
        message,
        extra={
            "warehouse": stock.warehouse_id,
            "part": stock.part_id,
            "on_hand": stock.on_hand,
            "reserved": stock.reserved,
            "available": stock.available,
        },
    )


def post_move(
    *,
    kind: str,
    part_id: int,
    part_name: str,
    quantity: int,
    actor: User | None,
    at: dt.datetime,
    from_warehouse_id: int | None = None,
    to_warehouse_id: int | None = None,
    service_order_id: int | None = None,
    order_part: OrderPart | None = None,
    reason: str = "",
) -> StockMove:
    """Book one move. Must run inside a transaction (the balance rows stay locked until
    it commits); raises ``InsufficientStock`` and changes nothing when a balance would
    leave the valid range."""
    assert transaction.get_connection().in_atomic_block, "post_move needs a transaction"
    move = rules.Move(kind, part_id, quantity, from_warehouse_id, to_warehouse_id)
    changes = rules.deltas(move)
    rows = lock_stock_rows(changes)
    # Decreases first: a refused move fails before anything of it is written.
    ordered = sorted(changes.items(), key=lambda kv: sum(kv[1].values()) >= 0)
    with transaction.atomic():  # a savepoint: a refusal undoes the half-done move
        for key, change in ordered:
            if not _change(rows[key], change):
                raise _shortage(rows[key], change, part_name)
        return StockMove.objects.create(
            kind=kind,
            part_id=part_id,
            quantity=quantity,
            from_warehouse_id=from_warehouse_id,
            to_warehouse_id=to_warehouse_id,
            service_order_id=service_order_id,
            order_part=order_part,
            actor=actor,
            at=at,
            reason=reason,
        )
