"""Keep ``ServiceOrderTally`` in step with orders (called inside the services' transactions)."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Count, F

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
