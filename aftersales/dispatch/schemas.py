from __future__ import annotations

import datetime as dt

from ninja import Schema
from pydantic import Field

from aftersales.api.schema import InSchema


class ReasonOut(Schema):
    code: str = Field(
        ..., description="skill, certificate, region, on_site, distance, workload, continuity"
    )
    text: str = Field(..., description="human-readable, in the request's language")
    points: float = Field(..., description="what this reason adds to the score")


class CandidateOut(Schema):
    engineer: int
    name: str
    region: int | None
    score: float
    reach: str = Field(..., description="region (in or over the order's region) or near")
    distance_km: float | None
    travel_minutes: int
    open_orders: int
    estimated_arrival: dt.datetime
    late_minutes: int = Field(..., description="estimated minutes late for the on-site target")
    served_customer_before: int
    reasons: list[ReasonOut]


class CandidateListOut(Schema):
    order: int
    at: dt.datetime
    count: int
    results: list[CandidateOut]


class BatchDispatchIn(InSchema):
    region: int = Field(..., description="region id: its subtree's acknowledged orders")
    dry_run: bool = Field(False, description="plan only: write nothing")
    max_open_orders: int = Field(
        6, description="an engineer ends with at most this many open orders (1–50)"
    )


class BatchAssignmentOut(Schema):
    order: int
    number: str
    engineer: int
    engineer_name: str
    distance_km: float | None
    travel_minutes: int
    estimated_arrival: dt.datetime
    late_minutes: int


class BatchLeftOverOut(Schema):
    order: int
    number: str
    code: str = Field(..., description="no_candidate, no_capacity or conflict")
    reason: str


class BatchDispatchOut(Schema):
    region: int
    dry_run: bool
    at: dt.datetime
    orders: int = Field(..., description="acknowledged unassigned orders considered")
    engineers: int = Field(..., description="engineers considered")
    assignments: list[BatchAssignmentOut] = Field(..., description="made, or proposed when dry")
    unassigned: list[BatchLeftOverOut]
    objective: int = Field(
        ..., description="weighted minutes: 2 × late + travel + 100000 per order left over"
    )
    greedy_objective: int = Field(..., description="the same for a greedy plan")
    bound: float = Field(..., description="LP-relaxation lower bound on any plan")
    late_minutes: int
    travel_minutes: int
    solve_seconds: float
    bound_seconds: float
    solver: str
