"""Keep ``ServiceOrderTally`` in step with orders (called inside the services' transactions),
and read it for list counts."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.db.models import Count, F

from aftersales.core.process_cache import ProcessCache
from aftersales.service_orders.models import ServiceOrder, ServiceOrderTally


def tally_add(*, region_id: int, status: str, delta: int) -> None:
    rows = ServiceOrderTally.objects.filter(region_id=region_id, status=status)
    if rows.update(count=F("count") + delta):
        return
    try:
        with transaction.atomic():
            ServiceOrderTally.objects.create(region_id=region_id, status=status, count=delta)
    except IntegrityError:  # created meanwhile by a concurrent transaction
        rows.update(count=F("count") + delta)


def tally_move(*, region_id: int, from_status: str, to_status: str) -> None:
    """Move one order between two statuses of a region's tally.

    Both rows are locked first, in status order, so that two transactions moving
    orders in opposite directions (wait / resume) cannot deadlock (conventions B.3.5).
    """
    if from_status == to_status:
        return
    statuses = sorted({from_status, to_status})
    rows = ServiceOrderTally.objects.filter(region_id=region_id, status__in=statuses)
    if len(list(rows.select_for_update().order_by("status"))) < len(statuses):
        ServiceOrderTally.objects.bulk_create(
            [ServiceOrderTally(region_id=region_id, status=s, count=0) for s in statuses],
            ignore_conflicts=True,
        )
        list(rows.select_for_update().order_by("status"))
    rows.filter(status=from_status).update(count=F("count") - 1)
    rows.filter(status=to_status).update(count=F("count") + 1)


@transaction.atomic
def tallies_rebuild() -> int:
    """Recount from the orders themselves (after bulk imports); returns the rows written."""
    ServiceOrderTally.objects.all().delete()
    counts = ServiceOrder.objects.order_by().values("region_id", "status").annotate(n=Count("id"))
    rows = [
        ServiceOrderTally(region_id=c["region_id"], status=c["status"], count=c["n"])
        for c in counts
    ]
    ServiceOrderTally.objects.bulk_create(rows)
    return len(rows)


# The whole tally table is a few hundred rows (regions × statuses). A process keeps a copy
# for ORDER_COUNT_CACHE_SECONDS (0 = read it for every count), so a list's ``count`` may
# lag the orders by that long; the rows of the page itself are always current.


def _read_tallies() -> dict[tuple[int, str], int]:
    return {
        (region_id, status): count
        for region_id, status, count in ServiceOrderTally.objects.values_list(
            "region_id", "status", "count"
        )
    }


_snapshot = ProcessCache(_read_tallies, "ORDER_COUNT_CACHE_SECONDS")


def tally_snapshot() -> dict[tuple[int, str], int]:
    """(region id, status) → orders, at most ORDER_COUNT_CACHE_SECONDS old."""
    return _snapshot.get()


def tally_sum(
    *,
    region_ids: Iterable[int] | None = None,
    region: int | None = None,
    statuses: Iterable[str] | None = None,
) -> int:
    """Orders in ``region_ids`` (None = all regions), one ``region`` and ``statuses``."""
    regions = None if region_ids is None else set(region_ids)
    wanted = None if not statuses else set(statuses)
    return sum(
        count
        for (region_id, status), count in tally_snapshot().items()
        if (regions is None or region_id in regions)
        and (not region or region_id == region)
        and (wanted is None or status in wanted)
    )
