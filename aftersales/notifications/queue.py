"""Handing outbox rows to the task queue (kept apart so that services and tasks do
not import each other). Callers inside a transaction use ``hand_over`` on commit."""

from __future__ import annotations

import datetime as dt
import logging

logger = logging.getLogger(__name__)

# How many rows one task delivers; a sweep after an outage hands over many at once.
CHUNK = 50


def deliver_later(ids: list[int], *, eta: dt.datetime | None = None) -> None:
    from aftersales.notifications.tasks import deliver_notifications

    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        if eta is None:
            deliver_notifications(chunk)
        else:
            deliver_notifications.schedule((chunk,), eta=eta)


def hand_over(ids: list[int], *, eta: dt.datetime | None = None) -> None:
    """Queue rows (the commit hook of fresh rows; retries). If the queue cannot take
    them (Redis down), the caller still succeeds — the rows are in the database, and
    the sweeper hands them over within a couple of minutes of being due."""
    try:
        deliver_later(ids, eta=eta)
    except Exception:
        logger.exception("could not queue notifications %s; the sweeper will", ids)
