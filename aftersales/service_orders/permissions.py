"""Who may take which SO-3 action on a visible order (403 otherwise)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from aftersales.accounts.access import require
from aftersales.accounts.models import User
from aftersales.accounts.roles import ACTIONS, CUSTOMER, RoleCode
from aftersales.charges.guards import GUARDED_ACTIONS, held_actions
from aftersales.core.exceptions import PermissionDenied
from aftersales.service_orders.models import ServiceOrder
from aftersales.service_orders.status import Action, Status, allowed_actions

# Steps done in the field: an engineer (with no other permitting role) must be the
# assigned one.
FIELD_STEPS = frozenset(
    {
        Action.DEPART,
        Action.ARRIVE,
        Action.START,
        Action.WAIT,
        Action.RESUME,
        Action.COMPLETE,
        Action.CONFIRM,
    }
)
CUSTOMER_CANCELLABLE = frozenset({Status.NEW, Status.ACKNOWLEDGED})


def check_actor(*, actor: User, order: ServiceOrder, action: Action) -> None:
    require(actor, f"order.{action.value}")
    roles = actor.role_codes
    if CUSTOMER in roles and action is Action.CANCEL and order.status not in (CUSTOMER_CANCELLABLE):
        raise PermissionDenied(
            _(
                "An order can be cancelled by the customer only before an "
                "engineer is assigned; please call us."
            )
        )
    permitting = roles & ACTIONS[f"order.{action.value}"]
    if (
        action in FIELD_STEPS
        and permitting == {RoleCode.ENGINEER}
        and order.assigned_engineer_id != actor.pk
    ):
        raise PermissionDenied(_("Only the assigned engineer may do this."))


def actions_for(*, actor: User, order: ServiceOrder) -> list[Action]:
    """Actions the state machine allows now and this user may take (to show buttons);
    work steps held by a quote awaiting the customer's approval (FEE-2) are left out."""
    result = []
    for action in allowed_actions(order.status):
        try:
            check_actor(actor=actor, order=order, action=action)
        except PermissionDenied:
            continue
        result.append(action)
    if any(a.value in GUARDED_ACTIONS for a in result):
        held = held_actions(order=order)
        result = [a for a in result if a.value not in held]
    return result
