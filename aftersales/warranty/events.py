"""The timeline event a settlement appends to its return order (SO-6). Insert only.

The event is a ``settlement`` event whose ``action`` is the settlement kind (``exchange`` or
``refund``) and whose ``extra`` carries the amounts and serial numbers, so that the
order's timeline shows who settled what, when, and for how much.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from aftersales.accounts.models import User
from aftersales.service_orders.events import order_record_event
from aftersales.service_orders.models import EventKind, ServiceOrder, ServiceOrderEvent
from aftersales.warranty.models import ThreeGuaranteesSettlement


def _money(value: Any) -> str | None:
    return None if value is None else str(value)


def order_settlement_event(
    *,
    order: ServiceOrder,
    actor: User,
    at: dt.datetime,
    settlement: ThreeGuaranteesSettlement,
    replacement_serial: str | None = None,
) -> ServiceOrderEvent:
    extra: dict[str, Any] = {
        "settlement": settlement.pk,
        "kind": settlement.kind,
        "serial_number": settlement.unit.serial_number,
        "settled_on": settlement.settled_on.isoformat(),
        "rule": settlement.rule,
        "price": _money(settlement.price),
    }
    if replacement_serial is not None:
        extra["replacement_serial_number"] = replacement_serial
        extra["price_difference"] = _money(settlement.price_difference)
    else:
        extra.update(
            {
                "used_days": settlement.used_days,
                "repair_days_excluded": settlement.repair_days_excluded,
                "daily_rate": _money(settlement.daily_rate),
                "depreciation_fee": _money(settlement.depreciation_fee),
                "refund_amount": _money(settlement.refund_amount),
            }
        )
    return order_record_event(
        order=order,
        kind=EventKind.SETTLEMENT,
        action=settlement.kind,
        actor=actor,
        at=at,
        note=settlement.note,
        extra=extra,
    )
