"""Reads of the loaner pool and its loans, limited to what the user may see (SEC-2).

* A loaner unit is visible with its warehouse (``inventory.selectors.warehouse_visible_qs``).
* A loan is visible with its order *or* with its unit's warehouse: the desk sees the
  loans of its orders, the warehouse keeper the loans of its shelves.

``overdue_q`` is ``rules.overdue_reason`` in SQL; ``loaner_offer`` is what the order
page shows (SLA-5: a loaner is due; the nearest available units).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Case, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from aftersales.accounts.access import require, scope_for
from aftersales.accounts.models import User
from aftersales.core.exceptions import NotFound
from aftersales.core.queries import first_or_none
from aftersales.escalations.models import LoanerDue
from aftersales.inventory.selectors import access_warehouse, warehouse_visible_qs
from aftersales.loaners.models import Loan, LoanerStatus, LoanerUnit
from aftersales.loaners.rules import LoanFacts, OverdueReason, overdue_reason
from aftersales.organisation.geo import ancestor_paths
from aftersales.service_orders.models import ServiceOrder
from aftersales.service_orders.selectors import access_service_order, service_order_visible_qs
from aftersales.service_orders.status import BEFORE_RESOLVED, Status

DEFAULT_GRACE_DAYS = 3
OFFER_LIMIT = 10


def return_grace() -> dt.timedelta:
    """How long after the repair is accepted a loaner may stay out
    (``LOANER_RETURN_GRACE_DAYS``, 3 days by default)."""
    return dt.timedelta(days=getattr(settings, "LOANER_RETURN_GRACE_DAYS", DEFAULT_GRACE_DAYS))


# --- the pool -------------------------------------------------------------------------


def loaner_visible_qs(*, user: User) -> QuerySet[LoanerUnit]:
    qs = LoanerUnit.objects.all()
    if scope_for(user).everything and not user.is_customer_user and user.role_codes:
        return qs  # every warehouse: no IN (every warehouse)
    return qs.filter(warehouse__in=warehouse_visible_qs(user=user))


def access_loaner(*, user: User, loaner_id: int) -> LoanerUnit:
    found = first_or_none(
        loaner_visible_qs(user=user)
        .select_related("product_model", "warehouse")
        .filter(pk=loaner_id)
    )
    if found is None:
        raise NotFound(_("Loaner unit not found."))
    return found


def _with_open_loan(qs: QuerySet[LoanerUnit]) -> QuerySet[LoanerUnit]:
    """Each unit with the order it is lent to, if it is out (``open_order_id``,
    ``open_order_number``, ``open_loan_id``) — one query for a whole page."""
    open_loans = Loan.objects.filter(loaner_id=OuterRef("pk"), returned_at__isnull=True)
    return qs.annotate(
        open_loan_id=Subquery(open_loans.values("pk")[:1]),
        open_order_id=Subquery(open_loans.values("order_id")[:1]),
        open_order_number=Subquery(open_loans.values("order__number")[:1]),
    )


def loaner_unit_list(
    *,
    user: User,
    warehouse_id: int | None = None,
    status: str | None = None,
    product_model_id: int | None = None,
) -> QuerySet[LoanerUnit]:
    """The units of the warehouses the user sees (403 without ``loaner.list``, then 404
    for a warehouse they don't see), by warehouse and serial number."""
    require(user, "loaner.list")
    qs = loaner_visible_qs(user=user)
    if warehouse_id is not None:
        access_warehouse(user=user, warehouse_id=warehouse_id)
        qs = qs.filter(warehouse_id=warehouse_id)
    if status:
        qs = qs.filter(status=status)
    if product_model_id is not None:
        qs = qs.filter(product_model_id=product_model_id)
    qs = qs.select_related("product_model", "warehouse")
    return _with_open_loan(qs).order_by("warehouse__code", "serial_number")


# --- loans ----------------------------------------------------------------------------


def loan_visible_qs(*, user: User) -> QuerySet[Loan]:
    qs = Loan.objects.all()
    if user.is_customer_user or not user.is_active or not user.role_codes:
        return qs.none()
    if scope_for(user).everything:
        return qs
    return qs.filter(
        Q(order__in=service_order_visible_qs(user=user))
        | Q(loaner__warehouse__in=warehouse_visible_qs(user=user))
    )


def access_loan(*, user: User, loan_id: int) -> Loan:
    found = first_or_none(
        loan_visible_qs(user=user)
        .select_related("loaner__product_model", "loaner__warehouse", "order")
        .filter(pk=loan_id)
    )
    if found is None:
        raise NotFound(_("Loan not found."))
    return found


def overdue_q(*, now: dt.datetime) -> Q:
    """``rules.overdue_reason`` as a filter on ``Loan``."""
    return Q(returned_at__isnull=True) & (
        Q(order__status=Status.CANCELLED)
        | Q(order__accepted_at__lt=now - return_grace())
        | Q(expected_back__lt=timezone.localdate(now))
    )


def overdue_loans(*, now: dt.datetime | None = None) -> QuerySet[Loan]:
    """Every loan that should be back by ``now`` (LOAN-2), longest out first; for the
    lists and for any job that chases them. Not limited to a user."""
    now = now or timezone.now()
    return (
        Loan.objects.filter(overdue_q(now=now))
        .select_related("loaner__product_model", "loaner__warehouse", "order")
        .order_by("issued_at", "id")
    )


def loan_overdue_reason(loan: Loan, *, now: dt.datetime | None = None) -> OverdueReason | None:
    """Why ``loan`` should be back by ``now`` (its order is read: select it related)."""
    facts = LoanFacts(
        returned=loan.returned_at is not None,
        expected_back=loan.expected_back,
        order_status=loan.order.status,
        accepted_at=loan.order.accepted_at,
    )
    return overdue_reason(facts, now=now or timezone.now(), grace=return_grace())


def loan_list(
    *,
    user: User,
    order_id: int | None = None,
    warehouse_id: int | None = None,
    open_only: bool = False,
    overdue_only: bool = False,
    now: dt.datetime | None = None,
) -> QuerySet[Loan]:
    """Loans the user sees, newest first; overdue ones longest out first. 404 for an
    invisible ``order``, then 403 without ``loaner.list``, then 404 for an invisible
    ``warehouse`` (the units' warehouse)."""
    qs = Loan.objects.all()
    if order_id is not None:
        order = access_service_order(user=user, order_id=order_id)
        require(user, "loaner.list")
        qs = qs.filter(order=order)
    else:
        require(user, "loaner.list")
        qs = loan_visible_qs(user=user)
    if warehouse_id is not None:
        access_warehouse(user=user, warehouse_id=warehouse_id)
        qs = qs.filter(loaner__warehouse_id=warehouse_id)
    if open_only:
        qs = qs.filter(returned_at__isnull=True)
    ordering = ("-issued_at", "-id")
    if overdue_only:
        qs = qs.filter(overdue_q(now=now or timezone.now()))
        ordering = ("issued_at", "id")
    qs = qs.select_related(
        "loaner__product_model", "loaner__warehouse", "order", "issued_by", "returned_by"
    )
    return qs.order_by(*ordering)


def open_loan_for_order(*, order: ServiceOrder) -> Loan | None:
    return first_or_none(
        Loan.objects.filter(order=order, returned_at__isnull=True).select_related(
            "loaner__product_model", "loaner__warehouse", "order", "issued_by"
        )
    )


# --- the offer on the order page (SLA-5) ------------------------------------------------


@dataclass(frozen=True)
class LoanerOffer:
    """What the order page shows: the SLA-5 record (``due``), the loan that is out
    (``open_loan``), and the units that could be lent now, best first (``available``:
    the unit's own product model first, then the nearest warehouse)."""

    due: LoanerDue | None
    open_loan: Loan | None
    available: list[LoanerUnit] = field(default_factory=list)
    order_open: bool = True  # the repair is still open (not resolved nor cancelled)

    @property
    def loaner_due(self) -> bool:
        """SLA-5 says a loaner must be offered, none is out yet and the repair is open."""
        return self.due is not None and self.open_loan is None and self.order_open


def _ancestor_paths(path: str) -> list[str]:
    """``/1/5/9/`` → ``["/1/5/", "/1/"]``: the region's parents, nearest first."""
    return ancestor_paths(path)[-2::-1]


def nearest_available_loaners(
    *, user: User, order: ServiceOrder, limit: int = OFFER_LIMIT
) -> list[LoanerUnit]:
    """Available units in active warehouses the user sees, near the order's region:
    its subtree first, then each parent's subtree (siblings, cousins …), then the
    central warehouses; within each, units of the order's product model first.
    ``proximity`` (0 = the order's own region) and ``same_model`` are annotated."""
    qs = loaner_visible_qs(user=user).filter(
        status=LoanerStatus.AVAILABLE, warehouse__is_active=True
    )
    path = order.region.path
    parents = _ancestor_paths(path)
    top = parents[-1] if parents else path
    qs = qs.filter(Q(warehouse__region__path__startswith=top) | Q(warehouse__region__isnull=True))
    whens = [When(warehouse__region__path__startswith=path, then=Value(0))]
    whens += [
        When(warehouse__region__path__startswith=p, then=Value(n))
        for n, p in enumerate(parents, start=1)
    ]
    proximity = Case(*whens, default=Value(len(parents) + 1), output_field=IntegerField())
    model_id = order.unit.product_model_id if order.unit_id and order.unit else None
    same_model = (
        Case(When(product_model_id=model_id, then=Value(1)), default=Value(0))
        if model_id is not None
        else Value(0)
    )
    qs = qs.annotate(proximity=proximity, same_model=same_model).select_related(
        "product_model", "warehouse__region"
    )
    return list(qs.order_by("-same_model", "proximity", "warehouse__code", "serial_number")[:limit])


def loaner_offer(*, user: User, order: ServiceOrder) -> LoanerOffer:
    """The loaner part of the order page. ``order`` is one the user sees (read with
    ``access_service_order``); 403 without ``loaner.list``. Units are looked up only
    when one could be lent: the order is open and has none out."""
    require(user, "loaner.list")
    due = first_or_none(LoanerDue.objects.filter(order_id=order.pk))
    open_loan = open_loan_for_order(order=order)
    available: list[LoanerUnit] = []
    order_open = order.status in BEFORE_RESOLVED
    if open_loan is None and order_open:
        available = nearest_available_loaners(user=user, order=order)
    return LoanerOffer(due=due, open_loan=open_loan, available=available, order_open=order_open)
