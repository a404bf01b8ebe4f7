"""Writes of the escalation job: the SLA-4 ladder, SLA-5 loaners due, SLA-6
compensations. Each record is written once, with its timeline event, in its own short
transaction; the unique constraints make a second (or concurrent, or late) run a no-op.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Protocol

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from aftersales.escalations import events
from aftersales.escalations.models import (
    Compensation,
    CompensationRule,
    Escalation,
    LoanerDue,
    LoanerRule,
)
from aftersales.escalations.rules import (
    BREACH_LEVELS,
    LEVEL_RANK,
    BreachFacts,
    DueItem,
    RuleFacts,
    compensation_applies,
    levels_to_record,
)
from aftersales.service_orders.models import ServiceOrder
from aftersales.service_orders.status import BEFORE_RESOLVED, Status
from aftersales.sla.selectors import escalation_due

CLOSED = (Status.CLOSED, Status.CANCELLED)
BATCH = 500


class EscalationItem(DueItem, Protocol):
    """What ``escalation_due`` reports, all of it (see sla.selectors.EscalationDue)."""

    @property
    def due_at(self) -> dt.datetime: ...
    @property
    def elapsed_fraction(self) -> float: ...


@dataclass
class EscalationRun:
    escalations: list[Escalation] = field(default_factory=list)
    compensations: list[Compensation] = field(default_factory=list)
    loaners: list[LoanerDue] = field(default_factory=list)


def _orders(ids: Iterable[int]) -> dict[int, ServiceOrder]:
    """The orders with what their notifications say (customer, region, engineer)."""
    qs = ServiceOrder.objects.select_related("customer", "region", "assigned_engineer")
    return qs.in_bulk(list(set(ids)))


def _rule_facts(rule: CompensationRule) -> RuleFacts:
    return RuleFacts(
        id=rule.pk,
        target=rule.target,
        customer_kind=rule.customer_kind,
        priority=rule.priority,
        in_warranty_only=rule.in_warranty_only,
    )


def _attach_compensations(
    *, order: ServiceOrder, item: EscalationItem, rules: list[CompensationRule], now: dt.datetime
) -> list[Compensation]:
    """SLA-6: the compensations this breach earns, once per order, target and rule.
    Runs inside the escalation's transaction."""
    breach = BreachFacts(
        target=item.target,
        customer_kind=order.customer.kind,
        priority=order.priority,
        in_warranty=order.in_warranty,
    )
    made = []
    for rule in rules:
        if not compensation_applies(_rule_facts(rule), breach):
            continue
        if Compensation.objects.filter(order=order, target=item.target, rule=rule).exists():
            continue
        compensation = Compensation.objects.create(
            order=order,
            target=item.target,
            rule=rule,
            kind=rule.kind,
            amount=rule.amount,
            description=rule.description,
            breach_due_at=item.due_at,
            recorded_at=now,
        )
        events.compensation_event(
            order=order, at=now, compensation=compensation, rule_name=rule.name
        )
        made.append(compensation)
    return made


def escalations_record(
    *, items: list[EscalationItem], now: dt.datetime | None = None, run: EscalationRun | None = None
) -> EscalationRun:
    """Record the SLA-4 steps in ``items`` not recorded yet (``levels_to_record``): the
    ``Escalation`` row, its timeline event (which notifies the assignee, the manager or
    the director), and on a breach the compensations it earns."""
    now = now or timezone.now()
    run = run or EscalationRun()
    if not items:
        return run
    order_ids = sorted({item.order_id for item in items})
    recorded: dict[tuple[int, str], int] = {}
    for start in range(0, len(order_ids), BATCH):  # bounded IN lists
        rows = Escalation.objects.filter(order_id__in=order_ids[start : start + BATCH])
        for order_id, target, level in rows.values_list("order_id", "target", "level"):
            key = (order_id, target)
            recorded[key] = max(recorded.get(key, 0), LEVEL_RANK[level])
    todo = levels_to_record(items, recorded)
    if not todo:
        return run
    orders = _orders(item.order_id for item in todo)
    rules = list(CompensationRule.objects.filter(active=True).order_by("pk"))
    for item in todo:
        order = orders.get(item.order_id)
        if order is None or order.status in CLOSED:
            continue
        try:
            with transaction.atomic():
                escalation = Escalation.objects.create(
                    order=order,
                    target=item.target,
                    level=item.level,
                    due_at=item.due_at,
                    elapsed_fraction=Decimal(str(round(item.elapsed_fraction, 3))),
                    escalated_at=now,
                )
                escalation.event = events.escalation_event(
                    order=order,
                    at=now,
                    target=item.target,
                    level=item.level,
                    due_at=item.due_at,
                    elapsed_fraction=item.elapsed_fraction,
                )
                escalation.save(update_fields=["event"])
                made = []
                if item.level in BREACH_LEVELS:
                    made = _attach_compensations(order=order, item=item, rules=rules, now=now)
        except IntegrityError:
            continue  # a concurrent run recorded this step first
        run.escalations.append(escalation)
        run.compensations.extend(made)
    return run


def loaners_record(
    *, now: dt.datetime | None = None, run: EscalationRun | None = None
) -> EscalationRun:
    """SLA-5: orders an active ``LoanerRule`` says must be offered a loaner, recorded
    once per order with a timeline event (which tells the region's manager and the
    engineer). Judged on time since the report, pauses included: the customer is
    without the unit either way."""
    now = now or timezone.now()
    run = run or EscalationRun()
    for rule in LoanerRule.objects.filter(active=True).order_by("hours_open", "pk"):
        cutoff = now - dt.timedelta(hours=rule.hours_open)
        qs = ServiceOrder.objects.filter(
            kind=rule.order_kind, status__in=BEFORE_RESOLVED, reported_at__lte=cutoff
        ).filter(~Exists(LoanerDue.objects.filter(order_id=OuterRef("pk"))))
        if rule.in_warranty_only:
            qs = qs.filter(in_warranty=True)
        ids = list(qs.order_by("pk").values_list("pk", flat=True)[:500])
        orders = _orders(ids)
        for order_id in ids:
            order = orders[order_id]
            hours_open = int((now - order.reported_at).total_seconds() // 3600)
            try:
                with transaction.atomic():
                    due = LoanerDue.objects.create(
                        order=order,
                        rule=rule,
                        due_since=order.reported_at + dt.timedelta(hours=rule.hours_open),
                        recorded_at=now,
                    )
                    due.event = events.loaner_due_event(
                        order=order, at=now, hours_open=hours_open, rule_name=rule.name
                    )
                    due.save(update_fields=["event"])
            except IntegrityError:
                continue
            run.loaners.append(due)
    return run


def escalations_run(*, now: dt.datetime | None = None) -> EscalationRun:
    """The periodic job: climb the SLA-4 ladder for every open target, then SLA-5."""
    now = now or timezone.now()
    run = escalations_record(items=list(escalation_due(now=now)), now=now)
    return loaners_record(now=now, run=run)
