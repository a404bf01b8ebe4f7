"""The ledger's arithmetic (INV-2, INV-3), pure: what each kind of move does to the
balances of the warehouses it names, and the balances a list of moves adds up to.

A balance is three counters per warehouse and part: ``on_hand`` (good parts, reserved
ones included), ``reserved`` (set aside for orders) and ``defective`` (defective parts
returned, INV-4). ``available`` = on hand − reserved. Every move keeps
0 ≤ reserved ≤ on hand and defective ≥ 0; a move that would break that is refused.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

# kind -> ((side, counter, sign), …); side "from" or "to" names the move's warehouse.
# An adjustment counts up into ``to_warehouse`` or down out of ``from_warehouse``.
EFFECTS: dict[str, tuple[tuple[str, str, int], ...]] = {
    "receipt": (("to", "on_hand", +1),),
    "transfer": (("from", "on_hand", -1), ("to", "on_hand", +1)),
    "reserve": (("from", "reserved", +1),),
    "release": (("from", "reserved", -1),),
    "issue": (("from", "on_hand", -1),),
    "defective_return": (("to", "defective", +1),),
    "scrap": (("from", "on_hand", -1),),
    "adjustment": (("from", "on_hand", -1), ("to", "on_hand", +1)),
}
COUNTERS = ("on_hand", "reserved", "defective")
# Which warehouses a move of each kind names: (from, to); adjustments name one of them.
SIDES: dict[str, tuple[bool, bool]] = {
    "receipt": (False, True),
    "transfer": (True, True),
    "reserve": (True, False),
    "release": (True, False),
    "issue": (True, False),
    "defective_return": (False, True),
    "scrap": (True, False),
}


@dataclass(frozen=True)
class Move:
    kind: str
    part: int
    quantity: int
    from_warehouse: int | None = None
    to_warehouse: int | None = None


@dataclass(frozen=True)
class Balance:
    on_hand: int = 0
    reserved: int = 0
    defective: int = 0

    @property
    def available(self) -> int:
        return self.on_hand - self.reserved

    def valid(self) -> bool:
        return 0 <= self.reserved <= self.on_hand and self.defective >= 0


Key = tuple[int, int]  # (warehouse, part)


def deltas(move: Move) -> dict[Key, dict[str, int]]:
    """The change each named warehouse's balance of the part undergoes."""
    out: dict[Key, dict[str, int]] = {}
    for side, counter, sign in EFFECTS[move.kind]:
        warehouse = move.from_warehouse if side == "from" else move.to_warehouse
        if warehouse is None:
            continue
        key = (warehouse, move.part)
        out.setdefault(key, {})
        out[key][counter] = out[key].get(counter, 0) + sign * move.quantity
    return out


def apply(balances: Mapping[Key, Balance], move: Move) -> dict[Key, Balance]:
    """The balances after ``move``; ``ValueError`` if any would leave the valid range
    (the caller's balances are not changed)."""
    after = dict(balances)
    for key, change in deltas(move).items():
        old = after.get(key, Balance())
        new = Balance(**{c: getattr(old, c) + change.get(c, 0) for c in COUNTERS})
        if not new.valid():
            raise ValueError(f"move {move} leaves {key} at {new}")
        after[key] = new
    return after


def ledger_sums(moves: Iterable[Move]) -> dict[Key, Balance]:
    """What the balances must be, summed from the moves (whatever their order)."""
    totals: dict[Key, dict[str, int]] = defaultdict(lambda: dict.fromkeys(COUNTERS, 0))
    for move in moves:
        for key, change in deltas(move).items():
            for counter, value in change.items():
                totals[key][counter] += value
    return {key: Balance(**values) for key, values in totals.items()}
