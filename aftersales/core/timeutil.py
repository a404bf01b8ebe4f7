"""Calendar arithmetic shared by the rules (WAR-2, TG-1) and time helpers."""

from __future__ import annotations

import calendar
import datetime as dt

from django.utils import timezone


def add_months(start: dt.date, months: int) -> dt.date:
    """``start + months``, falling back to the month's last day when the day is missing.

    2024-01-31 + 1 month → 2024-02-29; 2023-01-31 + 1 month → 2023-02-28.
    """
    if months < 0:
        raise ValueError("months must be >= 0")
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return dt.date(year, month, day)


def period_end(start: dt.date, months: int) -> dt.date | None:
    """Last covered day of an n-month period starting on ``start`` (WAR-2).

    The period covers ``start`` up to and including ``start + n months − 1 day``.
    A period of 0 months covers nothing: ``None``.
    """
    if months <= 0:
        return None
    return add_months(start, months) - dt.timedelta(days=1)


def local_today() -> dt.date:
    return timezone.localdate()


def now() -> dt.datetime:
    return timezone.now()
