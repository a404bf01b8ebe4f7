"""Channel providers: one per channel, each taking a rendered ``Outgoing``."""

from __future__ import annotations

from aftersales.notifications.models import Channel
from aftersales.notifications.providers.base import DeliveryError, Outgoing, Provider, Target
from aftersales.notifications.providers.email import EmailProvider
from aftersales.notifications.providers.http import (
    DingTalkRobotProvider,
    WebhookProvider,
    WeComRobotProvider,
)
from aftersales.notifications.providers.sms import SmsProvider

PROVIDERS: dict[str, Provider] = {
    Channel.EMAIL: EmailProvider(),
    Channel.SMS: SmsProvider(),
    Channel.WEBHOOK: WebhookProvider(),
    Channel.WECOM: WeComRobotProvider(),
    Channel.DINGTALK: DingTalkRobotProvider(),
}


def provider_for(channel: str) -> Provider:
    return PROVIDERS[channel]


__all__ = ["DeliveryError", "Outgoing", "Target", "provider_for"]
