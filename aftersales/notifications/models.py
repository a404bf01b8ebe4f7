"""The notification outbox (NTF-1..3) and where messages go.

A ``Notification`` is one message for one recipient on one channel, written in the same
transaction as the timeline event that caused it (the durable outbox). Workers claim a
row, render it in the recipient's language and hand it to the channel's provider;
failures are retried with back-off until ``NOTIFY_RETRY_DELAYS`` runs out, then the row
is ``failed`` with its last error (docs/subsystems/notifications.md).
"""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from aftersales.core.models import TimeStampedModel


class Channel(models.TextChoices):
    EMAIL = "email", _("email")
    SMS = "sms", _("SMS")
    WEBHOOK = "webhook", _("signed webhook")
    WECOM = "wecom", _("WeCom group robot")
    DINGTALK = "dingtalk", _("DingTalk group robot")


ENDPOINT_CHANNELS = (Channel.WEBHOOK, Channel.WECOM, Channel.DINGTALK)


class EventType(models.TextChoices):
    """What happened, as receivers (and templates) know it. Webhook endpoints subscribe
    to these codes; the codes are part of the webhook contract and never renamed."""

    ORDER_RECEIVED = "order.received", _("order received")
    ORDER_ASSIGNED = "order.assigned", _("engineer assigned")
    QUOTE_AWAITING = "quote.awaiting_approval", _("quote to approve")
    ORDER_COMPLETED = "order.completed", _("order completed")
    ORDER_STATUS = "order.status_changed", _("order status changed")
    ESCALATION_WARN = "escalation.warn", _("SLA target at risk (80 %)")
    ESCALATION_MANAGER = "escalation.manager", _("SLA target breached")
    ESCALATION_DIRECTOR = "escalation.director", _("SLA breach escalated to the director")
    LOANER_DUE = "loaner.due", _("loaner unit must be offered")
    LOANER_OVERDUE = "loaner.overdue", _("loaner unit overdue")


class Language(models.TextChoices):
    ZH_HANS = "zh-hans", "简体中文"
    EN = "en", "English"


class Status(models.TextChoices):
    PENDING = "pending", _("pending")
    SENDING = "sending", _("sending")
    SENT = "sent", _("sent")
    FAILED = "failed", _("failed")
    CANCELLED = "cancelled", _("cancelled")


def new_secret() -> str:
    return secrets.token_urlsafe(32)


class WebhookEndpoint(TimeStampedModel):
    """Another system or a team's group chat that receives events (NTF-2).

    ``webhook`` endpoints get a JSON body signed with HMAC-SHA256 over
    ``"<timestamp>.<body>"`` with ``secret``; WeCom and DingTalk robots get their own
    markdown message format (DingTalk's optional 加签 uses ``secret`` too). An endpoint
    with a region hears only about orders in that region's subtree.
    """

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(
        _("kind"),
        max_length=8,
        choices=[(c.value, c.label) for c in ENDPOINT_CHANNELS],
        default=Channel.WEBHOOK,
    )
    url = models.URLField(_("URL"), max_length=500)
    secret = models.CharField(
        _("secret"),
        max_length=200,
        blank=True,
        default=new_secret,
        help_text=_(
            "Signs webhook bodies; for a DingTalk robot with signing on, its SEC… secret. "
            "Empty for WeCom robots."
        ),
    )
    event_types = models.JSONField(
        _("event types"),
        default=list,
        blank=True,
        help_text=_("The events this endpoint receives; empty = all."),
    )
    region = models.ForeignKey(
        "organisation.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Only orders in this region and below; empty = every region."),
    )
    language = models.CharField(
        _("language"), max_length=8, choices=Language.choices, default=Language.ZH_HANS
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["webhook", "wecom", "dingtalk"]),
                name="webhook_endpoint_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class RecipientPreference(TimeStampedModel):
    """The language a person is written to in (NTF-3); without a row, zh-hans."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notification_preference",
    )
    customer = models.OneToOneField(
        "customers.Customer",
        verbose_name=_("customer"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notification_preference",
    )
    language = models.CharField(
        _("language"), max_length=8, choices=Language.choices, default=Language.ZH_HANS
    )

    class Meta:
        verbose_name = _("notification language")
        verbose_name_plural = _("notification languages")
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=True, customer__isnull=False)
                | Q(user__isnull=False, customer__isnull=True),
                name="recipient_preference_one_recipient",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user or self.customer}: {self.language}"


class Notification(models.Model):
    """One message for one recipient on one channel: the outbox row (NTF-2).

    Written with its cause; only the delivery columns change afterwards, through
    ``notifications.services``. ``delivery_id`` is sent along (webhook header, e-mail
    header) so that a receiver can drop the rare duplicate of a crashed worker.
    """

    delivery_id = models.UUIDField(_("delivery id"), default=uuid.uuid4, unique=True)
    event_type = models.CharField(_("event"), max_length=32, choices=EventType.choices)
    order = models.ForeignKey(
        "service_orders.ServiceOrder",
        verbose_name=_("service order"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="notifications",
    )
    source_event = models.ForeignKey(
        "service_orders.ServiceOrderEvent",
        verbose_name=_("timeline event"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    recipient_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recipient_customer = models.ForeignKey(
        "customers.Customer",
        verbose_name=_("customer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    endpoint = models.ForeignKey(
        WebhookEndpoint,
        verbose_name=_("endpoint"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="notifications",
    )
    # Phone or e-mail address for people; blank for endpoints (their URL is read at
    # sending time, so a corrected URL applies to retries).
    address = models.CharField(_("address"), max_length=254, blank=True)
    recipient_name = models.CharField(_("recipient"), max_length=150, blank=True)
    # The facts at the time of the cause (number, engineer, amounts …), rendered later.
    context = models.JSONField(default=dict, blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True)
    subject = models.CharField(_("subject"), max_length=255, blank=True)
    body = models.TextField(_("body"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"))
    locked_until = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    provider_ref = models.CharField(_("provider reference"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"))
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications (outbox)")
        indexes = [
            models.Index(fields=["order", "-created_at", "-id"], name="ntf_order"),
            # What the sweeper looks at: rows still to deliver, by when they are due.
            models.Index(
                fields=["next_attempt_at"],
                name="ntf_open_due",
                condition=Q(status__in=["pending", "sending"]),
            ),
            models.Index(fields=["status", "-created_at"], name="ntf_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["pending", "sending", "sent", "failed", "cancelled"]),
                name="ntf_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(channel__in=["email", "sms", "webhook", "wecom", "dingtalk"]),
                name="ntf_channel_valid",
            ),
            # One message per cause, channel and recipient, however often a cause is seen.
            models.UniqueConstraint(
                fields=["source_event", "channel", "address"],
                name="ntf_once_per_event_person",
                condition=Q(source_event__isnull=False, endpoint__isnull=True),
            ),
            models.UniqueConstraint(
                fields=["source_event", "endpoint"],
                name="ntf_once_per_event_endpoint",
                condition=Q(source_event__isnull=False, endpoint__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event_type} → {self.recipient_name or self.address} ({self.channel})"
