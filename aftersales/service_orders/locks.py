"""Row locks for service orders (conventions B.3.7).

On PostgreSQL ``select_for_update`` holds the row until commit, so two people acting
on one order at once are serialised and the second sees the first's result. On SQLite
the ``IMMEDIATE`` transaction mode serialises writers instead.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from aftersales.accounts.models import User
from aftersales.core.exceptions import NotFound
from aftersales.core.queries import first_or_none
from aftersales.service_orders.models import OrderNumberSequence, ServiceOrder
from aftersales.service_orders.selectors import service_order_visible_qs


def service_order_lock_qs() -> QuerySet[ServiceOrder]:
    return ServiceOrder.objects.select_for_update(of=("self",)).order_by("pk")


def lock_visible_order(
    *, actor: User, order_id: int, related: tuple[str, ...] = ()
) -> ServiceOrder:
    """The order, locked for this transaction (with ``related`` joined); ``NotFound`` when
    the actor may not see it, checked before locking so an invisible order is never locked."""
    if first_or_none(service_order_visible_qs(user=actor).filter(pk=order_id)) is None:
        raise NotFound(_("Service order not found."))
    return service_order_lock_qs().select_related(*related).get(pk=order_id)


def order_sequence_lock_qs() -> QuerySet[OrderNumberSequence]:
    return OrderNumberSequence.objects.select_for_update()
