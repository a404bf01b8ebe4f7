"""Dispatch endpoints: an order's candidates (DSP-1, DSP-2) and batch dispatch (DSP-4)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from aftersales.api.auth import actor
from aftersales.dispatch.present import batch_resource, candidate_list_resource
from aftersales.dispatch.schemas import BatchDispatchIn, BatchDispatchOut, CandidateListOut
from aftersales.dispatch.selectors import service_order_candidates
from aftersales.dispatch.services import dispatch_batch

# Mounted at /service-orders beside the orders' own router.
candidates_router = Router()
router = Router()


@candidates_router.get(
    "/{order_id}/candidates",
    response=CandidateListOut,
    summary="Engineers who may take the order, ranked, each with score and reasons",
    description="Active, on-shift engineers with the skill and a certificate valid today "
    "(expiry day inclusive) for the order's product line, working in or next to the "
    "order's region; best score first. 409 once the order is past dispatch "
    "(en route or later). See docs/subsystems/dispatch.md for the score.",
)
def candidate_list_api(request: HttpRequest, order_id: int) -> dict[str, Any]:
    return candidate_list_resource(service_order_candidates(user=actor(request), order_id=order_id))


@router.post(
    "/batch",
    response=BatchDispatchOut,
    summary="Batch dispatch: assign a region's acknowledged orders at once (DSP-4)",
    description="Plans with a min-cost flow (minimising 2 × minutes late for the on-site "
    "target + minutes of travel, within each engineer's open-order limit) and makes each "
    "assignment through the normal assign step, in one transaction; `dry_run` only plans. "
    "Reports the objective, a greedy plan's objective and the LP lower bound.",
)
def batch_dispatch_api(request: HttpRequest, data: BatchDispatchIn) -> dict[str, Any]:
    return batch_resource(
        dispatch_batch(
            actor=actor(request),
            region_id=data.region,
            dry_run=data.dry_run,
            max_open_orders=data.max_open_orders,
        )
    )
