"""Order numbers (SO-4): ``SO`` + local date + 5-digit daily sequence, e.g.
``SO2026112900001``. Unique under concurrent creation: the day's counter row is bumped
with an UPDATE, which holds its row lock until commit; a new day's row is created once,
and a racing creator falls back to the UPDATE."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import F

from aftersales.service_orders.models import OrderNumberSequence


def format_number(day: dt.date, sequence: int) -> str:
    return f"SO{day:%Y%m%d}{sequence:05d}"


def next_order_number(*, day: dt.date) -> str:
    """Call inside the creating transaction, as late as possible (the row stays locked)."""
    counters = OrderNumberSequence.objects.filter(day=day)
    if not counters.update(last=F("last") + 1):
        try:
            with transaction.atomic():
                OrderNumberSequence.objects.create(day=day, last=1)
            return format_number(day, 1)
        except IntegrityError:
            counters.update(last=F("last") + 1)
    return format_number(day, counters.values_list("last", flat=True).get())
