"""Chasing loaners that should be back (LOAN-2): the first time the job finds a loan
overdue it writes a ``loaner`` / ``overdue`` timeline event, which notifies the region's
managers and the order's engineer (aftersales.notifications). Once per loan — the
``overdue_noted_at`` stamp is set by a conditional update, so overlapping or repeated
runs (after a worker restart) note it once.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from aftersales.loaners import events
from aftersales.loaners.models import Loan
from aftersales.loaners.selectors import loan_overdue_reason, overdue_loans


def loans_note_overdue(*, now: dt.datetime | None = None) -> int:
    """Note every overdue loan not noted yet; returns how many were noted now."""
    now = now or timezone.now()
    noted = 0
    for loan in overdue_loans(now=now).filter(overdue_noted_at__isnull=True):
        reason = loan_overdue_reason(loan, now=now)
        if reason is None:
            continue
        with transaction.atomic():
            claimed = Loan.objects.filter(
                pk=loan.pk, overdue_noted_at__isnull=True, returned_at__isnull=True
            ).update(overdue_noted_at=now)
            if claimed != 1:
                continue  # returned meanwhile, or another run noted it
            events.loaner_overdue_event(loan=loan, at=now, reason=str(reason))
            noted += 1
    return noted
