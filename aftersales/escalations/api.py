"""Escalations over HTTP (SLA-4): the steps of the ladder reached by the orders the
caller may see — a regional manager's list of what needs attention."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from aftersales.api.auth import actor
from aftersales.api.pagination import PageParams, page_response, paginate
from aftersales.escalations import schemas as s
from aftersales.escalations.models import Escalation
from aftersales.escalations.selectors import escalation_list

router = Router()


def _resource(e: Escalation) -> dict[str, Any]:
    return {
        "id": e.pk,
        "order": e.order_id,
        "order_number": e.order.number,
        "order_status": e.order.status,
        "target": e.target,
        "level": e.level,
        "due_at": e.due_at,
        "elapsed_fraction": e.elapsed_fraction,
        "escalated_at": e.escalated_at,
    }


@router.get(
    "",
    response=s.EscalationListOut,
    summary="Escalations (SLA-4)",
    description="Each step of the ladder an order's target reached, newest first: `warn` "
    "(80 % of the span used, the assignee told), `manager` (breached, the region's "
    "manager told), `director` (breached by the span again). Filter by `order` (404 when "
    "not visible), `level`, `target`.",
)
def escalation_list_api(
    request: HttpRequest,
    page: Query[PageParams],
    order: int | None = None,
    level: s.Level | None = None,
    target: s.Target | None = None,
) -> dict[str, object]:
    qs = escalation_list(user=actor(request), order_id=order, level=level, target=target)
    count, rows = paginate(qs, page)
    return page_response(count, [_resource(e) for e in rows])
