from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from aftersales.accounts.models import User
from aftersales.core.exceptions import NotFound
from aftersales.core.queries import first_or_none
from aftersales.customers.selectors import customer_visible_qs
from aftersales.units.models import Unit
from aftersales.warranty.selectors import unit_has_exclusions


def unit_visible_qs(*, user: User) -> QuerySet[Unit]:
    """Units of the customers the user may see."""
    return Unit.objects.filter(customer__in=customer_visible_qs(user=user))


def access_unit(*, user: User, unit_id: int) -> Unit:
    unit = first_or_none(_with_relations(unit_visible_qs(user=user)).filter(pk=unit_id))
    if unit is None:
        raise NotFound(_("Unit not found."))
    return unit


def unit_by_serial(*, serial_number: str) -> Unit | None:
    """A unit by serial or warranty card number (UNIT-2), regardless of visibility;
    ``has_exclusions`` tells whether any exclusion is recorded on it."""
    return first_or_none(
        _with_relations(Unit.objects.all())
        .annotate(has_exclusions=unit_has_exclusions("pk"))
        .filter(Q(serial_number=serial_number) | Q(warranty_card_number=serial_number))
    )


def unit_list(
    *,
    user: User,
    customer: int | None = None,
    serial_number: str | None = None,
    product_model: int | None = None,
) -> QuerySet[Unit]:
    qs = _with_relations(unit_visible_qs(user=user))
    if customer:
        qs = qs.filter(customer_id=customer)
    if serial_number:
        qs = qs.filter(serial_number__startswith=serial_number)
    if product_model:
        qs = qs.filter(product_model_id=product_model)
    return qs.order_by("-id")


def _with_relations(qs: QuerySet[Unit]) -> QuerySet[Unit]:
    return qs.select_related("product_model__product_line", "customer")
