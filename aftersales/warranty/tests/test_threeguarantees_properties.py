"""Three guarantees as pure rules: properties over random histories (TG-2, TG-7)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from aftersales.warranty.repairs import (
    RepairRecord,
    days_in_repair,
    extended_period_end,
    merged_windows,
)
from aftersales.warranty.threeguarantees import RULES, ThreeGuaranteesConfig, entitlement

D = dt.date


P = D(2025, 3, 10)


def ent(on, repairs=(), purchase=P, acceptance=None, **config):
    config.setdefault("months", 12)
    return entitlement(
        purchase_date=purchase,
        acceptance_date=acceptance,
        config=ThreeGuaranteesConfig(**config),
        repairs=list(repairs),
        on=on,
    )


# --- properties --------------------------------------------------------------------------

dates = st.dates(min_value=D(2020, 1, 1), max_value=D(2030, 12, 31))
statuses = st.sampled_from(
    ["new", "in_progress", "waiting", "resolved", "accepted", "followed_up", "closed", "cancelled"]
)


@st.composite
def records(draw):
    reported = draw(dates)
    status = draw(statuses)
    completed = None
    if status in {"resolved", "accepted", "followed_up", "closed"}:
        completed = reported + dt.timedelta(days=draw(st.integers(0, 120)))
    return RepairRecord(
        reported=reported,
        completed=completed,
        status=status,
        excluded=draw(st.booleans()),
        kind=draw(st.sampled_from(["repair", "repair", "maintenance"])),
        waited_for_parts=draw(st.booleans()),
    )


def _numbered(history):
    """Give each record its own ref, so that counted repairs can be traced back."""
    return [dataclasses.replace(r, ref=f"SO{i}") for i, r in enumerate(history)]


histories = st.lists(records(), max_size=6).map(_numbered)


@settings(max_examples=200)
@given(purchase=dates, months=st.integers(1, 60), offset=st.integers(0, 2500))
def test_inside_exactly_from_start_to_until_without_repairs(purchase, months, offset):
    on = purchase + dt.timedelta(days=offset)
    result = ent(on, purchase=purchase, months=months)

    assert result.until is not None
    assert result.extension_days == 0
    assert result.in_period == (result.start <= on <= result.until)
    assert (result.rule == "out_of_period") == (not result.in_period)


@settings(max_examples=200)
@given(purchase=dates, history=histories, offset=st.integers(0, 1500))
def test_rule_and_remedies_always_agree(purchase, history, offset):
    result = ent(purchase + dt.timedelta(days=offset), history, purchase=purchase)

    assert result.rule in RULES
    assert result.remedies == RULES[result.rule]
    assert set(result.remedies) <= {"repair", "exchange", "refund"}
    assert result.extension_days >= 0
    assert result.until is not None
    assert result.until == result.base_until + dt.timedelta(days=result.extension_days)


@settings(max_examples=200)
@given(purchase=dates, history=histories, offset=st.integers(0, 1500))
def test_excluded_orders_never_count(purchase, history, offset):
    """An exclusion takes the order out of the TG-2/TG-3 counts and changes nothing else
    (its days in repair still extend the period, TG-7)."""
    on = purchase + dt.timedelta(days=offset)
    excluded = {r.ref for r in history if r.excluded}
    result = ent(on, history, purchase=purchase)
    none_excluded = ent(
        on, [dataclasses.replace(r, excluded=False) for r in history], purchase=purchase
    )

    assert not excluded & set(result.counted_repairs)
    assert result.counted_repairs == tuple(
        ref for ref in none_excluded.counted_repairs if ref not in excluded
    )
    assert result.completed_repairs_in_period == len(result.counted_repairs)
    assert (result.until, result.extension_days) == (
        none_excluded.until,
        none_excluded.extension_days,
    )
    if result.unrepaired is not None:
        assert result.unrepaired.ref not in excluded
    # Marking every order excluded leaves nothing to count and nothing unrepaired.
    all_excluded = ent(
        on, [dataclasses.replace(r, excluded=True) for r in history], purchase=purchase
    )
    assert all_excluded.completed_repairs_in_period == 0
    assert all_excluded.unrepaired is None
    assert all_excluded.rule not in {"two_repairs_failed", "unrepaired_60_days"}


@settings(max_examples=200)
@given(history=histories, start=dates, length=st.integers(0, 1000))
def test_days_in_repair_never_exceed_the_span_nor_double_count(history, start, length):
    end = start + dt.timedelta(days=length)
    merged = merged_windows(history, start=start, end=end)
    total = days_in_repair(history, start=start, end=end)

    assert 0 <= total <= length
    assert total == sum((hi - lo).days for lo, hi in merged)
    for (_lo1, hi1), (lo2, _hi2) in itertools.pairwise(merged):
        assert hi1 < lo2  # disjoint and not touching: merged
    # Counting each order separately can only give as much or more.
    separately = sum(days_in_repair([r], start=start, end=end) for r in history)
    assert total <= separately


@settings(max_examples=200)
@given(history=histories, start=dates, on_offset=st.integers(0, 1500), months=st.integers(1, 36))
def test_extension_never_exceeds_the_days_in_repair(history, start, on_offset, months):
    on = start + dt.timedelta(days=on_offset)
    base = start + dt.timedelta(days=30 * months)
    until, extension = extended_period_end(base, history, start=start, on=on)

    assert 0 <= extension <= days_in_repair(history, start=start, end=on)
    assert until == base + dt.timedelta(days=extension)
