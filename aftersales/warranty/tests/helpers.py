"""Plain helpers of the three-guarantees tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from aftersales.service_orders.models import ServiceOrder, ServiceOrderEvent
from aftersales.units.models import Unit
from aftersales.warranty.models import ThreeGuaranteesSettlement


def today() -> dt.date:
    return timezone.localdate()


def days_ago(n: int) -> dt.date:
    return today() - dt.timedelta(days=n)


def written() -> dict[str, Any]:
    """What a refused settlement must not change."""
    return {
        "units": list(Unit.objects.values().order_by("pk")),
        "settlements": ThreeGuaranteesSettlement.objects.count(),
        "orders": list(ServiceOrder.objects.values("pk", "status", "updated_at").order_by("pk")),
        "events": ServiceOrderEvent.objects.count(),
    }


def assert_refused(response, status: int, field: str | None = None) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert isinstance(body["detail"], str)
    assert body["detail"]
    assert isinstance(body["errors"], dict)
    assert "code" in body
    if field is not None:
        assert field in body["errors"], body
    return body
