"""A unit's repair history as plain values, and the days it spent in repair.

Both the three-guarantees extension (TG-7) and the refund depreciation (TG-5) count
"days the unit was in repair": each repair order counts ``completion date − report
date`` whole calendar days, or up to the evaluation date while it is still open. An
order is a half-open window ``[reported, end)`` of dates; windows that overlap (two
orders open at once for the same unit) are merged, so a day is never counted twice.
Nothing here touches the database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

# SO-3 statuses in which the repair was completed by our service ("resolved or later").
COMPLETED_STATUSES = frozenset({"resolved", "accepted", "followed_up", "closed"})
# Orders that ended without a repair: they neither count nor occupy days.
VOID_STATUSES = frozenset({"cancelled"})
# SO-1 kinds that are repairs of the unit (a `return` order is the exchange/refund
# itself; maintenance, installation, support and training are not repairs).
REPAIR_KINDS = frozenset({"repair"})


@dataclass(frozen=True)
class RepairRecord:
    """One service order of the unit, as the rules need it.

    ``completed`` is the completion (``resolved``) date, or ``None`` while the order is
    not completed. ``excluded`` says a WAR-5 exclusion applies to the order (recorded on
    it, or recorded on the unit, or the unit's clearance flag). ``waited_for_parts``
    says the order waited for parts at some point (TG-3, national basis).
    """

    reported: dt.date
    completed: dt.date | None
    status: str
    excluded: bool = False
    kind: str = "repair"
    waited_for_parts: bool = False
    ref: str = ""

    @property
    def is_repair(self) -> bool:
        return self.kind in REPAIR_KINDS and self.status not in VOID_STATUSES

    def completed_by(self, day: dt.date) -> bool:
        """Completed by our service on or before ``day``."""
        return (
            self.status in COMPLETED_STATUSES
            and self.completed is not None
            and self.completed <= day
        )

    def window_end(self, day: dt.date) -> dt.date:
        """Where its repair window ends when looking from ``day`` (open orders: ``day``)."""
        if self.completed_by(day):
            assert self.completed is not None
            return self.completed
        return day


def merged_windows(
    records: Iterable[RepairRecord], *, start: dt.date, end: dt.date
) -> list[tuple[dt.date, dt.date]]:
    """The repair windows clipped to ``[start, end)``, sorted and merged (no overlaps)."""
    windows = sorted(
        (max(r.reported, start), min(r.window_end(end), end)) for r in records if r.is_repair
    )
    merged: list[tuple[dt.date, dt.date]] = []
    for lo, hi in windows:
        if hi <= lo:
            continue
        if merged and lo <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], hi))
        else:
            merged.append((lo, hi))
    return merged


def days_in_repair(records: Iterable[RepairRecord], *, start: dt.date, end: dt.date) -> int:
    """Whole days in ``[start, end)`` during which at least one repair order was open."""
    return sum((hi - lo).days for lo, hi in merged_windows(records, start=start, end=end))


def extended_period_end(
    base_until: dt.date, records: Iterable[RepairRecord], *, start: dt.date, on: dt.date
) -> tuple[dt.date, int]:
    """TG-7: the period's last day pushed back by the days in repair, and those days.

    Only repairs reported inside the period count, and the period grows as they are
    counted: windows are taken in report order, each one that begins on or before the
    (already extended) last day adds the days it does not share with earlier ones,
    clipped to ``[start, on)``. A repair reported after the period has ended does not
    bring the unit back into it.
    """
    windows = sorted((r.reported, min(r.window_end(on), on)) for r in records if r.is_repair)
    until, extension, covered = base_until, 0, start
    for begin, end in windows:
        if begin > until:
            break  # sorted by begin: every later window begins later still
        lo = max(begin, covered)
        if end > lo:
            extension += (end - lo).days
            covered = end
            until = base_until + dt.timedelta(days=extension)
    return until, extension
