"""Writes of the outbox (NTF-1, NTF-2): rows for an event, delivery, retries, sweeping.

Life of a row: ``pending`` → (claimed) ``sending`` → ``sent``; a failed try goes back to
``pending`` with ``next_attempt_at`` pushed out by the back-off, and after the last
try to ``failed``. A worker claims a row with one conditional UPDATE (pending and due
→ sending, attempts + 1, a lease), so two workers handed the same row never both send
it; a worker that dies while sending leaves its lease to expire, and the sweeper puts
the row back. Nothing is sent inside a database transaction.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.db.models import F
from django.utils import timezone

from aftersales.accounts.access import require
from aftersales.accounts.models import User
from aftersales.accounts.roles import RoleCode
from aftersales.core.transactions import call_on_commit
from aftersales.notifications import queue
from aftersales.notifications.content import order_context, render
from aftersales.notifications.models import Channel, Notification, Status
from aftersales.notifications.providers import DeliveryError, Outgoing, Target, provider_for
from aftersales.notifications.rules import (
    AUDIENCES,
    Audience,
    Person,
    deduplicated,
    endpoint_wants,
    event_types_for,
    max_attempts,
    next_attempt_at,
    parse_delays,
    person_channels,
)
from aftersales.notifications.selectors import (
    customer_person,
    directors,
    endpoint_specs,
    language_for,
    nearest_region_staff,
    staff_person,
)
from aftersales.service_orders.models import ServiceOrder, ServiceOrderEvent

logger = logging.getLogger(__name__)

SWEEP_BATCH = 500
# Fresh rows are handed to the queue on commit; the sweeper leaves them this long
# before it decides that their task was lost.
SWEEP_GRACE = dt.timedelta(seconds=60)


def _people(order: ServiceOrder, audience: Audience) -> list[Person]:
    if audience is Audience.CUSTOMER:
        return [customer_person(order)]
    engineer = order.assigned_engineer if order.assigned_engineer_id else None
    if audience is Audience.ENGINEER:
        return [staff_person(engineer)] if engineer is not None else []
    if audience is Audience.ASSIGNEE_OR_DISPATCHERS:
        if engineer is not None:
            return [staff_person(engineer)]
        staff = nearest_region_staff(region=order.region, role=RoleCode.DISPATCHER)
        return [staff_person(u) for u in staff]
    if audience is Audience.REGION_MANAGERS:
        managers = nearest_region_staff(region=order.region, role=RoleCode.MANAGER)
        return [staff_person(u) for u in managers] or [staff_person(u) for u in directors()]
    return [staff_person(u) for u in directors()]


def notifications_for_order_event(*, event: ServiceOrderEvent) -> list[Notification]:
    """Write the outbox rows ``event`` calls for, in the caller's transaction, and hand
    them to the queue once it commits. Most events call for none and cost nothing."""
    event_types = event_types_for(kind=event.kind, action=event.action, extra=event.extra or {})
    if not event_types:
        return []
    order = event.order
    specs = endpoint_specs()
    now = timezone.now()
    rows: list[Notification] = []
    for event_type in event_types:
        audiences = AUDIENCES[event_type]
        endpoints = [
            spec
            for spec in specs
            if endpoint_wants(spec, event_type=event_type, region_path=order.region.path)
        ]
        if not audiences and not endpoints:
            continue
        context = order_context(order=order, event=event, event_type=event_type)
        base: dict[str, Any] = {
            "event_type": event_type,
            "order": order,
            "source_event": event,
            "context": context,
            "next_attempt_at": now,
            "created_at": now,
        }
        people = [
            (channel, address, person)
            for audience in audiences
            for person in _people(order, audience)
            for channel, address in person_channels(person)
        ]
        for channel, address, person in deduplicated(people):
            rows.append(
                Notification(
                    **base,
                    channel=channel,
                    address=address,
                    recipient_name=person.name,
                    recipient_user_id=person.user_id,
                    recipient_customer_id=person.customer_id,
                )
            )
        rows.extend(
            Notification(**base, channel=spec.kind, endpoint_id=spec.id) for spec in endpoints
        )
    if not rows:
        return []
    Notification.objects.bulk_create(rows)
    call_on_commit(queue.hand_over, [row.pk for row in rows])
    return rows


def _outgoing(notification: Notification) -> Outgoing:
    language = language_for(notification)
    rendered = render(
        event_type=notification.event_type, language=language, context=notification.context
    )
    endpoint = notification.endpoint
    target = None
    if endpoint is not None:
        if not endpoint.active:
            raise DeliveryError("the endpoint is switched off", permanent=True, cancel=True)
        target = Target(kind=endpoint.kind, url=endpoint.url, secret=endpoint.secret)
    body = rendered.email if notification.channel == Channel.EMAIL else rendered.robot
    payload = {
        "id": str(notification.delivery_id),
        "event": notification.event_type,
        "created_at": notification.created_at.isoformat(),
        "language": rendered.language,
        "order": {"id": notification.order_id, "number": notification.context.get("number")},
        "data": notification.context,
        "text": rendered.sms,
    }
    # Kept on the row: what was (to be) said, for the admin and the API.
    notification.language = rendered.language
    notification.subject = rendered.subject[:255]
    notification.body = (
        rendered.sms if notification.channel in (Channel.SMS, Channel.WEBHOOK) else body
    )
    return Outgoing(
        delivery_id=str(notification.delivery_id),
        event_type=notification.event_type,
        channel=notification.channel,
        address=notification.address,
        subject=rendered.subject,
        text=rendered.sms,
        body=body,
        payload=payload,
        target=target,
    )


def notification_deliver(*, notification_id: int, now: dt.datetime | None = None) -> str:
    """Try to send one row; returns ``sent``, ``retry``, ``failed``, ``cancelled`` or
    ``skipped`` (not due, or another worker has it). Safe to call any number of times."""
    now = now or timezone.now()
    lease = now + dt.timedelta(seconds=settings.NOTIFY_SEND_LEASE_SECONDS)
    claimed = Notification.objects.filter(
        pk=notification_id, status=Status.PENDING, next_attempt_at__lte=now
    ).update(status=Status.SENDING, attempts=F("attempts") + 1, locked_until=lease)
    if not claimed:
        return "skipped"
    notification = Notification.objects.select_related("endpoint").get(pk=notification_id)
    try:
        message = _outgoing(notification)
        reference = provider_for(notification.channel).send(message)
    except Exception as exc:  # any refusal is a failed try, kept with the row
        return _record_failure(notification, exc, now=now)
    mine = Notification.objects.filter(
        pk=notification.pk, status=Status.SENDING, attempts=notification.attempts
    )
    mine.update(
        status=Status.SENT,
        sent_at=now,
        locked_until=None,
        last_error="",
        provider_ref=str(reference)[:200],
        language=notification.language,
        subject=notification.subject,
        body=notification.body,
    )
    return "sent"


def _record_failure(notification: Notification, exc: Exception, *, now: dt.datetime) -> str:
    error = f"{type(exc).__name__}: {exc}"[:2000]
    permanent = isinstance(exc, DeliveryError) and exc.permanent
    retry_at = None
    if not permanent:
        delays = parse_delays(settings.NOTIFY_RETRY_DELAYS)
        retry_at = next_attempt_at(attempts=notification.attempts, delays=delays, now=now)
    if retry_at is not None:
        outcome, fields = "retry", {"status": Status.PENDING, "next_attempt_at": retry_at}
    elif isinstance(exc, DeliveryError) and exc.cancel:
        outcome, fields = "cancelled", {"status": Status.CANCELLED}
    else:
        outcome, fields = "failed", {"status": Status.FAILED}
    Notification.objects.filter(
        pk=notification.pk, status=Status.SENDING, attempts=notification.attempts
    ).update(
        locked_until=None,
        last_error=error,
        language=notification.language,
        subject=notification.subject,
        body=notification.body,
        **fields,
    )
    logger.warning(
        "notification %s try %s: %s (%s)", notification.pk, notification.attempts, error, outcome
    )
    if retry_at is not None:
        queue.hand_over([notification.pk], eta=retry_at)
    return outcome


def notifications_sweep(*, now: dt.datetime | None = None) -> list[int]:
    """Hand the queue every row it may have lost: rows due for a while that no task
    took (the queue lost it, or a commit hook never ran), and rows whose sender died
    (lease over). Returns the ids handed over; running it twice is harmless."""
    now = now or timezone.now()
    delays = parse_delays(settings.NOTIFY_RETRY_DELAYS)
    stale = Notification.objects.filter(status=Status.SENDING, locked_until__lt=now)
    # A try whose worker died counts as failed; the last one fails the row.
    stale.filter(attempts__gte=max_attempts(delays)).update(
        status=Status.FAILED, locked_until=None, last_error="the worker sending it stopped"
    )
    revived = list(stale.values_list("pk", flat=True)[:SWEEP_BATCH])
    Notification.objects.filter(pk__in=revived, status=Status.SENDING).update(
        status=Status.PENDING, next_attempt_at=now, locked_until=None
    )
    due = Notification.objects.filter(
        status=Status.PENDING, next_attempt_at__lte=now - SWEEP_GRACE
    ).order_by("next_attempt_at", "pk")
    ids = list(dict.fromkeys(revived + list(due.values_list("pk", flat=True)[:SWEEP_BATCH])))
    if ids:
        queue.deliver_later(ids)
    return ids


def notification_retry(*, actor: User, ids: list[int], now: dt.datetime | None = None) -> int:
    """ "Retry now" (admin): failed, cancelled or waiting rows go out again at once with
    a fresh back-off. Sent rows are left alone. Returns how many were queued."""
    require(actor, "notification.retry")
    now = now or timezone.now()
    rows = Notification.objects.filter(
        pk__in=ids, status__in=[Status.FAILED, Status.CANCELLED, Status.PENDING]
    )
    retry_ids = list(rows.values_list("pk", flat=True))
    rows.update(status=Status.PENDING, attempts=0, next_attempt_at=now, locked_until=None)
    if retry_ids:
        call_on_commit(queue.hand_over, retry_ids)
    return len(retry_ids)
