"""E-mail through Django's mail backends (``EMAIL_BACKEND``, ``EMAIL_HOST`` …); the
console backend by default, so a local run prints what it would send."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage, get_connection

from aftersales.notifications.providers.base import DeliveryError, Outgoing
from aftersales.notifications.signing import DELIVERY_HEADER, EVENT_HEADER


class EmailProvider:
    def send(self, message: Outgoing) -> str:
        if not message.address:
            raise DeliveryError("no e-mail address", permanent=True)
        # A Message-ID made from the delivery id: a resent copy (after a crashed worker)
        # carries the same id, which mail systems use to drop duplicates.
        domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip("> ") or "localhost"
        message_id = f"<{message.delivery_id}@{domain}>"
        mail = EmailMessage(
            subject=message.subject,
            body=message.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[message.address],
            headers={
                "Message-ID": message_id,
                DELIVERY_HEADER: message.delivery_id,
                EVENT_HEADER: message.event_type,
            },
            connection=get_connection(fail_silently=False),
        )
        sent = mail.send(fail_silently=False)
        if sent != 1:
            raise DeliveryError("the mail backend accepted no message")
        return message_id
