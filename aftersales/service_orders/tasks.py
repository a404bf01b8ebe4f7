"""Background housekeeping for service orders (OPS-2)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from aftersales.service_orders.numbering import drop_old_sequences

# Keep a few past days' number sequences: an intake that started just before midnight
# still numbers with its own day.
KEEP_SEQUENCE_DAYS = 3


@db_periodic_task(crontab(hour="3", minute="41"))
def drop_old_number_sequences() -> list[str]:
    return drop_old_sequences(before=timezone.localdate() - dt.timedelta(days=KEEP_SEQUENCE_DAYS))
