"""Where things are and how long it takes to get there: the one travel estimate that
dispatch (DSP-2 ranking, DSP-4 batch plans) and the SLA at-risk prediction (SLA-3) share.

There is no live location and customers have no coordinates, so the estimate uses what
the records hold (docs/subsystems/dispatch.md, "Travel"):

* distance — great-circle (haversine) distance between two points;
* travel — distance × ``ROAD_FACTOR`` for roads at ``SPEED_KMH`` door to door, rounded up
  to the minute; ``UNKNOWN_TRAVEL`` when either end has no coordinates (assume a long
  trip rather than a short one: an unknown location must not look attractive);
* a job — ``HOP`` (the drive to it) + ``SERVICE`` (time on site): what each order ahead in
  an engineer's queue costs them.

Pure functions only; ``organisation.places`` reads the points from the database.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

EARTH_RADIUS_KM = 6371.0088
ROAD_FACTOR = 1.3  # roads are longer than the straight line
SPEED_KMH = 30  # average door-to-door speed in town
UNKNOWN_TRAVEL = dt.timedelta(minutes=120)  # a location is missing: assume a long trip
HOP = dt.timedelta(minutes=30)  # the drive to each job ahead in the queue
SERVICE = dt.timedelta(minutes=90)  # time on site per job
JOB = HOP + SERVICE
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


def distance_km(a: Point | None, b: Point | None) -> float | None:
    """The distance between two points, None when either is unknown."""
    if a is None or b is None:
        return None
    return haversine_km(a, b)


def travel_time(distance: float | None) -> dt.timedelta:
    """Door-to-door time for a straight-line distance, rounded up to the minute."""
    if distance is None:
        return UNKNOWN_TRAVEL
    minutes = math.ceil(distance * ROAD_FACTOR / SPEED_KMH * 60)
    return max(minutes, 0) * MINUTE


def travel_minutes(distance: float | None) -> int:
    return travel_time(distance) // MINUTE


def centroid(points: Iterable[Point]) -> Point | None:
    """The mean position of nearby points (regions are small: plain means are fine)."""
    pts = list(points)
    if not pts:
        return None
    return Point(sum(p.latitude for p in pts) / len(pts), sum(p.longitude for p in pts) / len(pts))


# Region paths are materialised ("/1/5/9/": 9 under 5 under 1).
def ancestor_paths(path: str) -> list[str]:
    """The path itself and every ancestor's, root first."""
    ids = [part for part in path.strip("/").split("/") if part]
    return ["/" + "/".join(ids[: i + 1]) + "/" for i in range(len(ids))]


def parent_path(path: str) -> str | None:
    ancestors = ancestor_paths(path)
    return ancestors[-2] if len(ancestors) > 1 else None
