"""Loaner reminders on the task queue (LOAN-2, OPS-2): every hour, at minute 7.

Idempotent (``reminders.loans_note_overdue`` notes each loan once), so a run that
repeats after a restart or overlaps another changes nothing more.
"""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from aftersales.loaners.reminders import loans_note_overdue


@db_periodic_task(crontab(minute="7"))
def note_overdue_loans() -> int:
    return loans_note_overdue()
