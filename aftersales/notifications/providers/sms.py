"""SMS through a pluggable provider (NTF-2).

``NOTIFY_SMS_PROVIDER`` names a class with ``send(*, phone, text, delivery_id) -> str``
(the gateway's message id). The default, ``ConsoleSmsProvider``, writes the message to
the ``aftersales.sms`` log instead of sending it, so a local run shows what a customer
would get. A real gateway (Aliyun, Tencent Cloud …) is a small class of this shape;
it should raise on any refusal so that the outbox retries.
"""

from __future__ import annotations

import logging
from functools import cache
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

from aftersales.notifications.providers.base import DeliveryError, Outgoing

logger = logging.getLogger("aftersales.sms")


class SmsGateway(Protocol):
    def send(self, *, phone: str, text: str, delivery_id: str) -> str: ...


class ConsoleSmsProvider:
    """Logs the SMS (level INFO on ``aftersales.sms``) and reports it sent."""

    def send(self, *, phone: str, text: str, delivery_id: str) -> str:
        logger.info("SMS to %s [%s]: %s", phone, delivery_id, text)
        return f"console:{delivery_id}"


@cache
def _gateway(path: str) -> SmsGateway:
    gateway: SmsGateway = import_string(path)()
    return gateway


class SmsProvider:
    def send(self, message: Outgoing) -> str:
        if not message.address:
            raise DeliveryError("no phone number", permanent=True)
        gateway = _gateway(settings.NOTIFY_SMS_PROVIDER)
        return gateway.send(
            phone=message.address, text=message.text, delivery_id=message.delivery_id
        )
