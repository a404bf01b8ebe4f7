"""One function per timeline event type (SO-6). Rows are only ever inserted."""

from __future__ import annotations

import datetime as dt
from typing import Any

from aftersales.accounts.models import User
from aftersales.service_orders.models import EventKind, ServiceOrder, ServiceOrderEvent


def _write(
    order: ServiceOrder,
    *,
    kind: str,
    actor: User | None,
    at: dt.datetime,
    action: str = "",
    from_status: str = "",
    to_status: str = "",
    note: str = "",
    extra: dict[str, Any] | None = None,
) -> ServiceOrderEvent:
    return ServiceOrderEvent.objects.create(
        order=order,
        kind=kind,
        action=action,
        from_status=from_status,
        to_status=to_status,
        actor=actor,
        at=at,
        note=note,
        extra=extra or {},
    )


def order_record_event(
    *,
    order: ServiceOrder,
    kind: str,
    action: str,
    actor: User | None,
    at: dt.datetime,
    note: str = "",
    extra: dict[str, Any] | None = None,
) -> ServiceOrderEvent:
    """An event that records something on the order without changing its status
    (``from_status`` = ``to_status`` = the current status): the other apps' events —
    charges, SLA clocks, escalations — and reassignments and exclusions here."""
    return _write(
        order,
        kind=kind,
        actor=actor,
        at=at,
        action=action,
        from_status=order.status,
        to_status=order.status,
        note=note,
        extra=extra,
    )


def order_created_event(
    *, order: ServiceOrder, actor: User | None, at: dt.datetime
) -> ServiceOrderEvent:
    return _write(
        order,
        kind=EventKind.CREATED,
        actor=actor,
        at=at,
        to_status=order.status,
        extra={
            "number": order.number,
            "channel": order.channel,
            "reported_at": order.reported_at.isoformat(),
        },
    )


def order_transition_event(
    *,
    order: ServiceOrder,
    actor: User,
    at: dt.datetime,
    action: str,
    from_status: str,
    note: str = "",
    extra: dict[str, Any] | None = None,
) -> ServiceOrderEvent:
    return _write(
        order,
        kind=EventKind.TRANSITION,
        actor=actor,
        at=at,
        action=action,
        from_status=from_status,
        to_status=order.status,
        note=note,
        extra=extra,
    )


def order_reassigned_event(
    *,
    order: ServiceOrder,
    actor: User,
    at: dt.datetime,
    previous_engineer_id: int | None,
    reason: str,
) -> ServiceOrderEvent:
    return order_record_event(
        order=order,
        kind=EventKind.ASSIGNMENT,
        actor=actor,
        at=at,
        action="reassign",
        note=reason,
        extra={"from_engineer": previous_engineer_id, "to_engineer": order.assigned_engineer_id},
    )


def order_exclusion_event(
    *, order: ServiceOrder, actor: User, at: dt.datetime, reason: str, note: str
) -> ServiceOrderEvent:
    return order_record_event(
        order=order,
        kind=EventKind.EXCLUSION,
        actor=actor,
        at=at,
        action="exclusion",
        note=note,
        extra={"reason": reason},
    )
