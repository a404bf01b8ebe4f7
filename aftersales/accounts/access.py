"""Who sees what (SEC-2), decided in one place.

``scope_for`` turns a user into a ``Scope``; each app's selectors apply the scope to
its own querysets (``service_order_visible_qs``, ``customer_visible_qs`` …) and its
``access_*`` helper answers ``NotFound`` both for a missing record and for one the
user may not see.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from aftersales.accounts.models import User
from aftersales.accounts.roles import ACTIONS, GLOBAL_ROLES, NATIONAL_READ_ROLES, REGIONAL_ROLES
from aftersales.core.exceptions import PermissionDenied
from aftersales.organisation.models import Region
from aftersales.organisation.selectors import region_list, region_subtree_ids


@dataclass(frozen=True)
class Scope:
    everything: bool = False
    region_ids: tuple[int, ...] = ()  # regions whose records are visible
    customer_id: int | None = None  # a customer's own sign-in
    engineer_id: int | None = None  # orders assigned to this engineer are visible too


def scope_for(user: User) -> Scope:
    cached: Scope | None = getattr(user, "_scope", None)
    if cached is not None:
        return cached
    scope = _compute_scope(user)
    user._scope = scope  # type: ignore[attr-defined]
    return scope


def _compute_scope(user: User) -> Scope:
    if not user.is_active or not user.is_authenticated:
        return Scope()
    if user.is_customer_user:
        return Scope(customer_id=user.customer_id)
    roles = user.role_codes
    if roles & GLOBAL_ROLES or roles & NATIONAL_READ_ROLES:
        return Scope(everything=True)
    if roles & REGIONAL_ROLES:
        engineer_id = user.pk if "engineer" in roles else None
        if user.region_id is None:
            # A regional role without a region is not limited to one (a head-office
            # dispatcher); an engineer without a region sees only assigned orders.
            if roles - {"engineer"}:
                return Scope(everything=True)
            return Scope(engineer_id=engineer_id)
        assert user.region is not None
        return Scope(
            region_ids=tuple(region_subtree_ids(region=user.region)), engineer_id=engineer_id
        )
    return Scope()


def region_visible_qs(*, user: User) -> QuerySet[Region]:
    """The regions whose records the user sees (their scope), in tree order."""
    scope = scope_for(user)
    regions = region_list()
    if scope.everything:
        return regions
    return regions.filter(pk__in=scope.region_ids)


def may(user: User, action: str) -> bool:
    return bool(user.role_codes & ACTIONS[action])


def require(user: User, action: str) -> None:
    """Raise ``PermissionDenied`` unless one of the user's roles allows ``action``."""
    if not may(user, action):
        raise PermissionDenied(
            _("You may not %(action)s.") % {"action": action.replace(".", " ").replace("_", " ")}
        )
