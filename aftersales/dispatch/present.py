"""The dispatch resources of the API."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from aftersales.dispatch.selectors import CandidateList
from aftersales.dispatch.services import BatchResult

SOLVER = "OR-Tools min-cost flow; bound: GLOP LP relaxation"


def _km(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def candidate_list_resource(found: CandidateList) -> dict[str, Any]:
    results = []
    for candidate in found.candidates:
        a = candidate.assessment
        results.append(
            {
                "engineer": a.engineer.id,
                "name": a.engineer.name,
                "region": a.engineer.region_id,
                "score": a.score,
                "reach": a.reach.value,
                "distance_km": _km(a.distance_km),
                "travel_minutes": a.travel_minutes,
                "open_orders": a.engineer.workload,
                "estimated_arrival": a.arrival,
                "late_minutes": a.late_minutes,
                "served_customer_before": a.engineer.served_before,
                "reasons": [asdict(r) for r in candidate.reasons],
            }
        )
    return {
        "order": found.order.pk,
        "at": found.at,
        "count": len(results),
        "results": results,
    }


def batch_resource(result: BatchResult) -> dict[str, Any]:
    return {
        "region": result.region_id,
        "dry_run": result.dry_run,
        "at": result.at,
        "orders": result.orders,
        "engineers": result.engineers,
        "assignments": [
            {
                "order": a.order_id,
                "number": a.number,
                "engineer": a.engineer_id,
                "engineer_name": a.engineer_name,
                "distance_km": _km(a.distance_km),
                "travel_minutes": a.travel_minutes,
                "estimated_arrival": a.estimated_arrival,
                "late_minutes": a.late_minutes,
            }
            for a in result.assignments
        ],
        "unassigned": [
            {"order": x.order_id, "number": x.number, "code": x.code, "reason": x.reason}
            for x in result.unassigned
        ],
        "objective": result.objective,
        "greedy_objective": result.greedy_objective,
        "bound": round(result.bound, 1),
        "late_minutes": result.late_minutes,
        "travel_minutes": result.travel_minutes,
        "solve_seconds": round(result.solve_seconds, 3),
        "bound_seconds": round(result.bound_seconds, 3),
        "solver": SOLVER,
    }
