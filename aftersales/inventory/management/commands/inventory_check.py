"""``manage.py inventory_check``: verify that every stock balance equals the sum of its
moves (INV-2). Exit status 0 when they all agree, 1 (with each difference) when not."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from aftersales.inventory.checks import ledger_mismatches
from aftersales.inventory.models import Stock


class Command(BaseCommand):
    help = "Verify that every stock balance equals the sum of its moves (INV-2)."

    def handle(self, *args: Any, **options: Any) -> None:
        mismatches = ledger_mismatches()
        for m in mismatches:
            self.stderr.write(
                f"warehouse {m.warehouse} part {m.part}: stored on_hand={m.stored.on_hand} "
                f"reserved={m.stored.reserved} defective={m.stored.defective}; ledger "
                f"on_hand={m.ledger.on_hand} reserved={m.ledger.reserved} "
                f"defective={m.ledger.defective}"
            )
        if mismatches:
            raise CommandError(f"{len(mismatches)} balance(s) differ from the ledger")
        self.stdout.write(f"OK: {Stock.objects.count()} balances equal the sum of their moves")
