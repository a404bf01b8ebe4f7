"""Background housekeeping on the task queue (OPS-2)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from aftersales.core.models import IdempotencyRecord


def idempotency_records_purge(*, now: dt.datetime | None = None) -> int:
    """Forget Idempotency-Keys older than their time to live; returns how many."""
    cutoff = (now or timezone.now()) - dt.timedelta(hours=settings.IDEMPOTENCY_TTL_HOURS)
    deleted, _ = IdempotencyRecord.objects.filter(created_at__lt=cutoff).delete()
    return deleted


@db_periodic_task(crontab(minute="17"))
def purge_idempotency_records() -> int:
    return idempotency_records_purge()
