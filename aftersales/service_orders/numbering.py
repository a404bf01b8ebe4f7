"""Order numbers (SO-4): ``SO`` + local date + 5-digit daily sequence, e.g.
``SO2026112900001``. Unique under concurrent creation: the day's counter row is bumped
with an UPDATE, which holds its row lock until commit; a new day's row is created once,
and a racing creator falls back to the UPDATE."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, connection, transaction

from aftersales.service_orders.models import OrderNumberSequence


def format_number(day: dt.date, sequence: int) -> str:
    return f"SO{day:%Y%m%d}{sequence:05d}"


def _bump(day: dt.date) -> int | None:
    """Add one to the day's counter and return it, in one statement (UPDATE … RETURNING,
    on PostgreSQL and on SQLite ≥ 3.35); ``None`` when the day has no row yet."""
    table = OrderNumberSequence._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET last = last + 1 WHERE day = %s RETURNING last",
            [day],
        )
        row = cursor.fetchone()
    return int(row[0]) if row else None


def next_order_number(*, day: dt.date) -> str:
    """Call inside the creating transaction, as late as possible (the row stays locked)."""
    sequence = _bump(day)
    if sequence is None:
        try:
            with transaction.atomic():
                OrderNumberSequence.objects.create(day=day, last=1)
            return format_number(day, 1)
        except IntegrityError:  # another transaction created the day's row first
            sequence = _bump(day)
            assert sequence is not None
    return format_number(day, sequence)
