"""Timeline events of the SLA clocks (SO-6): kind ``sla``, the ``action`` says which.

``paused`` / ``resumed`` (SLA-2), ``breached`` (SLA-3, the system's verdict: no actor)
and ``retargeted`` (new deadlines after a priority change) — past tense, so that they
never read as the transitions ``wait`` / ``resume``. Rows are only ever inserted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from aftersales.accounts.models import User
from aftersales.service_orders.events import order_record_event
from aftersales.service_orders.models import EventKind, ServiceOrder, ServiceOrderEvent
from aftersales.sla.models import SlaBreach, SlaPause


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _write(
    order: ServiceOrder,
    *,
    action: str,
    actor: User | None,
    at: dt.datetime,
    note: str = "",
    extra: dict[str, Any],
) -> ServiceOrderEvent:
    return order_record_event(
        order=order, kind=EventKind.SLA, action=action, actor=actor, at=at, note=note, extra=extra
    )


def sla_paused_event(*, order: ServiceOrder, actor: User, pause: SlaPause) -> ServiceOrderEvent:
    return _write(
        order, action="paused", actor=actor, at=pause.started_at, extra={"reason": pause.reason}
    )


def sla_resumed_event(
    *,
    order: ServiceOrder,
    actor: User,
    pause: SlaPause,
    moved: dict[str, tuple[dt.datetime, dt.datetime]],
) -> ServiceOrderEvent:
    assert pause.ended_at is not None
    return _write(
        order,
        action="resumed",
        actor=actor,
        at=pause.ended_at,
        extra={
            "reason": pause.reason,
            "paused_from": _iso(pause.started_at),
            "paused_seconds": (pause.ended_at - pause.started_at).total_seconds(),
            "moved": {target: [_iso(a), _iso(b)] for target, (a, b) in moved.items()},
        },
    )


def sla_breach_event(*, order: ServiceOrder, breach: SlaBreach) -> ServiceOrderEvent:
    return _write(
        order,
        action="breached",
        actor=None,
        at=breach.recorded_at,
        note=breach.cause,
        extra={
            "target": breach.target,
            "due_at": _iso(breach.due_at),
            "breached_at": _iso(breach.breached_at),
            "done_at": _iso(breach.done_at),
            "cause": breach.cause_code,
        },
    )


def sla_retarget_event(
    *,
    order: ServiceOrder,
    actor: User,
    at: dt.datetime,
    reason: str,
    previous: dict[str, Any],
    moved: dict[str, tuple[dt.datetime | None, dt.datetime | None]],
) -> ServiceOrderEvent:
    return _write(
        order,
        action="retargeted",
        actor=actor,
        at=at,
        note=reason,
        extra={
            **previous,
            "policy": order.sla_policy_id,
            "priority": order.priority,
            "moved": {target: [_iso(a), _iso(b)] for target, (a, b) in moved.items()},
        },
    )


@dataclass(frozen=True)
class BreachRecord:
    """A stored breach as its timeline event tells it (written in one transaction with
    the ``SlaBreach`` row, neither ever changed): lets an order's detail show its
    breaches from the timeline it reads anyway."""

    target: str
    due_at: dt.datetime
    breached_at: dt.datetime
    done_at: dt.datetime | None
    cause_code: str
    recorded_at: dt.datetime


def breaches_in_timeline(timeline: Iterable[ServiceOrderEvent]) -> list[BreachRecord]:
    def when(value: Any) -> dt.datetime | None:
        return dt.datetime.fromisoformat(value) if isinstance(value, str) else None

    records = []
    for event in timeline:
        if event.kind != EventKind.SLA or event.action != "breached":
            continue
        extra = event.extra or {}
        due, breached = when(extra.get("due_at")), when(extra.get("breached_at"))
        if due is None or breached is None:
            continue
        records.append(
            BreachRecord(
                target=str(extra.get("target", "")),
                due_at=due,
                breached_at=breached,
                done_at=when(extra.get("done_at")),
                cause_code=str(extra.get("cause", "")),
                recorded_at=event.at,
            )
        )
    return records
