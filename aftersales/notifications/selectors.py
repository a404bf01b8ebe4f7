"""Reads for the outbox: who is around an order, which endpoints listen, the list."""

from __future__ import annotations

from django.conf import settings
from django.db.models import QuerySet

from aftersales.accounts.access import require, scope_for
from aftersales.accounts.models import User
from aftersales.accounts.roles import RoleCode
from aftersales.core.process_cache import ProcessCache
from aftersales.notifications.models import Notification, RecipientPreference, WebhookEndpoint
from aftersales.notifications.rules import EndpointSpec, Person
from aftersales.organisation.models import Region
from aftersales.service_orders.models import ServiceOrder
from aftersales.service_orders.selectors import access_service_order, service_order_visible_qs


# The active endpoints are the same few rows for every event, so each process keeps
# them for NOTIFY_ENDPOINT_CACHE_SECONDS (0 = read them every time); saving an
# endpoint clears this process's copy at once (apps.py).
def forget_cached_endpoints() -> None:
    _endpoints.forget()


def _load_endpoint_specs() -> list[EndpointSpec]:
    return [
        EndpointSpec(
            id=endpoint.pk,
            kind=endpoint.kind,
            event_types=tuple(endpoint.event_types or ()),
            region_path=endpoint.region.path if endpoint.region else None,
        )
        for endpoint in WebhookEndpoint.objects.filter(active=True).select_related("region")
    ]


_endpoints = ProcessCache(_load_endpoint_specs, "NOTIFY_ENDPOINT_CACHE_SECONDS")


def endpoint_specs() -> list[EndpointSpec]:
    """The active endpoints with what they listen to."""
    return _endpoints.get()


def staff_person(user: User) -> Person:
    return Person(name=str(user), phone=user.phone, email=user.email, user_id=user.pk)


def customer_person(order: ServiceOrder) -> Person:
    """The customer as reached for this order: the order's contact phone (taken at
    intake, SO-2) and the customer's e-mail."""
    customer = order.customer
    return Person(
        name=customer.name,
        phone=order.contact_phone,
        email=customer.email,
        customer_id=customer.pk,
    )


def _active_staff(role: str) -> QuerySet[User]:
    return User.objects.filter(is_active=True, customer__isnull=True, roles__code=role).order_by(
        "pk"
    )


def nearest_region_staff(*, region: Region, role: str) -> list[User]:
    """Staff with ``role`` in the order's region or, failing that, the nearest region
    above it that has any (a city without its own manager escalates to the province's).
    Staff of that role with no region at all (head office) come last, as a fallback."""
    ancestor_ids = [int(part) for part in region.path.strip("/").split("/") if part]
    depth = {region_id: index for index, region_id in enumerate(ancestor_ids)}
    candidates = list(_active_staff(role).filter(region_id__in=ancestor_ids))
    if candidates:
        deepest = max(depth[u.region_id] for u in candidates if u.region_id is not None)
        return [u for u in candidates if u.region_id is not None and depth[u.region_id] == deepest]
    return list(_active_staff(role).filter(region__isnull=True))


def directors() -> list[User]:
    return list(_active_staff(RoleCode.DIRECTOR))


def language_for(notification: Notification) -> str:
    """The recipient's language (NTF-3): the endpoint's, the person's preference, or
    the site's default (zh-hans)."""
    if notification.endpoint_id is not None and notification.endpoint is not None:
        return notification.endpoint.language
    preference = None
    if notification.recipient_user_id is not None:
        preference = RecipientPreference.objects.filter(user_id=notification.recipient_user_id)
    elif notification.recipient_customer_id is not None:
        preference = RecipientPreference.objects.filter(
            customer_id=notification.recipient_customer_id
        )
    language = preference.values_list("language", flat=True).first() if preference else None
    return language or settings.LANGUAGE_CODE


def notification_list(
    *,
    user: User,
    order_id: int | None = None,
    status: str | None = None,
    channel: str | None = None,
) -> QuerySet[Notification]:
    """The outbox rows of the orders ``user`` may see (404 for an invisible ``order``),
    newest first. Staff only: ``notification.list`` in the ACTIONS table."""
    qs = Notification.objects.select_related("endpoint", "order")
    if order_id is not None:
        order = access_service_order(user=user, order_id=order_id)  # 404 before 403
        require(user, "notification.list")
        qs = qs.filter(order=order)
    else:
        require(user, "notification.list")
        if not scope_for(user).everything:  # no IN (every order) for head office
            qs = qs.filter(order__in=service_order_visible_qs(user=user))
    if status:
        qs = qs.filter(status=status)
    if channel:
        qs = qs.filter(channel=channel)
    return qs.order_by("-created_at", "-id")
