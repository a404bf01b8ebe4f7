"""Pure rules of the outbox: which timeline events notify whom (NTF-1), on which
channels, which endpoints hear of them, and when a failed delivery is tried again.

No database here: the services gather the facts and apply these tables.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from aftersales.notifications.models import Channel, EventType


class Audience(StrEnum):
    """Who among the people around an order gets a message."""

    CUSTOMER = "customer"  # the order's contact phone and the customer's e-mail
    ENGINEER = "engineer"  # the assigned engineer
    ASSIGNEE_OR_DISPATCHERS = "assignee"  # the engineer, else the region's dispatchers
    REGION_MANAGERS = "managers"  # the nearest region (up the tree) that has managers
    DIRECTORS = "directors"  # every active service director


# NTF-1 and SLA-4: the people each event is for. Endpoints (webhooks, robots) come on
# top, by subscription. ``order.status_changed`` is for other systems only.
AUDIENCES: dict[str, tuple[Audience, ...]] = {
    EventType.ORDER_RECEIVED: (Audience.CUSTOMER,),
    EventType.ORDER_ASSIGNED: (Audience.CUSTOMER, Audience.ENGINEER),
    EventType.QUOTE_AWAITING: (Audience.CUSTOMER,),
    EventType.ORDER_COMPLETED: (Audience.CUSTOMER,),
    EventType.ORDER_STATUS: (),
    EventType.ESCALATION_WARN: (Audience.ASSIGNEE_OR_DISPATCHERS,),
    EventType.ESCALATION_MANAGER: (Audience.REGION_MANAGERS,),
    EventType.ESCALATION_DIRECTOR: (Audience.DIRECTORS,),
    EventType.LOANER_DUE: (Audience.REGION_MANAGERS, Audience.ENGINEER),
    EventType.LOANER_OVERDUE: (Audience.REGION_MANAGERS, Audience.ENGINEER),
}

ESCALATION_EVENTS = {
    "warn": EventType.ESCALATION_WARN,
    "manager": EventType.ESCALATION_MANAGER,
    "director": EventType.ESCALATION_DIRECTOR,
    "loaner_due": EventType.LOANER_DUE,
}


def event_types_for(*, kind: str, action: str, extra: dict[str, Any]) -> list[str]:
    """The notification events a timeline event stands for (often none)."""
    if kind == "created":
        return [EventType.ORDER_RECEIVED]
    if kind == "transition":
        if action == "assign":
            return [EventType.ORDER_ASSIGNED, EventType.ORDER_STATUS]
        if action == "complete":
            return [EventType.ORDER_COMPLETED, EventType.ORDER_STATUS]
        return [EventType.ORDER_STATUS]
    if kind == "assignment" and action == "reassign":
        return [EventType.ORDER_ASSIGNED]
    if kind == "charges" and action == "quote_issued" and extra.get("approval_required"):
        return [EventType.QUOTE_AWAITING]
    if kind == "escalation" and action in ESCALATION_EVENTS:
        return [ESCALATION_EVENTS[action]]
    if kind == "loaner" and action == "overdue":
        return [EventType.LOANER_OVERDUE]
    return []


@dataclass(frozen=True)
class Person:
    """Somebody who may be written to: a staff member or a customer."""

    name: str
    phone: str = ""
    email: str = ""
    user_id: int | None = None
    customer_id: int | None = None


def person_channels(person: Person) -> list[tuple[str, str]]:
    """``(channel, address)`` pairs for a person: SMS to a phone, e-mail to an address."""
    pairs = []
    if person.phone:
        pairs.append((Channel.SMS.value, person.phone))
    if person.email:
        pairs.append((Channel.EMAIL.value, person.email.lower()))
    return pairs


def deduplicated(pairs: Iterable[tuple[str, str, Person]]) -> list[tuple[str, str, Person]]:
    """One message per channel and address, the first recipient named keeping it (a
    customer whose contact phone is also an engineer's gets one SMS, not two)."""
    seen: set[tuple[str, str]] = set()
    out = []
    for channel, address, person in pairs:
        if (channel, address) not in seen:
            seen.add((channel, address))
            out.append((channel, address, person))
    return out


@dataclass(frozen=True)
class EndpointSpec:
    """What decides whether an endpoint hears of an event."""

    id: int
    kind: str
    event_types: tuple[str, ...]  # empty = every event
    region_path: str | None  # None = every region


def endpoint_wants(spec: EndpointSpec, *, event_type: str, region_path: str) -> bool:
    if spec.event_types and event_type not in spec.event_types:
        return False
    return spec.region_path is None or region_path.startswith(spec.region_path)


def parse_delays(text: str) -> tuple[int, ...]:
    """``"60,300,1800"`` → ``(60, 300, 1800)``: seconds to wait after each failure."""
    delays = tuple(int(part) for part in text.replace(" ", "").split(",") if part)
    if not delays or any(d <= 0 for d in delays):
        raise ValueError("NOTIFY_RETRY_DELAYS: give positive seconds, e.g. 60,300,1800")
    return delays


def max_attempts(delays: Sequence[int]) -> int:
    """A first try and one retry per delay."""
    return len(delays) + 1


def next_attempt_at(
    *, attempts: int, delays: Sequence[int], now: dt.datetime
) -> dt.datetime | None:
    """When to try again after ``attempts`` failed tries; ``None`` = give up.

    The delays grow (exponential back-off by default: 1 min, 5 min, 30 min, 2 h …) so
    that an outage of a few hours is ridden out without hammering the provider.
    """
    if attempts < 1:
        raise ValueError("attempts counts the tries made, from 1")
    if attempts > len(delays):
        return None
    return now + dt.timedelta(seconds=delays[attempts - 1])
