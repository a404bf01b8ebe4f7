"""The notification resource of the API, from an outbox row."""

from __future__ import annotations

from typing import Any

from aftersales.notifications.models import Notification, Status


def notification_resource(n: Notification) -> dict[str, Any]:
    """A row as staff see it. An endpoint is named, never shown by URL: robot URLs
    carry their access token."""
    return {
        "id": n.pk,
        "delivery_id": n.delivery_id,
        "event_type": n.event_type,
        "channel": n.channel,
        "order": n.order_id,
        "order_number": n.order.number if n.order is not None else None,
        "recipient": str(n.endpoint) if n.endpoint_id else n.recipient_name,
        "address": "" if n.endpoint_id else n.address,
        "language": n.language,
        "subject": n.subject,
        "status": n.status,
        "attempts": n.attempts,
        "next_attempt_at": n.next_attempt_at if n.status == Status.PENDING else None,
        "last_error": n.last_error,
        "sent_at": n.sent_at,
        "created_at": n.created_at,
    }
