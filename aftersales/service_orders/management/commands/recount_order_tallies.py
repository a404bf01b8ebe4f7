from typing import Any

from django.core.management.base import BaseCommand

from aftersales.service_orders.tallies import tallies_rebuild


class Command(BaseCommand):
    help = "Rebuild the per-region, per-status order counts (after a bulk import)."

    def handle(self, *args: Any, **options: Any) -> None:
        rows = tallies_rebuild()
        self.stdout.write(f"{rows} tally rows rebuilt")
