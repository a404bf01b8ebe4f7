"""Row locks for stock balances (conventions B.3.7, INV-3).

A move first makes sure the balance rows it touches exist, then locks them **in primary
key order** (``select_for_update(of=("self",)).order_by("pk")``) so that two moves over
the same rows — a transfer A→B and one B→A — queue instead of deadlocking; the
quantities then change through conditional ``F()`` updates (``services._change``) whose
row count says whether the stock was there. On PostgreSQL the lock holds until commit;
on SQLite ``select_for_update`` does nothing and the ``IMMEDIATE`` transaction mode
serialises writers, and the conditional update alone keeps the counts right.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q

from aftersales.inventory.models import Stock

Key = tuple[int, int]  # (warehouse, part)


def lock_stock_rows(keys: Iterable[Key]) -> dict[Key, Stock]:
    """The balance rows of ``keys``, created empty if missing, locked in pk order."""
    wanted = sorted(set(keys))
    if not wanted:
        return {}
    Stock.objects.bulk_create(
        [Stock(warehouse_id=w, part_id=p) for w, p in wanted], ignore_conflicts=True
    )
    condition = Q(pk__in=[])
    for warehouse, part in wanted:
        condition |= Q(warehouse_id=warehouse, part_id=part)
    rows = Stock.objects.select_for_update(of=("self",)).filter(condition).order_by("pk")
    return {(row.warehouse_id, row.part_id): row for row in rows}
