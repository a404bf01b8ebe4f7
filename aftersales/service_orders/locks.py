"""Row locks for service orders (conventions B.3.7).

On PostgreSQL ``select_for_update`` holds the row until commit, so two people acting
on one order at once are serialised and the second sees the first's result. On SQLite
the ``IMMEDIATE`` transaction mode serialises writers instead.
"""

from __future__ import annotations

from django.db.models import QuerySet

from aftersales.service_orders.models import OrderNumberSequence, ServiceOrder


def service_order_lock_qs() -> QuerySet[ServiceOrder]:
    return ServiceOrder.objects.select_for_update(of=("self",)).order_by("pk")


def order_sequence_lock_qs() -> QuerySet[OrderNumberSequence]:
    return OrderNumberSequence.objects.select_for_update()
