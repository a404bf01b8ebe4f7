"""Three guarantees (三包: 包修、包换、包退), TG-1..4, TG-6, TG-7, as plain functions.

``entitlement`` answers the agent's question "the customer reports a fault on ``on``:
what may they claim?" from the unit's dates, the product line's configuration and the
unit's repair history. It says which rule decided, the remedies, the period (with the
TG-7 extension) and the repairs it counted. The selectors gather the inputs.

Precedence, when several rules apply on the same day, is the order of ``RULES``: the
rule that gives the customer the wider choice wins —

1. ``out_of_period`` — the line has no three-guarantees period, or ``on`` is after its
   (extended) last day: repair only (charged or free by the warranty, WAR-4/5);
2. ``early_7_days`` — purchase ≤ on ≤ purchase + 7 days: refund, exchange or repair;
3. ``two_repairs_failed`` — two completed, non-excluded repairs reported inside the
   period and a further failure: exchange or refund;
4. ``early_15_days`` — on ≤ purchase + 15 days: exchange or repair;
5. ``unrepaired_60_days`` — a non-excluded repair reported inside the period is still
   open more than the limit after its report: exchange;
6. ``standard_repair`` — inside the period: repair.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from aftersales.core.timeutil import period_end
from aftersales.warranty.repairs import RepairRecord, extended_period_end
from aftersales.warranty.rules import warranty_start

OUT_OF_PERIOD = "out_of_period"
EARLY_7_DAYS = "early_7_days"
TWO_REPAIRS_FAILED = "two_repairs_failed"
EARLY_15_DAYS = "early_15_days"
UNREPAIRED_60_DAYS = "unrepaired_60_days"
STANDARD_REPAIR = "standard_repair"

REPAIR, EXCHANGE, REFUND = "repair", "exchange", "refund"

# Each rule with the remedies it gives, in order of precedence.
RULES: dict[str, tuple[str, ...]] = {
    OUT_OF_PERIOD: (REPAIR,),
    EARLY_7_DAYS: (REFUND, EXCHANGE, REPAIR),
    TWO_REPAIRS_FAILED: (EXCHANGE, REFUND),
    EARLY_15_DAYS: (EXCHANGE, REPAIR),
    UNREPAIRED_60_DAYS: (EXCHANGE,),
    STANDARD_REPAIR: (REPAIR,),
}

# TG-2: this many completed repairs and a further failure.
REPAIRS_BEFORE_EXCHANGE = 2

COMMITMENT, NATIONAL = "commitment", "national"
PARTS_WAIT, REPAIRER_FAULT = "parts_wait", "repairer_fault"


@dataclass(frozen=True)
class ThreeGuaranteesConfig:
    """A product line's three-guarantees configuration (defaults of domain.md).

    ``unrepaired_basis`` chooses the TG-3 limit: ``commitment`` (the manuals' one limit,
    ``unrepaired_days``, for every repair) or ``national`` (``parts_wait_days`` when the
    repair waited for parts, otherwise ``repairer_fault_days``: a delay not caused by
    missing parts counts as the repairer's).
    """

    months: int
    unrepaired_days: int = 60
    unrepaired_basis: str = COMMITMENT
    parts_wait_days: int = 90
    repairer_fault_days: int = 30
    early_refund_days: int = 7
    early_exchange_days: int = 15

    def unrepaired_limit(self, record: RepairRecord) -> tuple[int, str]:
        if self.unrepaired_basis == NATIONAL:
            if record.waited_for_parts:
                return self.parts_wait_days, PARTS_WAIT
            return self.repairer_fault_days, REPAIRER_FAULT
        return self.unrepaired_days, COMMITMENT


@dataclass(frozen=True)
class Unrepaired:
    """The open repair that triggered TG-3."""

    ref: str
    reported: dt.date
    days_open: int
    limit_days: int
    limit_basis: str


@dataclass(frozen=True)
class Entitlement:
    on: dt.date
    rule: str
    remedies: tuple[str, ...]
    purchase_date: dt.date
    start: dt.date
    start_basis: str
    months: int
    base_until: dt.date | None  # TG-1: S + n months − 1 day; None = no period
    until: dt.date | None  # extended by the days in repair (TG-7)
    extension_days: int
    in_period: bool
    completed_repairs_in_period: int
    counted_repairs: tuple[str, ...]  # refs of the repairs TG-2 counted
    early_refund_until: dt.date
    early_exchange_until: dt.date
    unrepaired: Unrepaired | None


def _counted_repairs(
    records: Iterable[RepairRecord], *, on: dt.date, until: dt.date
) -> list[RepairRecord]:
    """TG-2: completed by our service by ``on``, reported inside the period, no exclusion."""
    return [
        r
        for r in records
        if r.is_repair and not r.excluded and r.completed_by(on) and r.reported <= min(on, until)
    ]


def _unrepaired(
    records: Iterable[RepairRecord],
    *,
    on: dt.date,
    until: dt.date,
    config: ThreeGuaranteesConfig,
) -> Unrepaired | None:
    """TG-3: the oldest repair reported inside the period and still open on ``on`` more
    than its limit after the report ("not fixed within N days": day N is still in time)."""
    for r in sorted(records, key=lambda r: r.reported):
        if not r.is_repair or r.excluded or r.completed_by(on) or r.reported > min(on, until):
            continue
        limit, basis = config.unrepaired_limit(r)
        days_open = (on - r.reported).days
        if days_open > limit:
            return Unrepaired(r.ref, r.reported, days_open, limit, basis)
    return None


def entitlement(
    *,
    purchase_date: dt.date,
    acceptance_date: dt.date | None,
    config: ThreeGuaranteesConfig,
    repairs: Iterable[RepairRecord],
    on: dt.date,
) -> Entitlement:
    """The remedy a customer reporting a fault on ``on`` is entitled to (TG-6).

    The period starts with the warranty (WAR-1) and ends by WAR-2's month arithmetic
    (TG-1), pushed back by the days in repair (TG-7). As for the warranty, a date
    before the start (sold, not yet accepted) counts as inside the period. The early
    windows (TG-4) count from the purchase date and only from it onwards.
    """
    records = list(repairs)
    start, basis = warranty_start(purchase_date, acceptance_date)
    base_until = period_end(start, config.months)
    until, extension = (None, 0)
    if base_until is not None:
        until, extension = extended_period_end(base_until, records, start=start, on=on)
    refund_until = purchase_date + dt.timedelta(days=config.early_refund_days)
    exchange_until = purchase_date + dt.timedelta(days=config.early_exchange_days)

    in_period = until is not None and on <= until
    counted = _counted_repairs(records, on=on, until=until) if until is not None else []
    unrepaired = None
    if in_period:
        assert until is not None
        unrepaired = _unrepaired(records, on=on, until=until, config=config)

    if not in_period:
        rule = OUT_OF_PERIOD
    elif purchase_date <= on <= refund_until:
        rule = EARLY_7_DAYS
    elif len(counted) >= REPAIRS_BEFORE_EXCHANGE:
        rule = TWO_REPAIRS_FAILED
    elif purchase_date <= on <= exchange_until:
        rule = EARLY_15_DAYS
    elif unrepaired is not None:
        rule = UNREPAIRED_60_DAYS
    else:
        rule = STANDARD_REPAIR
    return Entitlement(
        on=on,
        rule=rule,
        remedies=RULES[rule],
        purchase_date=purchase_date,
        start=start,
        start_basis=basis,
        months=config.months,
        base_until=base_until,
        until=until,
        extension_days=extension,
        in_period=in_period,
        completed_repairs_in_period=len(counted),
        counted_repairs=tuple(r.ref for r in counted),
        early_refund_until=refund_until,
        early_exchange_until=exchange_until,
        unrepaired=unrepaired,
    )
