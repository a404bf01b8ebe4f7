"""Reads that turn orders and engineers into the plain facts of ``dispatch.rules``.

Every loader runs a fixed number of statements, however many engineers there are: the
engineers come in one query with their open workload (and, for one order, how often
they served its customer) as subqueries, their skills and valid certificates as two
prefetches, and the network points with coordinates in one more.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from aftersales.accounts.models import User
from aftersales.accounts.roles import RoleCode
from aftersales.dispatch.rules import Certification, EngineerFacts, OrderFacts
from aftersales.organisation.geo import ancestor_paths, parent_path
from aftersales.organisation.places import Places
from aftersales.service_orders.models import ServiceOrder
from aftersales.service_orders.status import Status
from aftersales.training.models import Certificate
from aftersales.training.selectors import valid_certificates

# An engineer's open workload: orders assigned to them and not yet resolved.
OPEN_STATUSES = (
    Status.ASSIGNED,
    Status.EN_ROUTE,
    Status.ON_SITE,
    Status.IN_PROGRESS,
    Status.WAITING,
)


def _count(qs: QuerySet[ServiceOrder]) -> Coalesce:
    counted = (
        qs.filter(assigned_engineer_id=OuterRef("pk"))
        .order_by()
        .values("assigned_engineer_id")
        .annotate(n=Count("id"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def engineer_pool_qs(
    *,
    region_path: str,
    on: dt.date,
    product_line_id: int | None = None,
    customer_id: int | None = None,
    exclude_order_id: int | None = None,
) -> QuerySet[User]:
    """Active, on-shift engineers who may serve ``region_path`` or its neighbours (the
    rules decide per order which of them really may), with what ranking needs. With a
    product line, only engineers skilled and certified for it on ``on``."""
    parent = parent_path(region_path) or region_path
    is_engineer = User.roles.through.objects.filter(
        user_id=OuterRef("pk"), role_id=RoleCode.ENGINEER
    )
    open_orders = ServiceOrder.objects.filter(status__in=OPEN_STATUSES)
    if exclude_order_id is not None:
        open_orders = open_orders.exclude(pk=exclude_order_id)
    qs = (
        User.objects.filter(
            Exists(is_engineer),
            Q(region__path__startswith=parent) | Q(region__path__in=ancestor_paths(region_path)),
            is_active=True,
            on_shift=True,
            customer__isnull=True,
        )
        .select_related("region", "network_point")
        .annotate(open_workload=_count(open_orders))
        .prefetch_related(
            Prefetch("skills", to_attr="skill_list"),
            Prefetch(
                "certificates",
                queryset=valid_certificates(on=on).order_by("valid_until", "id"),
                to_attr="valid_certificate_list",
            ),
        )
        .order_by("id")
    )
    if product_line_id is not None:
        qs = qs.filter(
            Exists(
                User.skills.through.objects.filter(
                    user_id=OuterRef("pk"), productline_id=product_line_id
                )
            ),
            Exists(
                valid_certificates(on=on).filter(
                    holder_id=OuterRef("pk"), product_line_id=product_line_id
                )
            ),
        )
    if customer_id is not None:
        served = ServiceOrder.objects.filter(customer_id=customer_id).exclude(
            status=Status.CANCELLED
        )
        if exclude_order_id is not None:
            served = served.exclude(pk=exclude_order_id)
        qs = qs.annotate(served_before=_count(served))
    return qs


def engineer_facts(users: Iterable[User], places: Places) -> list[EngineerFacts]:
    facts = []
    for user in users:
        certificates: dict[int, Certification] = {}
        cert: Certificate
        for cert in getattr(user, "valid_certificate_list", []):  # by expiry: last wins
            certificates[cert.product_line_id] = Certification(cert.number, cert.valid_until)
        location, source, source_name = places.engineer_origin(user)
        facts.append(
            EngineerFacts(
                id=user.pk,
                name=str(user),
                region_path=user.region.path if user.region else None,
                region_name=user.region.name if user.region else "",
                region_id=user.region_id,
                active=user.is_active,
                on_shift=user.on_shift,
                skills=frozenset(line.pk for line in getattr(user, "skill_list", [])),
                certificates=certificates,
                location=location,
                location_source=source,
                location_name=source_name,
                workload=getattr(user, "open_workload", 0),
                served_before=getattr(user, "served_before", 0),
            )
        )
    return facts


def order_facts(order: ServiceOrder, places: Places) -> OrderFacts:
    """Needs the order with ``region`` and ``unit__product_model__product_line`` loaded."""
    line = order.unit.product_model.product_line if order.unit is not None else None
    location, _path = places.region_location(order.region.path)
    return OrderFacts(
        id=order.pk,
        region_path=order.region.path,
        product_line_id=line.pk if line is not None else None,
        location=location,
        on_site_by=order.on_site_by,
        region_name=order.region.name,
        product_line_name=line.name if line is not None else "",
    )
