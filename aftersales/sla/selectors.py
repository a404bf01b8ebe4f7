from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import DateTimeField, Exists, F, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Coalesce

from aftersales.core.process_cache import ProcessCache
from aftersales.organisation.places import places_for
from aftersales.service_orders.models import ServiceOrder
from aftersales.service_orders.status import BEFORE_RESOLVED, Status
from aftersales.sla.clock import (
    TARGETS,
    TargetFacts,
    Term,
    effective_now,
    elapsed_fraction,
    escalation_levels,
    terms_from_json,
    terms_to_json,
)
from aftersales.sla.models import SlaBreach, SlaPolicy
from aftersales.sla.rules import (
    DEFAULT_CALENDAR,
    OrderFacts,
    PolicyMatch,
    deadline,
    policy_matches,
)
from aftersales.sla.travel import Job, Prediction, predict_on_site


@dataclass(frozen=True)
class SlaTargets:
    policy: SlaPolicy | None
    respond_by: dt.datetime | None
    on_site_by: dt.datetime | None
    resolve_by: dt.datetime | None
    terms: dict[str, dict[str, int | str]] = field(default_factory=dict)  # ServiceOrder.sla_terms


def policy_terms(policy: SlaPolicy | None) -> dict[str, Term]:
    """The targets a policy sets, each with its clock (no entry = no commitment)."""
    if policy is None:
        return {}
    terms = {}
    for target in TARGETS:
        minutes = getattr(policy, f"{target}_minutes")
        if minutes is not None:
            terms[target] = Term(minutes, getattr(policy, f"{target}_clock"))
    return terms


# The active policies are the same few rows on every intake, so each process keeps
# them for SLA_POLICY_CACHE_SECONDS (0 = read them every time). Saving a policy in this
# process clears the copy at once (signals in apps.py); other processes see the change
# within that many seconds (docs/subsystems/sla.md).
def forget_cached_policies() -> None:
    _policies.forget()


def _load_active_policies() -> list[tuple[PolicyMatch, SlaPolicy]]:
    return [
        (
            PolicyMatch(
                match_priority=policy.match_priority,
                match_customer_kind=policy.match_customer_kind,
                match_warranty=policy.match_warranty,
                match_region_path=policy.match_region.path if policy.match_region else None,
            ),
            policy,
        )
        for policy in SlaPolicy.objects.filter(active=True).select_related("match_region")
    ]


_policies = ProcessCache(_load_active_policies, "SLA_POLICY_CACHE_SECONDS")


def active_policies() -> list[tuple[PolicyMatch, SlaPolicy]]:
    """The active policies in rank order, each with its match criteria."""
    return _policies.get()


def sla_policy_for(*, facts: OrderFacts) -> SlaPolicy | None:
    """The first active policy, by rank, that matches the order (SLA-1)."""
    for match, policy in active_policies():
        if policy_matches(match, facts):
            return policy
    return None


def sla_targets_for(*, facts: OrderFacts, reported_at: dt.datetime) -> SlaTargets:
    policy = sla_policy_for(facts=facts)
    if policy is None:
        return SlaTargets(None, None, None, None)
    return SlaTargets(
        policy=policy,
        respond_by=deadline(reported_at, policy.respond_minutes, policy.respond_clock),
        on_site_by=deadline(reported_at, policy.on_site_minutes, policy.on_site_clock),
        resolve_by=deadline(reported_at, policy.resolve_minutes, policy.resolve_clock),
        terms=terms_to_json(policy_terms(policy)),
    )


# --- per order ---------------------------------------------------------------------------

# What stops each target (docs/subsystems/sla.md): the step times of the order.
DONE_FIELDS: dict[str, tuple[str, ...]] = {
    "respond": ("acknowledged_at",),
    "on_site": ("arrived_at", "started_at"),
    "resolve": ("resolved_at",),
}
OPEN_STATUSES = BEFORE_RESOLVED


def done_at(order: ServiceOrder, target: str) -> dt.datetime | None:
    for name in DONE_FIELDS[target]:
        value: dt.datetime | None = getattr(order, name)
        if value is not None:
            return value
    return None


def order_terms(order: ServiceOrder) -> dict[str, Term]:
    """The order's targets with their clocks: as kept at intake (``sla_terms``), or for
    orders taken before terms were kept, as their policy sets them now."""
    terms = terms_from_json(order.sla_terms)
    if not terms and order.sla_policy_id is not None:
        terms = policy_terms(order.sla_policy)
    return terms


def order_target_facts(order: ServiceOrder) -> list[TargetFacts]:
    return [
        TargetFacts(target, getattr(order, f"{target}_by"), done_at(order, target))
        for target in TARGETS
    ]


def order_breaches(*, order_id: int) -> list[SlaBreach]:
    return list(SlaBreach.objects.filter(order_id=order_id).order_by("breached_at", "id"))


def breach_recorded() -> Exists:
    """``EXISTS`` a stored breach of the outer order (for the ``sla_breached`` filter)."""
    return Exists(SlaBreach.objects.filter(order_id=OuterRef("pk")))


def clocks_stand_at(now: dt.datetime) -> Coalesce:
    """SQL for ``clock.effective_now``: when the open pause began, else ``now``."""
    return Coalesce(F("sla_paused_at"), Value(now, output_field=DateTimeField()))


def _open_past_due(target: str, until: Coalesce | Value) -> Q:
    return Q(**{f"{target}_by__lt": until}) & Q(
        **{f"{name}__isnull": True for name in DONE_FIELDS[target]}
    )


def overdue_unrecorded_qs(*, now: dt.datetime) -> QuerySet[ServiceOrder]:
    """Open orders with a target past its deadline and no breach stored for it yet (what
    the sweep records). Orders whose breaches are stored drop out, so reruns are cheap."""
    until = clocks_stand_at(now)
    condition = Q(pk__in=[])
    for target in TARGETS:
        recorded = Exists(SlaBreach.objects.filter(order_id=OuterRef("pk"), target=target))
        condition |= _open_past_due(target, until) & ~Q(recorded)
    return ServiceOrder.objects.filter(status__in=OPEN_STATUSES).filter(condition)


# --- escalations (SLA-4) -------------------------------------------------------------------

# Open targets are looked at from this long before their deadline at least; longer when
# a policy's 80 % point comes earlier (see ``_lookahead``).
MIN_LOOKAHEAD = dt.timedelta(days=1)


@dataclass(frozen=True)
class EscalationDue:
    """A level of the SLA-4 ladder an open target has reached (ntf's escalation job
    records each (order, target, level) once)."""

    order_id: int
    target: str  # respond | on_site | resolve
    level: str  # warn (80 % elapsed) | manager (breached) | director (breach + span again)
    due_at: dt.datetime
    elapsed_fraction: float  # 0.8 = 80 % of the span; 1.0 at the deadline; 2.0 = director


def _lookahead(now: dt.datetime) -> dt.datetime:
    """A deadline later than this is below 80 % for every policy's terms (inactive ones
    too: orders keep their terms)."""
    horizon = now + MIN_LOOKAHEAD
    for policy in SlaPolicy.objects.all():
        for term in policy_terms(policy).values():
            fifth = term.span / 5
            point = (
                DEFAULT_CALENDAR.add_working_time(now, fifth) + dt.timedelta(days=1)
                if term.clock == "working"
                else now + fifth
            )
            horizon = max(horizon, point)
    return horizon + dt.timedelta(seconds=1)  # a deadline exactly at the 80 % point too


def escalation_due(*, now: dt.datetime) -> list[EscalationDue]:
    """Every SLA-4 level reached by an open target of an open order at ``now``, lowest
    level first per target. A paused order is judged as of when its clocks stopped."""
    horizon = _lookahead(now)
    condition = Q(pk__in=[])
    for target in TARGETS:
        condition |= _open_past_due(target, Value(horizon, output_field=DateTimeField()))
    orders = (
        ServiceOrder.objects.filter(status__in=OPEN_STATUSES)
        .filter(condition)
        .select_related("sla_policy")
        .order_by("pk")
    )
    result: list[EscalationDue] = []
    for order in orders:
        terms = order_terms(order)
        at = effective_now(now, order.sla_paused_at)
        for facts in order_target_facts(order):
            term = terms.get(facts.target)
            if facts.due is None or facts.done_at is not None or term is None:
                continue
            fraction = elapsed_fraction(term, facts.due, at)
            for level in escalation_levels(term, facts.due, at):
                result.append(
                    EscalationDue(order.pk, facts.target, level, facts.due, float(fraction))
                )
    return result


# --- on-site prediction (SLA-3) ------------------------------------------------------------


def on_site_prediction(*, order: ServiceOrder, now: dt.datetime) -> Prediction | None:
    """When the assigned engineer will be on site (``travel.predict_on_site``): for an
    order assigned or en route; two queries (the network points, the engineer's queue)
    when the order comes with its engineer's network point and region, as the detail
    selector loads it."""
    engineer = order.assigned_engineer
    if engineer is None or order.status not in (Status.ASSIGNED, Status.EN_ROUTE):
        return None
    places = places_for(order.region.path)
    engineer_at, _source, _name = places.engineer_origin(engineer)
    customer_at, _path = places.region_location(order.region.path)
    jobs: list[Job] = []
    if order.status == Status.ASSIGNED:
        jobs = [
            Job(row[0], row[1], row[2], row[3], row[4] or row[5])
            for row in ServiceOrder.objects.filter(
                assigned_engineer_id=engineer.pk,
                status__in=(Status.ASSIGNED, Status.EN_ROUTE, Status.ON_SITE, Status.IN_PROGRESS),
            )
            .exclude(pk=order.pk)
            .values_list("pk", "status", "on_site_by", "departed_at", "arrived_at", "started_at")[
                :QUEUE_LIMIT
            ]
        ]
    return predict_on_site(
        order_id=order.pk,
        status=order.status,
        on_site_by=order.on_site_by,
        departed_at=order.departed_at,
        engineer_at=engineer_at,
        customer_at=customer_at,
        jobs=jobs,
        now=now,
    )


QUEUE_LIMIT = 100  # an engineer's open jobs looked at; more would be a dispatch problem
