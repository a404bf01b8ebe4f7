from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


def _order_event_saved(*, instance: Any, created: bool, raw: bool = False, **kwargs: Any) -> None:
    """Every timeline event passes here: the outbox rows it calls for are written in
    the same transaction (docs/decisions/0004-notification-outbox.md says why this one
    hook is a signal)."""
    if created and not raw:
        from aftersales.notifications.services import notifications_for_order_event

        notifications_for_order_event(event=instance)


def _forget_endpoints(**kwargs: Any) -> None:
    from aftersales.notifications.selectors import forget_cached_endpoints

    forget_cached_endpoints()


class NotificationsConfig(AppConfig):
    name = "aftersales.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from aftersales.notifications.models import WebhookEndpoint
        from aftersales.organisation.models import Region
        from aftersales.service_orders.models import ServiceOrderEvent

        post_save.connect(
            _order_event_saved, sender=ServiceOrderEvent, dispatch_uid="notifications-outbox"
        )
        # An endpoint edited (or a region moved) in this process takes effect at once.
        for model in (WebhookEndpoint, Region):
            post_save.connect(_forget_endpoints, sender=model, dispatch_uid=f"ntf-{model.__name__}")
            post_delete.connect(
                _forget_endpoints, sender=model, dispatch_uid=f"ntf-del-{model.__name__}"
            )
