"""Writes of the SLA clocks: pauses (SLA-2), stored breaches (SLA-3), re-targeting.

``service_order_transition`` calls ``sla_clock_step`` before it saves the order (to open
or close a pause and move the deadlines) and ``sla_clock_record`` after its own timeline
event (the pause/resume events and any breach). Every function here that takes an order
expects its row to be locked by the caller's transaction, so that a transition and the
periodic sweep never record the same breach twice (the unique constraint would refuse).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from aftersales.accounts.access import require
from aftersales.accounts.models import User
from aftersales.core.exceptions import InvalidTransition
from aftersales.core.queries import first_or_none
from aftersales.core.validation import Errors
from aftersales.service_orders.locks import lock_visible_order, service_order_lock_qs
from aftersales.service_orders.models import Priority, ServiceOrder, ServiceOrderEvent
from aftersales.service_orders.status import Status, WaitingReason
from aftersales.sla import events
from aftersales.sla.clock import (
    TARGETS,
    Pause,
    TargetFacts,
    breached_targets,
    effective_now,
    paused_deadline,
    shift_for_pause,
    terms_to_json,
)
from aftersales.sla.models import BreachCause, SlaBreach, SlaPause
from aftersales.sla.rules import OrderFacts
from aftersales.sla.selectors import (
    OPEN_STATUSES,
    order_target_facts,
    order_terms,
    overdue_unrecorded_qs,
    policy_terms,
    sla_policy_for,
)

# SLA-2: the clocks stop while the order waits for the customer — to be reachable, to
# give access, or to approve a quote. Waiting for parts is the service's own delay.
PAUSING_REASONS = frozenset({WaitingReason.CUSTOMER, WaitingReason.QUOTE_APPROVAL})

CAUSES = {
    "respond": BreachCause.NOT_ACKNOWLEDGED,
    "on_site": BreachCause.NOT_ON_SITE,
    "resolve": BreachCause.NOT_RESOLVED,
}


@dataclass
class ClockStep:
    """What ``sla_clock_step`` did to the order, for ``sla_clock_record`` to write up."""

    fields: list[str] = field(default_factory=list)
    opened: SlaPause | None = None
    closed: SlaPause | None = None
    moved: dict[str, tuple[dt.datetime, dt.datetime]] = field(default_factory=dict)


def _close_pause(order: ServiceOrder, now: dt.datetime, step: ClockStep) -> None:
    paused_at = order.sla_paused_at
    assert paused_at is not None
    pause = first_or_none(SlaPause.objects.filter(order=order, ended_at__isnull=True))
    if pause is None:  # the row is the record; keep it even if it went missing
        pause = SlaPause.objects.create(order=order, started_at=paused_at, reason="")
    pause.ended_at = now
    pause.save(update_fields=["ended_at"])
    terms = order_terms(order)
    for facts in order_target_facts(order):
        if facts.due is None or facts.done_at is not None:
            continue
        term = terms.get(facts.target)
        moved = shift_for_pause(term.clock if term else "24x7", facts.due, paused_at, now)
        if moved != facts.due:
            setattr(order, f"{facts.target}_by", moved)
            step.fields.append(f"{facts.target}_by")
            step.moved[facts.target] = (facts.due, moved)
    order.sla_paused = order.sla_paused + (now - paused_at)
    order.sla_paused_at = None
    step.fields += ["sla_paused", "sla_paused_at"]
    step.closed = pause


def sla_clock_step(
    *, order: ServiceOrder, action: str, previous_status: str, now: dt.datetime
) -> ClockStep:
    """Open or close the order's pause for the transition just applied to ``order`` (not
    saved yet; the caller saves ``step.fields``). Leaving ``waiting`` by any action
    (resume, cancel) ends the pause and moves each open target's deadline by the time
    paused on its own clock; ``wait`` for the customer starts one."""
    step = ClockStep()
    if (
        previous_status == Status.WAITING
        and order.status != Status.WAITING
        and order.sla_paused_at is not None
    ):
        _close_pause(order, now, step)
    if (
        action == "wait"
        and order.status == Status.WAITING
        and order.waiting_reason in PAUSING_REASONS
        and order.sla_paused_at is None
    ):
        step.opened = SlaPause.objects.create(
            order=order, started_at=now, reason=order.waiting_reason
        )
        order.sla_paused_at = now
        step.fields.append("sla_paused_at")
    return step


def sla_clock_record(
    *, order: ServiceOrder, actor: User, step: ClockStep, now: dt.datetime
) -> list[ServiceOrderEvent]:
    """After the transition's own event: the pause/resume events, then any breach."""
    written = []
    if step.closed is not None:
        written.append(
            events.sla_resumed_event(order=order, actor=actor, pause=step.closed, moved=step.moved)
        )
    if step.opened is not None:
        written.append(events.sla_paused_event(order=order, actor=actor, pause=step.opened))
    return written + sla_record_breaches(order=order, now=now)


def _late_by(late: dt.timedelta) -> str:
    seconds = int(late.total_seconds())
    return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


def _cause(order: ServiceOrder, facts: TargetFacts) -> str:
    """The stored detail of a breach, in the site's language (``LANGUAGE_CODE``) whoever's
    request recorded it — as every system-written note is (escalations.events); readers
    in another language get the translated ``cause_code`` label."""
    assert facts.due is not None
    with translation.override(settings.LANGUAGE_CODE):
        label = str(CAUSES[facts.target].label)
        if facts.done_at is not None:
            return _("%(cause)s: done %(late)s after the deadline.") % {
                "cause": label,
                "late": _late_by(facts.done_at - facts.due),
            }
        return _("%(cause)s: still open when the deadline passed (status now: %(status)s).") % {
            "cause": label,
            "status": Status(order.status).label,
        }


def sla_record_breaches(*, order: ServiceOrder, now: dt.datetime) -> list[ServiceOrderEvent]:
    """Store each target of ``order`` that is breached at ``now`` and not stored yet, with
    its timeline event. Reads nothing when no target is breached."""
    breached = breached_targets(
        order_target_facts(order),
        now=now,
        paused_at=order.sla_paused_at,
        cancelled_at=order.cancelled_at if order.status == Status.CANCELLED else None,
    )
    if not breached:
        return []
    stored = set(SlaBreach.objects.filter(order=order).values_list("target", flat=True))
    written = []
    for facts in breached:
        if facts.target in stored:
            continue
        assert facts.due is not None
        breach = SlaBreach.objects.create(
            order=order,
            target=facts.target,
            due_at=facts.due,
            breached_at=facts.due,
            done_at=facts.done_at,
            cause_code=CAUSES[facts.target],
            cause=_cause(order, facts)[:255],
            recorded_at=now,
        )
        written.append(events.sla_breach_event(order=order, breach=breach))
    return written


def sla_record_overdue_breaches(*, now: dt.datetime | None = None) -> int:
    """The periodic sweep (SLA-3): store the breach of every open target past its
    deadline. Each order in its own short transaction under its row lock; a rerun (or
    a transition in between) finds the breach stored and writes nothing."""
    now = now or timezone.now()
    recorded = 0
    for order_id in list(overdue_unrecorded_qs(now=now).values_list("pk", flat=True)):
        with transaction.atomic():
            order = first_or_none(service_order_lock_qs().filter(pk=order_id))
            if order is not None:
                recorded += len(sla_record_breaches(order=order, now=now))
    return recorded


def sla_retarget(*, order: ServiceOrder, now: dt.datetime) -> dict[str, tuple]:
    """Recompute the deadlines of ``order`` from ``reported_at`` on the policy that
    matches it now, plus every closed pause (each measured on the new target's clock).

    Targets already done, already breached (stored, or past due now) keep their
    deadline and terms: what was promised then is what was met or broken. Returns
    ``{target: (old deadline, new deadline)}`` for the deadlines that moved; the
    caller saves the fields (deadlines, ``sla_terms``, ``sla_policy``)."""
    policy = sla_policy_for(
        facts=OrderFacts(
            priority=order.priority,
            customer_kind=order.customer.kind,
            in_warranty=order.in_warranty,
            region_path=order.region.path,
        )
    )
    new_terms = policy_terms(policy)
    terms = order_terms(order)
    pauses = [Pause(p.started_at, p.ended_at) for p in SlaPause.objects.filter(order=order)]
    stored = set(SlaBreach.objects.filter(order=order).values_list("target", flat=True))
    until = effective_now(now, order.sla_paused_at)
    moved: dict[str, tuple] = {}
    for facts in order_target_facts(order):
        settled = facts.done_at is not None or facts.target in stored
        if settled or (facts.due is not None and facts.due < until):
            continue
        term = new_terms.get(facts.target)
        due = paused_deadline(order.reported_at, term, pauses) if term else None
        if term is None:
            terms.pop(facts.target, None)
        else:
            terms[facts.target] = term
        if due != facts.due:
            setattr(order, f"{facts.target}_by", due)
            moved[facts.target] = (facts.due, due)
    order.sla_terms = terms_to_json(terms)
    order.sla_policy = policy
    return moved


@transaction.atomic
def service_order_change_priority(
    *, actor: User, order_id: int, priority: str, reason: str
) -> ServiceOrder:
    """Change an open order's priority and re-target its SLA (``sla_retarget``), with a
    timeline event. 404 invisible, 403 may not, 422 bad input, 409 closed/cancelled."""
    order = lock_visible_order(actor=actor, order_id=order_id, related=("customer", "region"))
    require(actor, "order.priority")
    errors = Errors()
    reason = (reason or "").strip()
    if priority not in Priority.values:
        errors.add(
            "priority", _("must be one of: %(choices)s") % {"choices": ", ".join(Priority.values)}
        )
    elif priority == order.priority:
        errors.add("priority", _("is already the order's priority"))
    if not reason:
        errors.add("reason", _("is required"))
    elif len(reason) > 5000:
        errors.add("reason", _("is longer than %(max)s characters") % {"max": 5000})
    errors.raise_if_any()
    if order.status not in OPEN_STATUSES:
        raise InvalidTransition(
            _("The order is %(status)s.") % {"status": Status(order.status).label}
        )
    now = timezone.now()
    previous = {"from_priority": order.priority, "from_policy": order.sla_policy_id}
    order.priority = priority
    moved = sla_retarget(order=order, now=now)
    fields = ["priority", "sla_policy", "sla_terms", "updated_at"]
    order.save(update_fields=fields + [f"{target}_by" for target in TARGETS])
    events.sla_retarget_event(
        order=order, actor=actor, at=now, reason=reason, previous=previous, moved=moved
    )
    sla_record_breaches(order=order, now=now)
    return order
