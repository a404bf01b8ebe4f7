"""Background work of the SLA clocks (OPS-2): the breach sweep of SLA-3."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from aftersales.sla.services import sla_record_overdue_breaches


@db_periodic_task(crontab(minute="*"))
def record_overdue_breaches() -> int:
    """Every minute: store the breach of every open target past its deadline. Running
    twice, or late, stores each breach once (at its deadline, whenever it runs)."""
    return sla_record_overdue_breaches()
