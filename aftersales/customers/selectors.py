from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from aftersales.accounts.access import scope_for
from aftersales.accounts.models import User
from aftersales.core.exceptions import NotFound
from aftersales.core.phone import normalise_phone
from aftersales.core.queries import first_or_none
from aftersales.customers.models import Customer


def customer_visible_qs(*, user: User) -> QuerySet[Customer]:
    scope = scope_for(user)
    qs = Customer.objects.all()
    if scope.everything:
        return qs
    condition = Q(pk__in=[])
    if scope.customer_id is not None:
        condition |= Q(pk=scope.customer_id)
    if scope.region_ids:
        condition |= Q(region_id__in=scope.region_ids)
    if scope.engineer_id is not None:
        condition |= Q(service_orders__assigned_engineer_id=scope.engineer_id)
    qs = qs.filter(condition)
    return qs.distinct() if scope.engineer_id is not None else qs


def access_customer(*, user: User, customer_id: int) -> Customer:
    customer = first_or_none(
        customer_visible_qs(user=user).select_related("region").filter(pk=customer_id)
    )
    if customer is None:
        raise NotFound(_("Customer not found."))
    return customer


def customer_list(
    *,
    user: User,
    phone: str | None = None,
    q: str | None = None,
    kind: str | None = None,
    region: int | None = None,
) -> QuerySet[Customer]:
    """Visible customers; ``phone`` matches the customer's or a contact's phone (CUS-3)."""
    qs = customer_visible_qs(user=user).select_related("region")
    if phone:
        phone = normalise_phone(phone)
        qs = qs.filter(Q(phone=phone) | Q(pk__in=_contact_customer_ids(phone)))
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(phone__startswith=q))
    if kind:
        qs = qs.filter(kind=kind)
    if region:
        qs = qs.filter(region_id=region)
    return qs.order_by("-id")


def _contact_customer_ids(phone: str) -> QuerySet[Customer]:
    from aftersales.customers.models import Contact

    return Contact.objects.filter(phone=phone).values("customer_id")  # type: ignore[return-value]
