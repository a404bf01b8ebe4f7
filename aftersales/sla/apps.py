from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


def _forget_policies(**kwargs: Any) -> None:
    from aftersales.sla.selectors import forget_cached_policies

    forget_cached_policies()


class SlaConfig(AppConfig):
    name = "aftersales.sla"
    label = "sla"
    verbose_name = _("SLA")

    def ready(self) -> None:
        from aftersales.organisation.models import Region
        from aftersales.sla.models import SlaPolicy

        # A policy edited (or a region moved) in this process takes effect at once.
        for model in (SlaPolicy, Region):
            post_save.connect(_forget_policies, sender=model, dispatch_uid=f"sla-{model.__name__}")
            post_delete.connect(
                _forget_policies, sender=model, dispatch_uid=f"sla-del-{model.__name__}"
            )
