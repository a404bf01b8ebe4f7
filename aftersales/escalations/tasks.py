"""The escalation ladder on the task queue (SLA-4..6, OPS-2): every minute.

The job is idempotent (unique rows, see services), so a run that overlaps another,
repeats after a restart, or comes late after an outage records each step once. No
Huey ``lock_task``: a lock left behind by a killed worker would stop every later run.
"""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from aftersales.escalations.services import escalations_run


@db_periodic_task(crontab(minute="*"))
def run_escalations() -> dict[str, int]:
    run = escalations_run()
    return {
        "escalations": len(run.escalations),
        "compensations": len(run.compensations),
        "loaners": len(run.loaners),
    }
