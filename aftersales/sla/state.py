"""The state of each SLA target of an order (SLA-3): met / at_risk / breached / pending.

With the target's ``term`` known, "80 % elapsed" is measured on its own clock from the
(pause-shifted) deadline back (``clock.elapsed_fraction``): exact for working-calendar
targets and after pauses. Without it (orders taken before terms were kept), it is the
wall-clock share of ``due - start``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from fractions import Fraction

from aftersales.sla.clock import WARN_AT, Term, elapsed_fraction

AT_RISK_FRACTION: Fraction = WARN_AT  # SLA-4: 80 % elapsed → at risk (exact, no floats)


@dataclass(frozen=True)
class TargetState:
    due: dt.datetime | None
    done_at: dt.datetime | None
    state: str  # "met" | "breached" | "at_risk" | "pending" | "none"


def target_state(
    *,
    start: dt.datetime,
    due: dt.datetime | None,
    done_at: dt.datetime | None,
    now: dt.datetime,
    cancelled: bool = False,
    term: Term | None = None,
) -> TargetState:
    if due is None:
        return TargetState(due, done_at, "none")
    if done_at is not None:
        return TargetState(due, done_at, "met" if done_at <= due else "breached")
    if now > due:
        return TargetState(due, None, "breached")
    if cancelled:
        return TargetState(due, None, "none")
    if term is not None:
        at_risk = elapsed_fraction(term, due, now) >= AT_RISK_FRACTION
        return TargetState(due, None, "at_risk" if at_risk else "pending")
    span, elapsed = due - start, now - start
    if (
        span <= dt.timedelta(0)
        or elapsed * AT_RISK_FRACTION.denominator >= span * AT_RISK_FRACTION.numerator
    ):
        return TargetState(due, None, "at_risk")
    return TargetState(due, None, "pending")
