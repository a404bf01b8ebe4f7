"""Candidates for an order (DSP-1, DSP-2): who may take it, ranked, with reasons."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Case, F, IntegerField, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from aftersales.accounts.access import region_visible_qs, require
from aftersales.accounts.models import User
from aftersales.core.exceptions import Conflict
from aftersales.dispatch.facts import engineer_facts, engineer_pool_qs, order_facts
from aftersales.dispatch.reasons import Reason, reasons_for
from aftersales.dispatch.rules import Assessment, rank
from aftersales.organisation.models import Region
from aftersales.organisation.places import places_for
from aftersales.service_orders.models import Priority, ServiceOrder
from aftersales.service_orders.selectors import access_service_order, service_order_list
from aftersales.service_orders.status import Status

# Orders that are waiting for an engineer, or whose engineer may still be replaced.
DISPATCHABLE = frozenset({Status.NEW, Status.ACKNOWLEDGED, Status.ASSIGNED})


class NotDispatchable(Conflict):
    code = "not_dispatchable"


@dataclass(frozen=True)
class Candidate:
    assessment: Assessment
    reasons: list[Reason]


@dataclass(frozen=True)
class CandidateList:
    order: ServiceOrder
    candidates: list[Candidate]
    at: dt.datetime


def service_order_candidates(
    *, user: User, order_id: int, now: dt.datetime | None = None
) -> CandidateList:
    """The engineers who may take the order, best first. Refusals: 404 the order is
    invisible, 403 the user may not assign, 409 the order is past dispatch.

    Statements: the order, the engineers, their skills, their valid certificates, the
    network points — five, whatever the number of engineers."""
    order = access_service_order(user=user, order_id=order_id)
    require(user, "order.assign")
    if order.status not in DISPATCHABLE:
        raise NotDispatchable(
            _("The order is %(status)s: there is nobody to dispatch.")
            % {"status": Status(order.status).label}
        )
    now = now or timezone.now()
    on = timezone.localdate(now)
    places = places_for(order.region.path)
    facts = order_facts(order, places)
    pool = engineer_pool_qs(
        region_path=order.region.path,
        on=on,
        product_line_id=facts.product_line_id,
        customer_id=order.customer_id,
        exclude_order_id=order.pk,
    )
    ranked = rank(facts, engineer_facts(pool, places), now=now, on=on)
    return CandidateList(
        order=order,
        candidates=[Candidate(a, reasons_for(facts, a)) for a in ranked],
        at=now,
    )


# Most urgent first: the order of ``Priority`` from the top.
PRIORITY_RANK = {Priority.URGENT: 0, Priority.HIGH: 1, Priority.NORMAL: 2, Priority.LOW: 3}


def dispatch_queue(*, user: User, region_id: int | None = None) -> QuerySet[ServiceOrder]:
    """The orders waiting for an engineer that the user sees (acknowledged, unassigned),
    in the region's subtree if given, most urgent first: the earliest on-site target
    (orders without one last), then priority, then the earliest report. 403 unless the
    user may assign. List rows (``service_order_list``) with ``product_name`` too."""
    require(user, "order.assign")
    qs = service_order_list(user=user, status=[Status.ACKNOWLEDGED]).filter(
        assigned_engineer__isnull=True
    )
    if region_id is not None:
        region = Region.objects.filter(pk=region_id).values("path").first()
        if region is None:
            return qs.none()
        qs = qs.filter(region__path__startswith=region["path"])
    return qs.annotate(
        product_name=F("unit__product_model__name"),
        priority_rank=Case(
            *(When(priority=p, then=Value(rank)) for p, rank in PRIORITY_RANK.items()),
            default=Value(len(PRIORITY_RANK)),
            output_field=IntegerField(),
        ),
    ).order_by(F("on_site_by").asc(nulls_last=True), "priority_rank", "reported_at", "id")


def dispatch_regions(*, user: User) -> QuerySet[Region]:
    """The regions whose orders the user sees, tree order: what a dispatcher may choose
    for the board's filter and for batch dispatch (which checks the region itself)."""
    return region_visible_qs(user=user)
