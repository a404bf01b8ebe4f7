"""Row locks of the loaner pool (conventions B.3.7). Lending a unit needs no lock of
the unit: ``loaner_issue`` takes it with a conditional ``UPDATE`` (works on SQLite and
PostgreSQL alike); a return locks the loan so that two returns of it are serialised."""

from __future__ import annotations

from django.db.models import QuerySet

from aftersales.loaners.models import Loan


def loan_lock_qs() -> QuerySet[Loan]:
    return Loan.objects.select_for_update(of=("self",)).order_by("pk")
