"""When a loan is overdue (LOAN-2): a pure rule over the loan's facts, so that the
lists (``selectors.overdue_q`` says the same in SQL) and the pages agree on it and can
say *why* a loaner should be back.

A loan still out is overdue when

* its order was cancelled — there is no repair to wait for;
* the repair was accepted (``accepted_at``) more than the grace period ago — the
  customer has their own unit back; or
* the day it was promised back (``expected_back``) has passed.

The first that applies is the reason given. A rejected confirmation does not stamp
``accepted_at``, so it starts no grace period.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from django.utils import timezone


class OverdueReason(StrEnum):
    ORDER_CANCELLED = "order_cancelled"
    REPAIR_ACCEPTED = "repair_accepted"
    EXPECTED_BACK_PASSED = "expected_back_passed"


@dataclass(frozen=True)
class LoanFacts:
    returned: bool
    expected_back: dt.date | None
    order_status: str
    accepted_at: dt.datetime | None


def overdue_reason(
    facts: LoanFacts, *, now: dt.datetime, grace: dt.timedelta
) -> OverdueReason | None:
    """Why the loan should be back by ``now``, or ``None`` when it is not overdue."""
    if facts.returned:
        return None
    if facts.order_status == "cancelled":
        return OverdueReason.ORDER_CANCELLED
    if facts.accepted_at is not None and facts.accepted_at < now - grace:
        return OverdueReason.REPAIR_ACCEPTED
    if facts.expected_back is not None and facts.expected_back < timezone.localdate(now):
        return OverdueReason.EXPECTED_BACK_PASSED
    return None
