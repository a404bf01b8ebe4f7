"""Reads on service orders; visibility (SEC-2) is applied here and nowhere else."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from types import SimpleNamespace

from django.db.models import Case, CharField, DateTimeField, F, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone
from django.utils.translation import gettext as _

from aftersales.accounts.access import scope_for
from aftersales.accounts.models import User
from aftersales.core.counting import fast_count
from aftersales.core.exceptions import NotFound
from aftersales.core.queries import first_or_none
from aftersales.customers.models import Customer
from aftersales.service_orders.models import ServiceOrder, ServiceOrderEvent
from aftersales.service_orders.status import BEFORE_RESOLVED, Status
from aftersales.service_orders.tallies import tally_sum
from aftersales.sla.clock import effective_now, terms_from_json
from aftersales.sla.selectors import breach_recorded, clocks_stand_at
from aftersales.sla.state import TargetState, target_state
from aftersales.units.models import Unit
from aftersales.warranty.selectors import unit_has_exclusions


def service_order_visible_qs(*, user: User) -> QuerySet[ServiceOrder]:
    scope = scope_for(user)
    qs = ServiceOrder.objects.all()
    if scope.everything:
        return qs
    condition = Q(pk__in=[])
    if scope.customer_id is not None:
        condition |= Q(customer_id=scope.customer_id)
    if scope.region_ids:
        condition |= Q(region_id__in=scope.region_ids)
    if scope.engineer_id is not None:
        condition |= Q(assigned_engineer_id=scope.engineer_id)
    return qs.filter(condition)


def _with_relations(qs: QuerySet[ServiceOrder]) -> QuerySet[ServiceOrder]:
    """The order with what its detail shows, and ``unit_has_exclusions``: whether its
    unit has any recorded exclusion (few do), so the exclusions are read only then."""
    return qs.select_related(
        "customer",
        "unit__product_model__product_line",
        "unit__customer",
        "assigned_engineer__network_point",  # where the engineer sets out from (SLA-3)
        "assigned_engineer__region",
        "region",
        "sla_policy",
    ).annotate(unit_has_exclusions=unit_has_exclusions())


# What a list row needs (API summary and console list): the order's own columns and the
# names of what it points to, as annotations, so a page builds one model per row.
LIST_FIELDS = (
    "id",
    "number",
    "kind",
    "channel",
    "priority",
    "status",
    "customer_id",
    "unit_id",
    "region_id",
    "fault_description",
    "contact_phone",
    "address",
    "reported_at",
    "created_at",
    "assigned_engineer_id",
    "waiting_reason",
    "in_warranty",
    "sla_policy_id",
    "respond_by",
    "on_site_by",
    "resolve_by",
    "sla_terms",
    "sla_paused_at",
    "sla_paused",
    "acknowledged_at",
    "arrived_at",
    "started_at",
    "resolved_at",
    "cancelled_at",
)


def _for_list(qs: QuerySet[ServiceOrder]) -> QuerySet[ServiceOrder]:
    return qs.only(*LIST_FIELDS).annotate(
        customer_name=F("customer__name"),
        unit_serial=F("unit__serial_number"),
        engineer_name=Coalesce(
            NullIf(F("assigned_engineer__name"), Value("")), F("assigned_engineer__username")
        ),
        region_name=F("region__name"),
        sla_policy_name=F("sla_policy__name"),
    )


# The annotations ``_for_list`` adds: the names of what a row points to.
LIST_ANNOTATIONS = (
    "customer_name",
    "unit_serial",
    "engineer_name",
    "region_name",
    "sla_policy_name",
)


def service_order_rows(qs: QuerySet[ServiceOrder]) -> list[SimpleNamespace]:
    """A list page as light rows: the ``LIST_FIELDS`` and annotations of each order as
    attributes (``pk`` too), without building model instances. ``order_summary`` reads
    either; the API's list pages use these (docs/architecture.md, "Hot paths")."""
    return [
        SimpleNamespace(pk=row["id"], **row) for row in qs.values(*LIST_FIELDS, *LIST_ANNOTATIONS)
    ]


def access_service_order(*, user: User, order_id: int) -> ServiceOrder:
    order = first_or_none(_with_relations(service_order_visible_qs(user=user)).filter(pk=order_id))
    if order is None:
        raise NotFound(_("Service order not found."))
    return order


def _breached_q(now: dt.datetime) -> Q:
    """SQL for "any SLA target breached" (SLA-3): a breach is stored (``EXISTS``), or the
    same rule as ``target_state`` on the order's columns — which also covers the moment
    between a deadline passing and the sweep storing it. A paused order's clocks stand
    at ``sla_paused_at``."""
    until = clocks_stand_at(now)

    def one(due: str, done: str) -> Q:
        return Q(**{f"{due}__isnull": False}) & (
            Q(**{f"{done}__isnull": False, f"{done}__gt": F(due)})
            | (Q(**{f"{done}__isnull": True, f"{due}__lt": until}) & ~Q(status=Status.CANCELLED))
            | Q(**{f"{done}__isnull": True, "status": Status.CANCELLED, "cancelled_at__gt": F(due)})
        )

    return (
        Q(breach_recorded())
        | one("respond_by", "acknowledged_at")
        | one("on_site_by", "on_site_done_at")
        | one("resolve_by", "resolved_at")
    )


def service_order_list(
    *,
    user: User,
    status: list[str] | None = None,
    customer: int | None = None,
    assigned_engineer: int | None = None,
    region: int | None = None,
    sla_breached: bool | None = None,
    q: str | None = None,
    kind: str | None = None,
    priority: str | None = None,
) -> QuerySet[ServiceOrder]:
    qs = service_order_visible_qs(user=user)
    if status:
        qs = qs.filter(status__in=status)
    if customer:
        qs = qs.filter(customer_id=customer)
    if assigned_engineer:
        qs = qs.filter(assigned_engineer_id=assigned_engineer)
    if region:
        qs = qs.filter(region_id=region)
    if kind:
        qs = qs.filter(kind=kind)
    if priority:
        qs = qs.filter(priority=priority)
    if q:
        qs = qs.filter(_search_q(q.strip()))
    if sla_breached is not None:
        qs = qs.annotate(on_site_done_at=Coalesce("arrived_at", "started_at"))
        breached = _breached_q(timezone.now())
        qs = qs.filter(breached) if sla_breached else qs.exclude(breached)
    return _for_list(qs).order_by(*_list_ordering(status, customer, assigned_engineer, region))


def _list_ordering(
    status: list[str] | None, customer: int | None, engineer: int | None, region: int | None
) -> tuple[str, ...]:
    """Newest reported first. With one equality filter, the filtered column leads the
    ORDER BY too: the order is the same, but PostgreSQL then walks that filter's index
    instead of scanning the default order for rows that may all be old (closed orders)."""
    for column, value in (
        ("customer_id", customer),
        ("assigned_engineer_id", engineer),
        ("status", status[0] if status and len(status) == 1 else None),
        ("region_id", region),
    ):
        if value:
            return (column, "-reported_at", "-id")
    return ("-reported_at", "-id")


def service_order_count(
    *,
    user: User,
    qs: QuerySet[ServiceOrder],
    status: list[str] | None = None,
    region: int | None = None,
    **other_filters: object,
) -> int:
    """Count a list cheaply: from the tallies when only status/region filter it and the
    viewer's scope is by region, else ``COUNT(*)`` (selective filters use indexes)."""
    scope = scope_for(user)
    by_region_only = scope.everything or (
        scope.region_ids and scope.customer_id is None and scope.engineer_id is None
    )
    if not by_region_only or any(v not in (None, "", []) for v in other_filters.values()):
        return fast_count(qs)
    return tally_sum(
        region_ids=None if scope.everything else scope.region_ids, region=region, statuses=status
    )


def _search_q(term: str) -> Q:
    """Exact match on order number, contact phone, customer phone or unit serial/card.

    Customer and unit ids are looked up first so that the order query is an OR of
    indexed columns of one table (a bitmap OR on PostgreSQL, no join to scan)."""
    customer_ids = list(Customer.objects.filter(phone=term).values_list("id", flat=True)[:100])
    unit_ids = list(
        Unit.objects.filter(Q(serial_number=term) | Q(warranty_card_number=term)).values_list(
            "id", flat=True
        )[:100]
    )
    return (
        Q(number=term.upper())
        | Q(contact_phone=term)
        | Q(customer_id__in=customer_ids)
        | Q(unit_id__in=unit_ids)
    )


def service_order_timeline(*, order: ServiceOrder) -> QuerySet[ServiceOrderEvent]:
    """The order's events, oldest first, each with ``actor_name`` (the actor's name or
    username, "" for the system) instead of a loaded user."""
    return order.events.annotate(
        actor_name=Coalesce(NullIf(F("actor__name"), Value("")), F("actor__username"), Value(""))
    ).order_by("at", "id")


@dataclass(frozen=True)
class SlaView:
    respond: TargetState
    on_site: TargetState
    resolve: TargetState
    paused_since: dt.datetime | None = None  # the clocks stand still since (SLA-2)
    paused: dt.timedelta = dt.timedelta(0)  # in total, the open pause up to now included

    @property
    def breached(self) -> bool:
        return any(t.state == "breached" for t in (self.respond, self.on_site, self.resolve))


def service_order_sla(
    *, order: ServiceOrder | SimpleNamespace, now: dt.datetime | None = None
) -> SlaView:
    """Each target's state (``sla.state``) on its own clock (``sla_terms``), with the
    clocks standing still while the order is paused (SLA-2)."""
    now = now or timezone.now()
    paused_since = order.sla_paused_at
    paused = order.sla_paused + (now - paused_since if paused_since else dt.timedelta(0))
    cancelled = order.status == Status.CANCELLED
    if cancelled and order.cancelled_at is not None:
        now = order.cancelled_at
    now = effective_now(now, paused_since)
    start = order.reported_at
    terms = terms_from_json(order.sla_terms)

    def state(target: str, due: dt.datetime | None, done: dt.datetime | None) -> TargetState:
        return target_state(
            start=start, due=due, done_at=done, now=now, cancelled=cancelled, term=terms.get(target)
        )

    return SlaView(
        respond=state("respond", order.respond_by, order.acknowledged_at),
        on_site=state("on_site", order.on_site_by, order.arrived_at or order.started_at),
        resolve=state("resolve", order.resolve_by, order.resolved_at),
        paused_since=paused_since,
        paused=paused,
    )


# --- an engineer's day ("my jobs today") ------------------------------------------------


@dataclass(frozen=True)
class EngineerJobs:
    """``engineer_jobs_today``: list rows (``LIST_FIELDS`` and ``LIST_ANNOTATIONS``)."""

    day: dt.date  # today in the service's time zone
    open: list[ServiceOrder]  # most urgent first; each with ``next_target``, ``next_due``
    done_today: list[ServiceOrder]  # resolved today, latest first


# The first target of the order that is not done yet and has a deadline: respond until
# acknowledged, on site until arrived (or started remotely), then resolve.
_NEXT_TARGET = Case(
    When(acknowledged_at__isnull=True, respond_by__isnull=False, then=Value("respond")),
    When(
        arrived_at__isnull=True,
        started_at__isnull=True,
        on_site_by__isnull=False,
        then=Value("on_site"),
    ),
    When(resolved_at__isnull=True, resolve_by__isnull=False, then=Value("resolve")),
    default=Value(""),
    output_field=CharField(),
)
_NEXT_DUE = Case(
    When(acknowledged_at__isnull=True, respond_by__isnull=False, then=F("respond_by")),
    When(
        arrived_at__isnull=True,
        started_at__isnull=True,
        on_site_by__isnull=False,
        then=F("on_site_by"),
    ),
    When(resolved_at__isnull=True, then=F("resolve_by")),
    default=Value(None),
    output_field=DateTimeField(),
)


def engineer_jobs_today(*, user: User, now: dt.datetime | None = None) -> EngineerJobs:
    """The orders assigned to ``user`` that are still open (before resolved), ordered by
    the deadline of their next SLA target (none last, then oldest report first), and
    those resolved today (local date) and not reopened or cancelled since. Two queries
    (after the user's scope).

    A paused order's deadline will move when it resumes; it is ordered by the deadline
    stored now (a pause stops the clock, it never makes the order more urgent)."""
    now = now or timezone.now()
    zone = timezone.get_default_timezone()
    day = timezone.localtime(now, zone).date()
    start = dt.datetime.combine(day, dt.time.min, tzinfo=zone)
    end = start + dt.timedelta(days=1)
    mine = service_order_visible_qs(user=user).filter(assigned_engineer_id=user.pk)
    open_orders = (
        _for_list(mine.filter(status__in=BEFORE_RESOLVED))
        .annotate(next_target=_NEXT_TARGET, next_due=_NEXT_DUE)
        .order_by(F("next_due").asc(nulls_last=True), "reported_at", "id")
    )
    done = (
        _for_list(mine.filter(resolved_at__gte=start, resolved_at__lt=end))
        .exclude(status__in=[*BEFORE_RESOLVED, Status.CANCELLED])
        .order_by("-resolved_at", "-id")
    )
    return EngineerJobs(day=day, open=list(open_orders), done_today=list(done))


def service_order_by_number(*, user: User, number: str) -> ServiceOrder | None:
    """The order numbered ``number`` (case and surrounding spaces ignored) if ``user``
    may see it; None otherwise — a form that takes an order number says "unknown"."""
    term = (number or "").strip().upper()
    if not term:
        return None
    return first_or_none(service_order_visible_qs(user=user).filter(number=term))
