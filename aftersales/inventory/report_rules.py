"""INV-5 as plain arithmetic, without the database: reorder suggestions for stock below
its minimum, and the 3 % rule (本地库存不少于服务总量3%的备品备件) with transfers.

The selectors in ``inventory.reports`` gather the inputs (only what the user may see)
and turn the answers' ids back into records. Definitions: docs/subsystems/inventory.md,
"INV-5 minimum stock and the 3 % rule".

Regions are given as their materialised path of ids (``Region.path`` ``/1/5/`` →
``(1, 5)``); a central warehouse has the empty path. A region *contains* a warehouse
when the region's path is a prefix of the warehouse region's path.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

CENTRAL = "central"
VAN = "van"
# where a transfer to a region is received: its regional warehouse before a network
# point's, an engineer's van only when nothing else is there
_RECEIVING_ORDER = {"regional": 0, "network_point": 1, VAN: 2}

Path = tuple[int, ...]


def path_of(text: str | None) -> Path:
    """``"/1/5/"`` → ``(1, 5)``; ``None`` (a central warehouse) → ``()``."""
    return tuple(int(p) for p in (text or "").split("/") if p)


def contains(area: Path, path: Path) -> bool:
    """Whether the region ``area`` contains ``path`` (itself included); central never."""
    return bool(area) and path[: len(area)] == area


def _common_depth(a: Path, b: Path) -> int:
    depth = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        depth += 1
    return depth


# --- minimum / maximum per warehouse ------------------------------------------------------


@dataclass(frozen=True)
class Holding:
    """One part in one warehouse: its balance and levels."""

    warehouse_id: int
    part_id: int
    on_hand: int
    reserved: int = 0
    min_level: int | None = None
    max_level: int | None = None
    kind: str = "regional"
    region_path: Path = ()
    code: str = ""  # the warehouse's code: the last tie-break

    @property
    def available(self) -> int:
        return self.on_hand - self.reserved


def reorder_target(min_level: int, max_level: int | None) -> int:
    """What a warehouse below its minimum is filled up to: its maximum, else its minimum."""
    return max_level if max_level is not None else min_level


def is_below_minimum(h: Holding) -> bool:
    return h.min_level is not None and h.available < h.min_level


def surplus(h: Holding) -> int:
    """What may leave a warehouse: the available quantity above its maximum, else above
    its minimum, else (no levels) all of it. A van gives nothing (its stock is the
    engineer's working stock)."""
    if h.kind == VAN:
        return 0
    keep = h.max_level if h.max_level is not None else (h.min_level or 0)
    return max(0, h.available - keep)


def transfer_rank(*, to: Holding, source: Holding) -> tuple[int, int] | None:
    """How near a source is (smaller first), or None when it is no source for ``to``:
    a warehouse in the same top-level region, the deeper the shared region the nearer;
    then a central warehouse. Other regions and vans are not sources."""
    if source.warehouse_id == to.warehouse_id or source.kind == VAN:
        return None
    if source.kind == CENTRAL:
        return (1, 0)
    depth = _common_depth(to.region_path, source.region_path)
    if depth == 0:
        return None
    return (0, -depth)


@dataclass(frozen=True)
class Reorder:
    holding: Holding
    quantity: int  # up to the target
    transfers: tuple[tuple[int, int], ...]  # (source warehouse id, quantity), nearest first
    purchase: int  # the rest: to be bought (a receipt)


def plan_reorders(holdings: Iterable[Holding]) -> list[Reorder]:
    """A suggestion for each holding below its minimum, in the order given.

    The quantity fills the warehouse up to ``reorder_target``. It comes first from the
    surplus of other warehouses of the same part (``transfer_rank``, then the larger
    surplus, then the code), the rest is a purchase. A surplus given to one suggestion
    is not offered again to the next.
    """
    rows = list(holdings)
    left = {(h.warehouse_id, h.part_id): surplus(h) for h in rows}
    plans: list[Reorder] = []
    for need in rows:
        if not is_below_minimum(need):
            continue
        assert need.min_level is not None
        quantity = reorder_target(need.min_level, need.max_level) - need.available
        ranked = sorted(
            (
                (rank, -left[(s.warehouse_id, s.part_id)], s.code, s.warehouse_id, s)
                for s in rows
                if s.part_id == need.part_id
                and left[(s.warehouse_id, s.part_id)] > 0
                and (rank := transfer_rank(to=need, source=s)) is not None
            ),
            key=lambda t: t[:4],
        )
        transfers: list[tuple[int, int]] = []
        wanted = quantity
        for *_, source in ranked:
            if wanted == 0:
                break
            key = (source.warehouse_id, source.part_id)
            take = min(wanted, left[key])
            left[key] -= take
            wanted -= take
            transfers.append((source.warehouse_id, take))
        plans.append(Reorder(need, quantity, tuple(transfers), wanted))
    return plans


# --- the 3 % rule -------------------------------------------------------------------------


def required_spares(units: int, percent: Decimal) -> int:
    """Spare parts a region must hold for ``units`` serviced: ⌈percent % × units⌉."""
    if units < 0 or percent < 0:
        raise ValueError("units and percent must not be negative")
    return math.ceil(Decimal(units) * percent / 100)


@dataclass(frozen=True)
class Area:
    """A region of the report (it has a warehouse in its subtree)."""

    region_id: int
    path: Path


@dataclass(frozen=True)
class Depot:
    """A warehouse, for choosing where a region receives a transfer."""

    warehouse_id: int
    kind: str
    region_path: Path
    code: str


@dataclass(frozen=True)
class Lot:
    """The stock of one part in one warehouse, with the product lines the part fits."""

    warehouse_id: int
    part_id: int
    on_hand: int
    available: int
    lines: frozenset[int]
    kind: str
    region_path: Path  # () for a central warehouse
    code: str = ""  # the warehouse's code (tie-break)
    sku: str = ""  # the part's SKU (tie-break)


@dataclass(frozen=True)
class Served:
    """Units of one product line whose customers are in one region (not its subtree)."""

    region_path: Path
    line_id: int
    units: int


@dataclass(frozen=True)
class Transfer:
    from_warehouse_id: int
    from_region_id: int | None  # the region giving it up; None for a central warehouse
    part_id: int
    quantity: int


@dataclass(frozen=True)
class Coverage:
    """One row of the 3 % report: a region and a product line."""

    region_id: int
    line_id: int
    units: int
    required: int
    held: int
    shortfall: int
    transfers: tuple[Transfer, ...]
    to_warehouse_id: int | None  # where the transfers are received
    remaining: int  # still short after every suggested transfer (its own and below)


def receiving_warehouse(area: Path, depots: Iterable[Depot]) -> int | None:
    """Where a region receives transfers: the warehouse nearest the region's own level
    (regional before network point, a van last), then by code."""
    inside = [d for d in depots if d.kind != CENTRAL and contains(area, d.region_path)]
    if not inside:
        return None
    best = min(inside, key=lambda d: (_RECEIVING_ORDER.get(d.kind, 3), len(d.region_path), d.code))
    return best.warehouse_id


def three_percent_plan(
    *,
    areas: Sequence[Area],
    lines: Sequence[int],
    served: Iterable[Served],
    lots: Sequence[Lot],
    depots: Iterable[Depot] = (),
    percent: Decimal = Decimal("3"),
) -> list[Coverage]:
    """The 3 % report: a row per area and line with units or stock, deepest areas'
    transfers planned first (what they receive counts for the areas above them too).

    A short area draws on sources outside its subtree, the largest surplus first:
    a region giving up stock (the topmost region that loses it) gives at most what keeps
    it and every region between it and the warehouse at their own requirement, for every
    line the part fits; an upstream warehouse (in a region above the short one) and a
    central warehouse give their available stock, since no region's count drops. Vans
    are never sources. Within a source, the part with the most available goes first.
    """
    depots = list(depots)
    line_order = {line: i for i, line in enumerate(lines)}
    units: dict[tuple[int, int], int] = {}
    for s in served:
        for a in areas:
            if contains(a.path, s.region_path):
                key = (a.region_id, s.line_id)
                units[key] = units.get(key, 0) + s.units
    held: dict[tuple[int, int], int] = {}
    for lot in lots:
        for a in areas:
            if contains(a.path, lot.region_path):
                for line in lot.lines:
                    held[(a.region_id, line)] = held.get((a.region_id, line), 0) + lot.on_hand
    paths = _path_by_id(areas)
    keys = sorted(
        {k for k in (*units, *held) if k[1] in line_order},
        key=lambda k: (paths[k[0]], line_order[k[1]]),
    )
    required = {k: required_spares(units.get(k, 0), percent) for k in keys}
    state = _State(areas=areas, required=required, held=dict(held), lots=lots)
    transfers: dict[tuple[int, int], tuple[Transfer, ...]] = {}
    for key in sorted(keys, key=lambda k: (-len(paths[k[0]]), paths[k[0]], line_order[k[1]])):
        transfers[key] = state.fill(key)
    return [
        Coverage(
            region_id=k[0],
            line_id=k[1],
            units=units.get(k, 0),
            required=required[k],
            held=held.get(k, 0),
            shortfall=max(0, required[k] - held.get(k, 0)),
            transfers=transfers[k],
            to_warehouse_id=receiving_warehouse(paths[k[0]], depots) if transfers[k] else None,
            remaining=max(0, required[k] - state.held.get(k, 0)),
        )
        for k in keys
    ]


def _path_by_id(areas: Sequence[Area]) -> dict[int, Path]:
    return {a.region_id: a.path for a in areas}


class _State:
    """What is left while transfers are planned: each area's held count per line and
    each lot's available quantity."""

    def __init__(
        self,
        *,
        areas: Sequence[Area],
        required: Mapping[tuple[int, int], int],
        held: dict[tuple[int, int], int],
        lots: Sequence[Lot],
    ) -> None:
        self.areas = list(areas)
        self.paths = _path_by_id(areas)
        self.required = required
        self.held = held
        self.lots = [lot for lot in lots if lot.kind != VAN]
        self.left = {(lot.warehouse_id, lot.part_id): lot.available for lot in self.lots}

    def _spare(self, region_id: int, line: int) -> int:
        return self.held.get((region_id, line), 0) - self.required.get((region_id, line), 0)

    def _losers(self, lot: Lot, area: Path) -> list[Area]:
        """Areas whose count drops when ``lot`` leaves for ``area``, topmost first."""
        found = [
            a
            for a in self.areas
            if contains(a.path, lot.region_path) and not contains(a.path, area)
        ]
        return sorted(found, key=lambda a: len(a.path))

    def _cap(self, lot: Lot, area: Path) -> int:
        cap = self.left[(lot.warehouse_id, lot.part_id)]
        for a in self._losers(lot, area):
            for line in lot.lines:
                cap = min(cap, self._spare(a.region_id, line))
        return max(0, cap)

    def _group(self, lot: Lot, area: Path, line: int) -> tuple[tuple[str, int], int | None, int]:
        """The source a lot belongs to, the region named as giving it, and the source's
        surplus for ordering."""
        losers = self._losers(lot, area)
        if losers:
            top = losers[0]
            return ("region", top.region_id), top.region_id, self._spare(top.region_id, line)
        movable = sum(
            self.left[(o.warehouse_id, o.part_id)]
            for o in self.lots
            if o.warehouse_id == lot.warehouse_id and line in o.lines
        )
        region = next(
            (a.region_id for a in self.areas if a.path == lot.region_path and lot.region_path),
            None,
        )
        return ("warehouse", lot.warehouse_id), region, movable

    def fill(self, key: tuple[int, int]) -> tuple[Transfer, ...]:
        region_id, line = key
        area = self.paths[region_id]
        wanted = self.required.get(key, 0) - self.held.get(key, 0)
        if wanted <= 0:
            return ()
        candidates = [
            lot
            for lot in self.lots
            if line in lot.lines
            and not contains(area, lot.region_path)
            and self.left[(lot.warehouse_id, lot.part_id)] > 0
        ]
        groups: dict[tuple[str, int], tuple[int | None, int, list[Lot]]] = {}
        for lot in candidates:
            group, giver, spare = self._group(lot, area, line)
            groups.setdefault(group, (giver, spare, []))[2].append(lot)
        order = sorted(groups.items(), key=lambda g: (-g[1][1], g[0][0] == "warehouse", g[0][1]))
        planned: list[Transfer] = []
        for _group, (giver, spare, members) in order:
            if spare <= 0:
                continue
            members.sort(key=lambda o: (-self.left[(o.warehouse_id, o.part_id)], o.sku, o.code))
            for lot in members:
                if wanted == 0:
                    break
                take = min(wanted, self._cap(lot, area))
                if take <= 0:
                    continue
                self._move(lot, area, take)
                wanted -= take
                planned.append(Transfer(lot.warehouse_id, giver, lot.part_id, take))
        return tuple(planned)

    def _move(self, lot: Lot, area: Path, quantity: int) -> None:
        self.left[(lot.warehouse_id, lot.part_id)] -= quantity
        for a in self.areas:
            gives = contains(a.path, lot.region_path)
            gets = contains(a.path, area)
            if gives == gets:
                continue
            for line in lot.lines:
                k = (a.region_id, line)
                self.held[k] = self.held.get(k, 0) + (quantity if gets else -quantity)
