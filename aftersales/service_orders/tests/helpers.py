"""Plain helpers for the service-order tests: the SO-3 paths, valid payloads, and a
snapshot of everything a refused request must leave alone."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone

from aftersales.service_orders.models import ServiceOrder, ServiceOrderEvent
from aftersales.service_orders.numbering import numbers_issued

SHANGHAI = ZoneInfo("Asia/Shanghai")

# The twelve statuses and thirteen actions of SO-3, written out (not imported) so that
# a status or action added to the code without a test shows up here.
STATUSES = [
    "new",
    "acknowledged",
    "assigned",
    "en_route",
    "on_site",
    "in_progress",
    "waiting",
    "resolved",
    "accepted",
    "followed_up",
    "closed",
    "cancelled",
]
ACTIONS = [
    "acknowledge",
    "assign",
    "reassign",
    "depart",
    "arrive",
    "start",
    "wait",
    "resume",
    "complete",
    "confirm",
    "follow_up",
    "close",
    "cancel",
]

# A valid path from ``new`` to each status, through the real service.
_TO_IN_PROGRESS = ["acknowledge", "assign", "depart", "arrive", "start"]
PATHS: dict[str, list[str]] = {
    "new": [],
    "acknowledged": ["acknowledge"],
    "assigned": ["acknowledge", "assign"],
    "en_route": ["acknowledge", "assign", "depart"],
    "on_site": ["acknowledge", "assign", "depart", "arrive"],
    "in_progress": _TO_IN_PROGRESS,
    "waiting": [*_TO_IN_PROGRESS, "wait"],
    "resolved": [*_TO_IN_PROGRESS, "complete"],
    "accepted": [*_TO_IN_PROGRESS, "complete", "confirm"],
    "followed_up": [*_TO_IN_PROGRESS, "complete", "confirm", "follow_up"],
    "closed": [*_TO_IN_PROGRESS, "complete", "confirm", "follow_up", "close"],
    "cancelled": ["cancel"],
}


def payload_for(
    action: str, *, engineer_id: int | None = None, accepted: bool = True
) -> dict[str, Any]:
    """A valid body for ``action``; ``engineer_id`` is who assign/reassign names."""
    return {
        "assign": {"engineer": engineer_id},
        "reassign": {"engineer": engineer_id, "reason": "工程师请假"},
        "wait": {"reason": "parts"},
        "complete": {
            "fault_cause": "电源板老化",
            "actions_taken": "更换电源板",
            "fault_code": "E01",
        },
        "confirm": {"accepted": accepted, "customer_opinion": "满意" if accepted else "仍有异响"},
        "follow_up": {"overall": 5, "speed": 4, "attitude": 5, "quality": 5, "comment": "好"},
        "cancel": {"reason": "客户已自行解决"},
    }.get(action, {})


def order_state(order_id: int) -> dict[str, Any]:
    """Everything a refused request must not change: the row, its events, the counters."""
    return {
        "row": ServiceOrder.objects.filter(pk=order_id).values().get(),
        "events": list(ServiceOrderEvent.objects.filter(order_id=order_id).values().order_by("id")),
        "numbers_issued": numbers_issued(day=timezone.localdate()),
    }


def write_counts() -> dict[str, Any]:
    """What a refused create must not change."""
    return {
        "orders": ServiceOrder.objects.count(),
        "events": ServiceOrderEvent.objects.count(),
        "numbers_issued": numbers_issued(day=timezone.localdate()),
    }


def shanghai(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=SHANGHAI)  # type: ignore[misc]


def parse_time(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value)
