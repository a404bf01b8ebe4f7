"""Batch dispatch (DSP-4): assign a region's acknowledged, unassigned orders at once.

The plan comes from ``dispatch.solver`` (min-cost flow, with a greedy plan and the LP
bound for comparison); every assignment is then made by ``service_order_transition``
(``assign``), so it locks the order, checks it and writes the timeline exactly like a
dispatcher's click. All of them run in one transaction; an order that someone else
assigned meanwhile is refused by the service (409) and reported, the others go on.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from aftersales.accounts.access import require, scope_for
from aftersales.accounts.models import User
from aftersales.core.exceptions import ApplicationError
from aftersales.core.validation import Errors
from aftersales.dispatch import rules
from aftersales.dispatch.facts import engineer_facts, engineer_pool_qs, order_facts
from aftersales.dispatch.solver import Job, Plan, Problem, Worker, late_minutes, lp_bound, solve
from aftersales.dispatch.solver import solve_greedy as greedy_plan
from aftersales.organisation.geo import travel_minutes
from aftersales.organisation.models import Region
from aftersales.organisation.places import places_for
from aftersales.service_orders.locks import service_order_lock_qs
from aftersales.service_orders.models import ServiceOrder
from aftersales.service_orders.selectors import service_order_visible_qs
from aftersales.service_orders.services import service_order_transition
from aftersales.service_orders.status import Action, Status

MAX_ORDERS = 500  # the most urgent orders of the region, per run
DEFAULT_MAX_OPEN_ORDERS = 6
MAX_OPEN_ORDERS_LIMIT = 50


@dataclass(frozen=True)
class BatchAssignment:
    order_id: int
    number: str
    engineer_id: int
    engineer_name: str
    distance_km: float | None
    travel_minutes: int
    estimated_arrival: dt.datetime
    late_minutes: int


@dataclass(frozen=True)
class BatchLeftOver:
    order_id: int
    number: str
    code: str  # no_candidate | no_capacity | conflict
    reason: str


@dataclass(frozen=True)
class BatchResult:
    region_id: int
    dry_run: bool
    at: dt.datetime
    orders: int
    engineers: int
    assignments: list[BatchAssignment]
    unassigned: list[BatchLeftOver]
    objective: int
    greedy_objective: int
    bound: float
    late_minutes: int
    travel_minutes: int
    solve_seconds: float
    bound_seconds: float


def _region(actor: User, region_id: int, errors: Errors) -> Region | None:
    region = Region.objects.filter(pk=region_id).first()
    scope = scope_for(actor)
    if region is None or not (scope.everything or region.pk in scope.region_ids):
        errors.add("region", _("unknown region"))
        return None
    return region


def _orders(actor: User, region: Region) -> list[ServiceOrder]:
    return list(
        service_order_visible_qs(user=actor)
        .filter(
            region__path__startswith=region.path,
            status=Status.ACKNOWLEDGED,
            assigned_engineer__isnull=True,
        )
        .select_related("region", "unit__product_model__product_line")
        .order_by(F("on_site_by").asc(nulls_last=True), "reported_at", "id")[:MAX_ORDERS]
    )


def _problem(
    facts: list[rules.OrderFacts],
    engineers: list[rules.EngineerFacts],
    *,
    now: dt.datetime,
    max_open_orders: int,
) -> Problem:
    on = timezone.localdate(now)
    return Problem(
        jobs=[Job(due=rules.minutes_until(now, o.on_site_by)) for o in facts],
        workers=[
            Worker(
                capacity=max(0, max_open_orders - e.workload),
                busy=e.workload * rules.SERVICE_MINUTES,
            )
            for e in engineers
        ],
        travel={
            (j, w): travel_minutes(rules.distance_km(order, engineer))
            for j, order in enumerate(facts)
            for w, engineer in enumerate(engineers)
            if not rules.refusals(order, engineer, on=on)
        },
        service_minutes=rules.SERVICE_MINUTES,
        late_weight=rules.LATE_WEIGHT,
        travel_weight=rules.TRAVEL_WEIGHT,
    )


def _left_over(orders: list[ServiceOrder], plan: Plan, max_open_orders: int) -> list[BatchLeftOver]:
    nobody = _("Nobody skilled, certified and on shift works in or near the order's region.")
    full = _("Every engineer who could take it already has %(max)s open orders.") % {
        "max": max_open_orders
    }
    return [
        BatchLeftOver(orders[j].pk, orders[j].number, "no_candidate", nobody)
        for j in plan.no_candidate
    ] + [
        BatchLeftOver(orders[j].pk, orders[j].number, "no_capacity", full) for j in plan.unassigned
    ]


def _assign(actor: User, order: ServiceOrder, engineer_id: int) -> BatchLeftOver | None:
    """The dispatcher's own assign step; its refusal (e.g. assigned by someone else
    meanwhile: 409) is reported instead of failing the batch."""
    try:
        service_order_transition(
            actor=actor,
            order_id=order.pk,
            action=Action.ASSIGN.value,
            payload={"engineer": engineer_id, "note": _("Batch dispatch")},
        )
    except ApplicationError as exc:
        return BatchLeftOver(order.pk, order.number, "conflict", exc.message)
    return None


@transaction.atomic
def dispatch_batch(
    *,
    actor: User,
    region_id: int,
    dry_run: bool = False,
    max_open_orders: int = DEFAULT_MAX_OPEN_ORDERS,
    now: dt.datetime | None = None,
) -> BatchResult:
    """Plan (and unless ``dry_run``, make) the assignments of the region's subtree.

    An engineer ends with at most ``max_open_orders`` open orders. Refusals: 403 the
    actor may not batch-dispatch, 422 an unknown or invisible region or a bad limit."""
    require(actor, "dispatch.batch")
    errors = Errors()
    region = _region(actor, region_id, errors)
    if not 1 <= max_open_orders <= MAX_OPEN_ORDERS_LIMIT:
        errors.add(
            "max_open_orders",
            _("must be from 1 to %(max)s") % {"max": MAX_OPEN_ORDERS_LIMIT},
        )
    errors.raise_if_any()
    assert region is not None
    now = now or timezone.now()

    orders = _orders(actor, region)
    places = places_for(region.path)
    pool = engineer_pool_qs(region_path=region.path, on=timezone.localdate(now))
    engineers = engineer_facts(pool, places)
    facts = [order_facts(order, places) for order in orders]
    problem = _problem(facts, engineers, now=now, max_open_orders=max_open_orders)
    solution = solve(problem)
    greedy = greedy_plan(problem)
    bound, bound_seconds = lp_bound(problem)
    plan = solution.plan

    left = _left_over(orders, plan, max_open_orders)
    made: list[BatchAssignment] = []
    if not dry_run and plan.assignment:
        # Lock every planned order, by pk, before the first assignment locks the region's
        # tally rows: a dispatcher assigning one of them by hand then waits for this
        # transaction (and gets 409) instead of holding its order while waiting for the
        # tallies that this transaction holds (a deadlock).
        list(
            service_order_lock_qs()
            .filter(pk__in=[orders[j].pk for j in plan.assignment])
            .only("pk")
        )
    for j, w in sorted(plan.assignment.items(), key=lambda item: orders[item[0]].pk):
        order, engineer = orders[j], engineers[w]
        if not dry_run:
            refused = _assign(actor, order, engineer.id)
            if refused is not None:
                left.append(refused)
                continue
        arrival = (
            problem.workers[w].busy
            + (plan.position[j] - 1) * problem.service_minutes
            + problem.travel[j, w]
        )
        made.append(
            BatchAssignment(
                order_id=order.pk,
                number=order.number,
                engineer_id=engineer.id,
                engineer_name=engineer.name,
                distance_km=rules.distance_km(facts[j], engineer),
                travel_minutes=problem.travel[j, w],
                estimated_arrival=now + dt.timedelta(minutes=arrival),
                late_minutes=late_minutes(problem, j, w, plan.position[j]),
            )
        )
    return BatchResult(
        region_id=region.pk,
        dry_run=dry_run,
        at=now,
        orders=len(orders),
        engineers=len(engineers),
        assignments=made,
        unassigned=sorted(left, key=lambda x: x.order_id),
        objective=plan.objective,
        greedy_objective=greedy.objective,
        bound=bound,
        late_minutes=plan.late_minutes,
        travel_minutes=plan.travel_minutes,
        solve_seconds=solution.seconds,
        bound_seconds=bound_seconds,
    )
