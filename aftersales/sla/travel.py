"""When will the assigned engineer be on site? (SLA-3 at-risk prediction), pure.

* **travel** — ``organisation.geo``: the one estimate dispatch uses too, from where the
  engineer sets out (``Places.engineer_origin``) to where the order is
  (``Places.region_location``);
* **queue** — the engineer's other open jobs that come first: one being worked on now
  (its remaining ``SERVICE`` time), one being driven to, and those assigned with an
  earlier on-site deadline (each ``HOP`` + ``SERVICE``). Orders waiting (for parts, the
  customer) do not hold the engineer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from aftersales.organisation.geo import HOP, SERVICE, Point, distance_km, travel_time


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
    km = distance_km(engineer_at, customer_at)
    distance = round(km, 1) if km is not None else None
    travel = travel_time(distance)
    if status == "en_route":  # on the way here: the queue no longer matters
        start = departed_at or now
        return Prediction(max(now, start + travel), distance, travel, 0, dt.timedelta(0))
    count, queue = queue_ahead(jobs, order_id=order_id, on_site_by=on_site_by, now=now)
    return Prediction(now + queue + travel, distance, travel, count, queue)
