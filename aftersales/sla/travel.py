"""When will the assigned engineer be on site? (SLA-3 at-risk prediction), pure.

There is no live location and customers have no coordinates, so the estimate uses what
the records hold (docs/subsystems/sla.md):

* **travel** — the straight-line (haversine) distance from the engineer's network point
  to the nearest network point of the order's region (or its closest ancestor with
  one), times ``ROAD_FACTOR`` for roads, at ``ROAD_SPEED_KMH``; ``UNKNOWN_TRAVEL`` when
  either end has no coordinates;
* **queue** — the engineer's other open jobs that come first: one being worked on now
  (its remaining ``SERVICE`` time), one being driven to, and those assigned with an
  earlier on-site deadline (each ``HOP`` + ``SERVICE``). Orders waiting (for parts, the
  customer) do not hold the engineer.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

EARTH_RADIUS_KM = 6371.0088
ROAD_FACTOR = 1.3  # roads are longer than the straight line
ROAD_SPEED_KMH = 30  # average door-to-door speed in town
UNKNOWN_TRAVEL = dt.timedelta(minutes=60)  # a location is missing
HOP = dt.timedelta(minutes=30)  # travel to each job ahead in the queue
SERVICE = dt.timedelta(minutes=90)  # time on site per job
MINUTE = dt.timedelta(minutes=1)

Coordinate = Decimal | float


@dataclass(frozen=True)
class Point:
    latitude: float
    longitude: float

    @classmethod
    def of(cls, latitude: Coordinate | None, longitude: Coordinate | None) -> Point | None:
        if latitude is None or longitude is None:
            return None
        return cls(float(latitude), float(longitude))


def haversine_km(a: Point, b: Point) -> float:
    lat1, lat2 = math.radians(a.latitude), math.radians(b.latitude)
    dlat = lat2 - lat1
    dlon = math.radians(b.longitude - a.longitude)
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def travel_time(distance_km: float | None) -> dt.timedelta:
    """Door-to-door time for a straight-line distance, rounded up to the minute."""
    if distance_km is None:
        return UNKNOWN_TRAVEL
    minutes = math.ceil(distance_km * ROAD_FACTOR / ROAD_SPEED_KMH * 60)
    return max(minutes, 0) * MINUTE


@dataclass(frozen=True)
class Job:
    """One of the engineer's other open orders, as the queue needs it."""

    order_id: int
    status: str
    on_site_by: dt.datetime | None
    departed_at: dt.datetime | None
    on_site_since: dt.datetime | None  # arrived (or started, for a remote fix)


def _sort_key(on_site_by: dt.datetime | None, order_id: int) -> tuple[int, dt.datetime, int]:
    # Earliest on-site deadline first; orders without one after those with one.
    if on_site_by is None:
        return (1, dt.datetime.max.replace(tzinfo=dt.UTC), order_id)
    return (0, on_site_by, order_id)


def queue_ahead(
    jobs: Iterable[Job], *, order_id: int, on_site_by: dt.datetime | None, now: dt.datetime
) -> tuple[int, dt.timedelta]:
    """How many jobs come before this order, and the engineer's time on them from now."""
    mine = _sort_key(on_site_by, order_id)
    count, total = 0, dt.timedelta(0)
    for job in jobs:
        if job.order_id == order_id:
            continue
        if job.status in ("on_site", "in_progress"):
            since = job.on_site_since or now
            left = SERVICE - max(now - since, dt.timedelta(0))
        elif job.status == "en_route":
            since = job.departed_at or now
            left = HOP + SERVICE - max(now - since, dt.timedelta(0))
        elif job.status == "assigned" and _sort_key(job.on_site_by, job.order_id) < mine:
            left = HOP + SERVICE
        else:
            continue
        count += 1
        total += max(left, dt.timedelta(0))
    return count, total


@dataclass(frozen=True)
class Prediction:
    on_site_at: dt.datetime
    distance_km: float | None
    travel: dt.timedelta
    jobs_ahead: int
    queue: dt.timedelta


def predict_on_site(
    *,
    order_id: int,
    status: str,
    on_site_by: dt.datetime | None,
    departed_at: dt.datetime | None,
    engineer_at: Point | None,
    customer_at: Point | None,
    jobs: Iterable[Job],
    now: dt.datetime,
) -> Prediction | None:
    """The predicted arrival of an order ``assigned`` or ``en_route``; None otherwise.

    An estimate to the minute: ``now`` counts from the start of its minute, so that the
    prediction does not change from one read to the next within that minute."""
    if status not in ("assigned", "en_route"):
        return None
    now = now.replace(second=0, microsecond=0)
    distance = (
        round(haversine_km(engineer_at, customer_at), 1)
        if engineer_at is not None and customer_at is not None
        else None
    )
    travel = travel_time(distance)
    if status == "en_route":  # on the way here: the queue no longer matters
        start = departed_at or now
        return Prediction(max(now, start + travel), distance, travel, 0, dt.timedelta(0))
    count, queue = queue_ahead(jobs, order_id=order_id, on_site_by=on_site_by, now=now)
    return Prediction(now + queue + travel, distance, travel, count, queue)
