import datetime as dt
from typing import Literal
from uuid import UUID

from ninja import Schema

NotificationStatus = Literal["pending", "sending", "sent", "failed", "cancelled"]
NotificationChannel = Literal["email", "sms", "webhook", "wecom", "dingtalk"]


class NotificationOut(Schema):
    id: int
    delivery_id: UUID
    event_type: str
    channel: NotificationChannel
    order: int | None
    order_number: str | None
    recipient: str
    address: str
    language: str
    subject: str
    status: NotificationStatus
    attempts: int
    next_attempt_at: dt.datetime | None
    last_error: str
    sent_at: dt.datetime | None
    created_at: dt.datetime


class NotificationListOut(Schema):
    count: int
    results: list[NotificationOut]
