"""What the escalations page and an engineer's "my jobs today" page show: rows and
cards built from what the selectors decided (presentation only)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from aftersales.accounts.models import User
from aftersales.console.display import Countdown, target_countdown
from aftersales.escalations.models import Escalation
from aftersales.service_orders.models import ServiceOrder
from aftersales.service_orders.permissions import actions_for
from aftersales.service_orders.selectors import service_order_sla
from aftersales.service_orders.status import Action

# --- escalations ------------------------------------------------------------------------

LEVEL_CSS = {"warn": "warn", "manager": "bad", "director": "bad lvl-director"}


@dataclass(frozen=True)
class EscalationRow:
    escalation: Escalation
    level_css: str
    percent: int  # of the target's span elapsed when it escalated


def escalation_rows(escalations: Iterable[Escalation]) -> list[EscalationRow]:
    return [
        EscalationRow(
            escalation=e,
            level_css=LEVEL_CSS.get(e.level, "muted"),
            percent=int((Decimal(e.elapsed_fraction) * 100).to_integral_value(ROUND_HALF_UP)),
        )
        for e in escalations
    ]


# --- my jobs today ----------------------------------------------------------------------

# The one-click steps of the field; the others (wait, complete, quotes) need a form and
# are done on the order page.
FIELD_BUTTONS = (Action.DEPART, Action.ARRIVE, Action.START, Action.RESUME)


@dataclass(frozen=True)
class JobCard:
    order: ServiceOrder
    sla: Countdown | None
    actions: list[Action]


def next_target_countdown(order: ServiceOrder, *, now: dt.datetime) -> Countdown | None:
    """The countdown to the order's next target (``next_target``/``next_due`` of
    ``engineer_jobs_today``); None when no target is open."""
    target: str = getattr(order, "next_target", "")
    due: dt.datetime | None = getattr(order, "next_due", None)
    if not target or due is None:
        return None
    state = getattr(service_order_sla(order=order, now=now), target).state
    return target_countdown(order, target=target, due=due, state=state, now=now)


def job_cards(orders: Iterable[ServiceOrder], *, user: User, now: dt.datetime) -> list[JobCard]:
    cards = []
    for order in orders:
        allowed = set(actions_for(actor=user, order=order))
        cards.append(
            JobCard(
                order=order,
                sla=next_target_countdown(order, now=now),
                actions=[a for a in FIELD_BUTTONS if a in allowed],
            )
        )
    return cards
