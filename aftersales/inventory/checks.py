"""INV-2 on a live database: every balance row equals the sum of its moves.

The ledger is summed in the database (one grouped query per side), then compared with
the ``Stock`` rows using the same ``rules.EFFECTS`` the moves were booked with.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Sum

from aftersales.inventory import rules
from aftersales.inventory.models import Stock, StockMove


@dataclass(frozen=True)
class Mismatch:
    warehouse: int
    part: int
    stored: rules.Balance
    ledger: rules.Balance


def ledger_balances() -> dict[rules.Key, rules.Balance]:
    totals: dict[rules.Key, dict[str, int]] = defaultdict(lambda: dict.fromkeys(rules.COUNTERS, 0))
    for side in ("from", "to"):
        column = f"{side}_warehouse"
        rows = (
            StockMove.objects.filter(**{f"{column}__isnull": False})
            .values(column, "part", "kind")
            .annotate(total=Sum("quantity"))
            .order_by()
        )
        for row in rows:
            for effect_side, counter, sign in rules.EFFECTS[row["kind"]]:
                if effect_side == side:
                    totals[(row[column], row["part"])][counter] += sign * row["total"]
    return {key: rules.Balance(**values) for key, values in totals.items()}


def ledger_mismatches() -> list[Mismatch]:
    """Balance rows that differ from their ledger (a missing row counts as zero)."""
    expected = ledger_balances()
    stored = {
        (w, p): rules.Balance(on_hand, reserved, defective)
        for w, p, on_hand, reserved, defective in Stock.objects.values_list(
            "warehouse_id", "part_id", "on_hand", "reserved", "defective"
        )
    }
    found = []
    for key in sorted(set(expected) | set(stored)):
        have, want = stored.get(key, rules.Balance()), expected.get(key, rules.Balance())
        if have != want:
            found.append(Mismatch(key[0], key[1], have, want))
    return found
