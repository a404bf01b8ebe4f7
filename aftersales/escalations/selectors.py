"""Reads of escalations: the managers' view of what climbed the ladder (SLA-4)."""

from __future__ import annotations

from django.db.models import QuerySet

from aftersales.accounts.access import require, scope_for
from aftersales.accounts.models import User
from aftersales.escalations.models import Escalation
from aftersales.service_orders.selectors import access_service_order, service_order_visible_qs
from aftersales.service_orders.status import BEFORE_RESOLVED


def escalation_list(
    *,
    user: User,
    order_id: int | None = None,
    level: str | None = None,
    target: str | None = None,
    open_only: bool = False,
) -> QuerySet[Escalation]:
    """Escalations of the orders ``user`` may see, newest first (404 for an invisible
    ``order``, then 403 without ``escalation.list``); ``open_only``: of orders not yet
    resolved (or cancelled)."""
    qs = Escalation.objects.select_related("order")
    if order_id is not None:
        order = access_service_order(user=user, order_id=order_id)
        require(user, "escalation.list")
        qs = qs.filter(order=order)
    else:
        require(user, "escalation.list")
        if not scope_for(user).everything:  # no IN (every order) for head office
            qs = qs.filter(order__in=service_order_visible_qs(user=user))
    if level:
        qs = qs.filter(level=level)
    if target:
        qs = qs.filter(target=target)
    if open_only:
        qs = qs.filter(order__status__in=BEFORE_RESOLVED)
    return qs.order_by("-escalated_at", "-id")
