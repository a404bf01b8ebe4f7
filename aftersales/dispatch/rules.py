"""Who may take an order (DSP-1) and how well they fit it (DSP-2), as plain functions.

The selectors gather ``OrderFacts`` and ``EngineerFacts``; ``rank`` keeps the eligible
engineers and scores them. The numbers are explained in docs/subsystems/dispatch.md:

* travel: ``organisation.geo`` — the same estimate as the SLA at-risk prediction;
* arrival: now + ``SERVICE_MINUTES`` (a job: ``geo.HOP`` + ``geo.SERVICE``) for each open
  order the engineer already has + travel; minutes late = arrival − on-site target, if
  positive;
* cost (shared with batch dispatch): ``LATE_WEIGHT`` × minutes late + ``TRAVEL_WEIGHT`` ×
  travel minutes;
* score = ``BASE_SCORE`` − cost / ``COST_MINUTES_PER_POINT`` − ``WORKLOAD_POINTS`` × open
  orders + ``CONTINUITY_POINTS`` if the engineer has served the customer before.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from aftersales.organisation.geo import JOB, MINUTE, Point, parent_path, travel_minutes
from aftersales.organisation.geo import distance_km as point_distance_km

SERVICE_MINUTES = JOB // MINUTE  # each open order ahead: the drive to it and the work

LATE_WEIGHT = 2  # a minute late for the on-site target costs two minutes of travel
TRAVEL_WEIGHT = 1
BASE_SCORE = 100
COST_MINUTES_PER_POINT = 6  # 10 points per hour of travel, 20 per hour late
WORKLOAD_POINTS = 5  # per open order
CONTINUITY_POINTS = 10  # has served this customer before


class Reach(StrEnum):
    REGION = "region"  # the engineer's region is the order's, inside it, or contains it
    NEAR = "near"  # a neighbouring region: under the same parent area


def reach(*, order_region: str, engineer_region: str | None) -> Reach | None:
    """Whether an engineer of ``engineer_region`` serves an order of ``order_region``.

    "Near" is the order region's parent area (华东 for 上海): an engineer of 杭州 may
    take an order of 上海. A top-level region has no neighbours. An engineer without a
    region serves no region (assign them by hand)."""
    if not engineer_region:
        return None
    if engineer_region.startswith(order_region) or order_region.startswith(engineer_region):
        return Reach.REGION
    parent = parent_path(order_region)
    if parent is not None and engineer_region.startswith(parent):
        return Reach.NEAR
    return None


@dataclass(frozen=True)
class Certification:
    number: str
    valid_until: dt.date

    def valid_on(self, day: dt.date) -> bool:
        return day <= self.valid_until  # inclusive: the expiry day still counts


@dataclass(frozen=True)
class EngineerFacts:
    id: int
    name: str
    region_path: str | None
    region_name: str = ""
    region_id: int | None = None
    active: bool = True
    on_shift: bool = True
    skills: frozenset[int] = frozenset()  # product line ids
    certificates: Mapping[int, Certification] = field(default_factory=dict)  # by line
    location: Point | None = None
    location_source: str = ""  # base | network_point | region: where the location is from
    location_name: str = ""  # the network point's or region's name
    workload: int = 0  # open orders assigned to them
    served_before: int = 0  # earlier orders of this customer they were assigned


@dataclass(frozen=True)
class OrderFacts:
    id: int
    region_path: str
    product_line_id: int | None  # None: the order has no unit
    location: Point | None = None
    on_site_by: dt.datetime | None = None
    region_name: str = ""
    product_line_name: str = ""


class Refusal(StrEnum):
    INACTIVE = "inactive"
    OFF_SHIFT = "off_shift"
    REGION = "region"
    SKILL = "skill"
    CERTIFICATE = "certificate"


def refusals(order: OrderFacts, engineer: EngineerFacts, *, on: dt.date) -> list[Refusal]:
    """Why the engineer may not take the order (DSP-1); empty when they may. An order
    without a unit has no product line: skill and certificate are not checked."""
    found: list[Refusal] = []
    if not engineer.active:
        found.append(Refusal.INACTIVE)
    if not engineer.on_shift:
        found.append(Refusal.OFF_SHIFT)
    if reach(order_region=order.region_path, engineer_region=engineer.region_path) is None:
        found.append(Refusal.REGION)
    if order.product_line_id is not None:
        if order.product_line_id not in engineer.skills:
            found.append(Refusal.SKILL)
        certificate = engineer.certificates.get(order.product_line_id)
        if certificate is None or not certificate.valid_on(on):
            found.append(Refusal.CERTIFICATE)
    return found


def distance_km(order: OrderFacts, engineer: EngineerFacts) -> float | None:
    return point_distance_km(engineer.location, order.location)


def minutes_until(now: dt.datetime, moment: dt.datetime | None) -> int | None:
    """Whole minutes from ``now`` to ``moment`` (rounded down; negative when past)."""
    if moment is None:
        return None
    return math.floor((moment - now).total_seconds() / 60)


def minutes_late(*, due_in: int | None, arrival_in: int) -> int:
    return 0 if due_in is None else max(0, arrival_in - due_in)


def pair_cost(*, late: int, travel: int) -> int:
    return LATE_WEIGHT * late + TRAVEL_WEIGHT * travel


@dataclass(frozen=True)
class Assessment:
    engineer: EngineerFacts
    reach: Reach
    distance_km: float | None
    travel_minutes: int
    arrival_in: int  # minutes from now to the estimated arrival
    arrival: dt.datetime
    due_in: int | None  # minutes from now to the on-site target
    late_minutes: int
    score: float
    points: dict[str, float]  # each part's contribution to the score


def assess(order: OrderFacts, engineer: EngineerFacts, *, now: dt.datetime) -> Assessment:
    """Score an engineer for an order; call only for an eligible pair."""
    where = reach(order_region=order.region_path, engineer_region=engineer.region_path)
    assert where is not None
    km = distance_km(order, engineer)
    travel = travel_minutes(km)
    arrival_in = engineer.workload * SERVICE_MINUTES + travel
    due_in = minutes_until(now, order.on_site_by)
    late = minutes_late(due_in=due_in, arrival_in=arrival_in)
    points = {
        "on_site": -LATE_WEIGHT * late / COST_MINUTES_PER_POINT,
        "distance": -TRAVEL_WEIGHT * travel / COST_MINUTES_PER_POINT,
        "workload": float(-WORKLOAD_POINTS * engineer.workload),
        "continuity": float(CONTINUITY_POINTS if engineer.served_before > 0 else 0),
    }
    return Assessment(
        engineer=engineer,
        reach=where,
        distance_km=km,
        travel_minutes=travel,
        arrival_in=arrival_in,
        arrival=now + dt.timedelta(minutes=arrival_in),
        due_in=due_in,
        late_minutes=late,
        score=round(BASE_SCORE + sum(points.values()), 1),
        points={k: round(v, 1) for k, v in points.items()},
    )


def rank(
    order: OrderFacts, engineers: Iterable[EngineerFacts], *, now: dt.datetime, on: dt.date
) -> list[Assessment]:
    """The eligible engineers, best first: score, then shorter travel, then id."""
    assessed = [assess(order, e, now=now) for e in engineers if not refusals(order, e, on=on)]
    return sorted(assessed, key=lambda a: (-a.score, a.travel_minutes, a.engineer.id))
