"""What every charge write checks first: the order is visible (404) and locked, the
actor may act (403), texts are sane (422), the order's state allows it (409), and a
price list is in force."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from aftersales.accounts.access import require
from aftersales.accounts.models import User
from aftersales.accounts.roles import ACTIONS, RoleCode
from aftersales.charges.models import PriceList
from aftersales.charges.selectors import price_list_in_force
from aftersales.core.exceptions import Conflict, PermissionDenied
from aftersales.core.validation import Errors
from aftersales.service_orders.locks import lock_visible_order as service_order_lock_visible
from aftersales.service_orders.models import ServiceOrder
from aftersales.service_orders.status import BEFORE_RESOLVED, Status
from aftersales.units.models import Unit

# A quote may be issued, approved or declined on an order that is not yet resolved.
QUOTABLE = BEFORE_RESOLVED
# The final charges may be adjusted while the work is done and until the customer
# accepts it (confirm).
ADJUSTABLE = frozenset({Status.IN_PROGRESS, Status.RESOLVED})
MAX_TEXT = 5000


def lock_visible_order(*, actor: User, order_id: int) -> ServiceOrder:
    """The order, locked; ``NotFound`` (before locking) when the actor may not see it."""
    order = service_order_lock_visible(actor=actor, order_id=order_id)
    if order.unit_id is not None:  # the warranty needs the unit's model, line, customer
        order.unit = Unit.objects.select_related("product_model__product_line", "customer").get(
            pk=order.unit_id
        )
    return order


def check_actor(*, actor: User, order: ServiceOrder, action: str) -> None:
    """``ACTIONS`` decides; an engineer (with no other permitting role) must be the
    order's assigned engineer, as for the field steps of SO-3."""
    require(actor, action)
    permitting = actor.role_codes & ACTIONS[action]
    if permitting == {RoleCode.ENGINEER} and order.assigned_engineer_id != actor.pk:
        raise PermissionDenied(_("Only the assigned engineer may do this."))


def clean_text(errors: Errors, field: str, value: str | None, *, required: bool) -> str:
    value = (value or "").strip()
    if required and not value:
        errors.add(field, _("is required"))
    if len(value) > MAX_TEXT:
        errors.add(field, _("is longer than %(max)s characters") % {"max": MAX_TEXT})
    return value


def require_state(order: ServiceOrder, allowed: frozenset[Status], message: str) -> None:
    if order.status not in allowed:
        raise Conflict(
            message % {"status": Status(order.status).label},
            extra={"status": order.status},
        )


def price_list_today() -> PriceList:
    today = timezone.localdate()
    price_list = price_list_in_force(on=today)
    if price_list is None:
        raise Conflict(
            _("No price list is in force on %(date)s; an administrator must publish one.")
            % {"date": today.isoformat()}
        )
    return price_list
