"""Admin screens of notifications: the outbox (read-only, with "retry now"), webhook
endpoints and robots (configuration), and recipients' languages. Templates are files
(``notifications/templates/notifications/``), not rows."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from aftersales.accounts.access import may
from aftersales.core.admin import ReadOnlyAdmin, RoleModelAdmin
from aftersales.core.exceptions import ApplicationError
from aftersales.notifications.models import (
    EventType,
    Notification,
    RecipientPreference,
    WebhookEndpoint,
)
from aftersales.notifications.services import notification_retry


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    """The outbox: every message with its state; failed ones show their last error and
    can be sent again ("retry now")."""

    list_display = (
        "created_at",
        "event_type",
        "channel",
        "recipient",
        "order",
        "status",
        "attempts",
        "next_attempt_at",
        "short_error",
    )
    list_filter = ("status", "channel", "event_type")
    search_fields = ("=order__number", "=address", "recipient_name")
    list_select_related = ("order", "endpoint")
    date_hierarchy = "created_at"
    show_full_result_count = False
    actions = ["retry_now"]
    readonly_fields = (
        "delivery_id",
        "event_type",
        "order",
        "source_event",
        "channel",
        "recipient_name",
        "address",
        "endpoint",
        "recipient_user",
        "recipient_customer",
        "status",
        "attempts",
        "next_attempt_at",
        "locked_until",
        "last_error",
        "sent_at",
        "provider_ref",
        "language",
        "subject",
        "body",
        "context",
        "created_at",
    )

    @admin.display(description=_("recipient"))
    def recipient(self, obj: Notification) -> str:
        if obj.endpoint_id is not None:
            return str(obj.endpoint)
        return f"{obj.recipient_name} <{obj.address}>"

    @admin.display(description=_("last error"))
    def short_error(self, obj: Notification) -> str:
        return obj.last_error[:80]

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        actions = super().get_actions(request)
        user = request.user
        if "retry_now" in actions and not (
            user.is_authenticated and may(user, "notification.retry")
        ):
            del actions["retry_now"]
        return actions

    @admin.action(description=_("Retry now"))
    def retry_now(self, request: HttpRequest, queryset: QuerySet[Notification]) -> None:
        try:
            count = notification_retry(
                actor=request.user,  # type: ignore[arg-type]
                ids=list(queryset.values_list("pk", flat=True)),
            )
        except ApplicationError as exc:
            self.message_user(request, exc.message, messages.ERROR)
            return
        self.message_user(
            request,
            ngettext(
                "%(count)d notification queued again.",
                "%(count)d notifications queued again.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


def _https_urls(db_field: models.Field, **kwargs: Any) -> Any:
    if isinstance(db_field, models.URLField):
        kwargs["assume_scheme"] = "https"  # a URL typed without a scheme is https
    return db_field.formfield(**kwargs)


class WebhookEndpointForm(forms.ModelForm):
    event_types = forms.MultipleChoiceField(
        label=_("event types"),
        choices=EventType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked = every event."),
    )

    class Meta:
        model = WebhookEndpoint
        fields = ("name", "kind", "url", "secret", "event_types", "region", "language", "active")
        formfield_callback = _https_urls


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(RoleModelAdmin):
    """Other systems and group robots that hear of events (NTF-2). Switch one off rather
    than delete it: its sent messages refer to it."""

    form = WebhookEndpointForm
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ("name", "kind", "region", "language", "active", "events")
    list_filter = ("kind", "active")
    list_editable = ("active",)

    @admin.display(description=_("event types"))
    def events(self, obj: WebhookEndpoint) -> str:
        return ", ".join(obj.event_types) if obj.event_types else str(_("all"))


@admin.register(RecipientPreference)
class RecipientPreferenceAdmin(RoleModelAdmin):
    list_display = ("__str__", "user", "customer", "language")
    list_filter = ("language",)
    raw_id_fields = ("user", "customer")
