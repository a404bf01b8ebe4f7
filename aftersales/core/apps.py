from django.apps import AppConfig
from django.db.backends.signals import connection_created


class CoreConfig(AppConfig):
    name = "aftersales.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from aftersales.core.db import use_fast_timestamps

        connection_created.connect(use_fast_timestamps, dispatch_uid="fast-timestamps")
