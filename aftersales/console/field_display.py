"""What the escalations page and an engineer's "my jobs today" page show: rows and
cards built from what the selectors decided (presentation only)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from aftersales.accounts.models import User
from aftersales.console.display import countdown, sla_badge
from aftersales.escalations.models import Escalation
from aftersales.service_orders.models import ServiceOrder
from aftersales.service_orders.permissions import actions_for
from aftersales.service_orders.selectors import service_order_sla
from aftersales.service_orders.status import Action
from aftersales.sla.clock import effective_now

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

TARGET_LABELS: dict[str, Any] = {
    "respond": gettext_lazy("Respond"),
    "on_site": gettext_lazy("On site"),
    "resolve": gettext_lazy("Resolve"),
}


@dataclass(frozen=True)
class Countdown:
    css: str  # the target's SLA state as a badge colour
    text: str  # "On site: in 1 h 20 min", "Resolve: overdue 35 min"
    paused: bool  # the clocks stand still (SLA-2): the time left as of the pause


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
    text = _("%(target)s: %(countdown)s") % {
        "target": TARGET_LABELS[target],
        "countdown": countdown(due, now=effective_now(now, order.sla_paused_at)),
    }
    return Countdown(css=sla_badge(state).css, text=text, paused=order.sla_paused_at is not None)


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
