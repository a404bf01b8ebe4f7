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
    if from_status != to_status:
        tally_add(region_id=region_id, status=from_status, delta=-1)
        tally_add(region_id=region_id, status=to_status, delta=1)


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
