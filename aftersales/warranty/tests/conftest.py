"""Fixtures for the three-guarantees tests: repair histories made through the real
order services (reported in the past, driven to a status today)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from aftersales.service_orders.models import ServiceOrder
from aftersales.service_orders.services import (
    service_order_record_exclusion,
    service_order_transition,
)
from aftersales.units.models import Unit

_TO_IN_PROGRESS = ["acknowledge", "assign", "depart", "arrive", "start"]
PATHS: dict[str, list[str]] = {
    "new": [],
    "acknowledged": ["acknowledge"],
    "in_progress": _TO_IN_PROGRESS,
    "waiting": [*_TO_IN_PROGRESS, "wait"],
    "resumed": [*_TO_IN_PROGRESS, "wait", "resume"],
    "resolved": [*_TO_IN_PROGRESS, "complete"],
    "rejected": [*_TO_IN_PROGRESS, "complete", "confirm"],
    "accepted": [*_TO_IN_PROGRESS, "complete", "confirm"],
    "closed": [*_TO_IN_PROGRESS, "complete", "confirm", "follow_up", "close"],
    "cancelled": ["cancel"],
}


def _payload(action: str, *, engineer_id: int, wait_reason: str, accepted: bool) -> dict[str, Any]:
    return {
        "assign": {"engineer": engineer_id},
        "wait": {"reason": wait_reason},
        "complete": {"fault_cause": "主板故障", "actions_taken": "更换主板"},
        "confirm": {"accepted": accepted, "customer_opinion": "满意" if accepted else "仍有故障"},
        "follow_up": {"overall": 5},
        "cancel": {"reason": "客户撤回"},
    }.get(action, {})


@pytest.fixture
def boss(make_staff):
    return make_staff("admin")


@pytest.fixture
def engineer(make_staff, regions, product_line):
    return make_staff("engineer", region=regions["shanghai"])


def _qualify(engineer, line) -> None:
    """Give the engineer the skill and a certificate for ``line`` (DSP-1, TRN-2) if they
    lack them, as units of other product lines are repaired here too."""
    from aftersales.training.models import Certificate

    if not engineer.skills.filter(pk=line.pk).exists():
        engineer.skills.add(line)
        Certificate.objects.create(
            holder=engineer,
            product_line=line,
            number=f"T-{engineer.pk}-{line.pk}",
            valid_until=timezone.localdate() + dt.timedelta(days=365),
        )


@pytest.fixture
def repair(make_order, boss, engineer):
    """``repair(unit, reported_days_ago, status, *, kind, wait_reason, exclusion)``: an
    order of the unit reported that many days ago, driven to ``status`` today."""

    def make(
        unit: Unit,
        reported_days_ago: int,
        status: str = "closed",
        *,
        kind: str = "repair",
        wait_reason: str = "parts",
        exclusion: str | None = None,
    ) -> ServiceOrder:
        order = make_order(
            unit.customer,
            unit,
            kind=kind,
            reported_at=timezone.now() - dt.timedelta(days=reported_days_ago),
        )
        _qualify(engineer, unit.product_model.product_line)
        if exclusion is not None:
            service_order_record_exclusion(
                actor=boss, order_id=order.pk, reason=exclusion, note="检查发现"
            )
        for action in PATHS[status]:
            service_order_transition(
                actor=boss,
                order_id=order.pk,
                action=action,
                payload=_payload(
                    action,
                    engineer_id=engineer.pk,
                    wait_reason=wait_reason,
                    accepted=status != "rejected",
                ),
            )
        order.refresh_from_db()
        return order

    return make
