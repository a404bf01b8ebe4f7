"""Three guarantees as pure rules (TG-1..4, TG-6, TG-7): table-driven cases and properties."""

from __future__ import annotations

import datetime as dt

import pytest

from aftersales.warranty.repairs import (
    RepairRecord,
    days_in_repair,
)
from aftersales.warranty.threeguarantees import (
    ThreeGuaranteesConfig,
    entitlement,
)

D = dt.date
DAY = dt.timedelta(days=1)
P = D(2025, 3, 10)  # purchase date of WAR-2's example


def done(reported: dt.date, completed: dt.date, status: str = "closed", **kw) -> RepairRecord:
    return RepairRecord(reported=reported, completed=completed, status=status, **kw)


def open_(reported: dt.date, status: str = "in_progress", **kw) -> RepairRecord:
    return RepairRecord(reported=reported, completed=None, status=status, **kw)


def ent(on, repairs=(), purchase=P, acceptance=None, **config):
    config.setdefault("months", 12)
    return entitlement(
        purchase_date=purchase,
        acceptance_date=acceptance,
        config=ThreeGuaranteesConfig(**config),
        repairs=list(repairs),
        on=on,
    )


# --- TG-1: the period ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("purchase", "acceptance", "months", "until"),
    [
        pytest.param(D(2025, 3, 10), None, 12, D(2026, 3, 9), id="war-2-example"),
        pytest.param(D(2024, 1, 31), None, 1, D(2024, 2, 28), id="month-end-leap-year"),
        pytest.param(D(2023, 1, 31), None, 1, D(2023, 2, 27), id="month-end-common-year"),
        pytest.param(D(2025, 1, 5), D(2025, 3, 10), 12, D(2026, 3, 9), id="from-acceptance"),
        pytest.param(D(2025, 3, 10), None, 36, D(2028, 3, 9), id="three-years-furniture"),
    ],
)
def test_period_starts_with_the_warranty_and_ends_by_month_arithmetic(
    purchase, acceptance, months, until
):
    last = ent(until, purchase=purchase, acceptance=acceptance, months=months)
    after = ent(until + DAY, purchase=purchase, acceptance=acceptance, months=months)

    assert last.base_until == last.until == until
    assert last.in_period
    assert last.rule != "out_of_period"
    assert not after.in_period
    assert after.rule == "out_of_period"
    assert last.start == (acceptance or purchase)


def test_no_period_means_out_of_period_even_in_the_first_week():
    result = ent(P, months=0)

    assert result.base_until is None
    assert result.until is None
    assert (result.rule, result.remedies) == ("out_of_period", ("repair",))


def test_date_between_purchase_and_acceptance_counts_as_inside():
    result = ent(D(2025, 2, 1), purchase=D(2025, 1, 5), acceptance=D(2025, 3, 10))

    assert result.in_period
    assert result.rule == "standard_repair"


# --- TG-4: early failure -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("on", "rule", "remedies"),
    [
        pytest.param(P, "early_7_days", ("refund", "exchange", "repair"), id="purchase-day"),
        pytest.param(P + 7 * DAY, "early_7_days", ("refund", "exchange", "repair"), id="day-7"),
        pytest.param(P + 8 * DAY, "early_15_days", ("exchange", "repair"), id="day-8"),
        pytest.param(P + 15 * DAY, "early_15_days", ("exchange", "repair"), id="day-15"),
        pytest.param(P + 16 * DAY, "standard_repair", ("repair",), id="day-16"),
    ],
)
def test_early_failure_windows_count_from_the_purchase(on, rule, remedies):
    result = ent(on)

    assert (result.rule, result.remedies) == (rule, remedies)
    assert result.early_refund_until == D(2025, 3, 17)
    assert result.early_exchange_until == D(2025, 3, 25)


def test_early_windows_use_the_purchase_date_not_the_acceptance_date():
    result = ent(D(2025, 3, 20), purchase=D(2025, 3, 1), acceptance=D(2025, 3, 18))

    assert result.start == D(2025, 3, 18)
    assert result.rule == "standard_repair"  # 19 days after the purchase


@pytest.mark.parametrize(
    ("refund_days", "exchange_days", "day", "rule"),
    [
        pytest.param(3, 10, 3, "early_7_days", id="refund-window-3-last-day"),
        pytest.param(3, 10, 4, "early_15_days", id="refund-window-3-over"),
        pytest.param(3, 10, 10, "early_15_days", id="exchange-window-10-last-day"),
        pytest.param(3, 10, 11, "standard_repair", id="exchange-window-10-over"),
        pytest.param(0, 0, 0, "early_7_days", id="zero-windows-purchase-day-only"),
        pytest.param(0, 0, 1, "standard_repair", id="zero-windows-day-after"),
    ],
)
def test_early_windows_are_configurable(refund_days, exchange_days, day, rule):
    result = ent(P + day * DAY, early_refund_days=refund_days, early_exchange_days=exchange_days)
    assert result.rule == rule


# --- TG-2: two repairs and a further failure ---------------------------------------------

R1 = done(D(2025, 5, 1), D(2025, 5, 3), ref="SO1")
R2 = done(D(2025, 7, 1), D(2025, 7, 2), ref="SO2")
ON = D(2025, 9, 1)


@pytest.mark.parametrize(
    ("repairs", "rule", "count"),
    [
        pytest.param([], "standard_repair", 0, id="none"),
        pytest.param([R1], "standard_repair", 1, id="one"),
        pytest.param([R1, R2], "two_repairs_failed", 2, id="two"),
        pytest.param(
            [R1, R2, done(D(2025, 8, 1), D(2025, 8, 2))], "two_repairs_failed", 3, id="three"
        ),
        pytest.param(
            [R1, done(D(2025, 7, 1), D(2025, 7, 2), excluded=True)],
            "standard_repair",
            1,
            id="second-has-an-exclusion",
        ),
        pytest.param([R1, open_(D(2025, 8, 20))], "standard_repair", 1, id="second-still-open"),
        pytest.param(
            [R1, open_(D(2025, 8, 20), status="waiting")], "standard_repair", 1, id="waiting"
        ),
        pytest.param(
            [R1, RepairRecord(D(2025, 7, 1), None, "cancelled")],
            "standard_repair",
            1,
            id="second-cancelled",
        ),
        pytest.param(
            [R1, done(D(2025, 7, 1), D(2025, 7, 2), kind="maintenance")],
            "standard_repair",
            1,
            id="second-is-maintenance",
        ),
        pytest.param(
            [R1, done(D(2025, 8, 25), D(2025, 9, 5))],
            "standard_repair",
            1,
            id="second-completed-after-on",
        ),
        pytest.param(
            [R1, done(D(2025, 7, 1), D(2025, 7, 2), status="resolved")],
            "two_repairs_failed",
            2,
            id="resolved-counts",
        ),
        pytest.param(
            [R1, done(D(2025, 7, 1), D(2025, 7, 2), status="accepted")],
            "two_repairs_failed",
            2,
            id="accepted-counts",
        ),
        pytest.param(
            [R1, done(D(2025, 7, 1), D(2025, 7, 2), status="followed_up")],
            "two_repairs_failed",
            2,
            id="followed-up-counts",
        ),
        pytest.param(
            [R1, RepairRecord(D(2025, 8, 1), D(2025, 8, 2), "in_progress")],
            "standard_repair",
            1,
            id="rejected-and-reopened-does-not-count",
        ),
    ],
)
def test_two_completed_repairs_and_a_further_failure(repairs, rule, count):
    result = ent(ON, repairs)

    assert result.rule == rule
    assert result.completed_repairs_in_period == count
    if rule == "two_repairs_failed":
        assert result.remedies == ("exchange", "refund")


def test_counted_repairs_are_named():
    assert ent(ON, [R1, R2]).counted_repairs == ("SO1", "SO2")


def test_repairs_reported_after_the_period_do_not_count():
    late = [done(D(2026, 4, 1), D(2026, 4, 2)), done(D(2026, 5, 1), D(2026, 5, 2))]
    result = ent(D(2026, 6, 1), late)

    assert result.rule == "out_of_period"
    assert result.completed_repairs_in_period == 0
    assert result.extension_days == 0


def test_count_is_reported_also_out_of_period():
    result = ent(D(2027, 1, 1), [R1, R2])

    assert result.rule == "out_of_period"
    assert result.completed_repairs_in_period == 2


def test_two_repairs_beat_the_15_day_window_and_lose_to_the_7_day_window():
    quick = [done(P + DAY, P + 2 * DAY), done(P + 3 * DAY, P + 4 * DAY)]

    assert ent(P + 6 * DAY, quick).rule == "early_7_days"
    assert ent(P + 9 * DAY, quick).rule == "two_repairs_failed"


# --- TG-3: not fixed within the limit ----------------------------------------------------


@pytest.mark.parametrize(
    ("days_open", "rule"),
    [
        pytest.param(59, "standard_repair", id="59-days"),
        pytest.param(60, "standard_repair", id="60-days-still-in-time"),
        pytest.param(61, "unrepaired_60_days", id="61-days"),
        pytest.param(200, "unrepaired_60_days", id="200-days"),
    ],
)
def test_open_repair_past_the_limit_entitles_an_exchange(days_open, rule):
    reported = D(2025, 5, 1)
    result = ent(reported + days_open * DAY, [open_(reported, ref="SO9")])

    assert result.rule == rule
    if rule == "unrepaired_60_days":
        assert result.remedies == ("exchange",)
        assert result.unrepaired is not None
        assert result.unrepaired.ref == "SO9"
        assert result.unrepaired.days_open == days_open
        assert (result.unrepaired.limit_days, result.unrepaired.limit_basis) == (60, "commitment")
    else:
        assert result.unrepaired is None


@pytest.mark.parametrize(
    ("record", "rule"),
    [
        pytest.param(done(D(2025, 5, 1), D(2025, 8, 1)), "standard_repair", id="fixed-late"),
        pytest.param(open_(D(2025, 5, 1), excluded=True), "standard_repair", id="excluded"),
        pytest.param(open_(D(2025, 5, 1), kind="installation"), "standard_repair", id="not-repair"),
        pytest.param(open_(D(2025, 5, 1), status="waiting"), "unrepaired_60_days", id="waiting"),
        pytest.param(open_(D(2025, 5, 1), status="new"), "unrepaired_60_days", id="never-started"),
    ],
)
def test_which_open_orders_count_for_the_limit(record, rule):
    assert ent(D(2025, 8, 15), [record]).rule == rule


def test_the_commitment_limit_is_configurable():
    record = open_(D(2025, 5, 1))
    assert ent(D(2025, 6, 15), [record], unrepaired_days=45).rule == "standard_repair"
    result = ent(D(2025, 6, 16), [record], unrepaired_days=45)
    assert result.rule == "unrepaired_60_days"
    assert result.unrepaired.limit_days == 45


@pytest.mark.parametrize(
    ("waited_for_parts", "days_open", "rule", "basis"),
    [
        pytest.param(False, 30, "standard_repair", None, id="repairer-30-in-time"),
        pytest.param(False, 31, "unrepaired_60_days", "repairer_fault", id="repairer-31"),
        pytest.param(True, 31, "standard_repair", None, id="parts-31"),
        pytest.param(True, 90, "standard_repair", None, id="parts-90-in-time"),
        pytest.param(True, 91, "unrepaired_60_days", "parts_wait", id="parts-91"),
    ],
)
def test_national_basis_uses_the_parts_wait_and_repairer_fault_limits(
    waited_for_parts, days_open, rule, basis
):
    reported = D(2025, 5, 1)
    record = open_(reported, waited_for_parts=waited_for_parts)
    result = ent(reported + days_open * DAY, [record], unrepaired_basis="national")

    assert result.rule == rule
    if basis is not None:
        assert result.unrepaired.limit_basis == basis


def test_two_repairs_take_precedence_over_an_unrepaired_one():
    result = ent(D(2025, 10, 1), [R1, R2, open_(D(2025, 7, 20))])

    assert result.rule == "two_repairs_failed"
    assert result.unrepaired is not None  # still reported


# --- TG-7: the extension -----------------------------------------------------------------


def test_days_in_repair_extend_the_period_and_are_reported():
    # The second has a recorded exclusion: not counted by TG-2, but the days still count.
    repairs = [
        done(D(2025, 5, 1), D(2025, 5, 11)),
        done(D(2025, 9, 1), D(2025, 9, 6), excluded=True),
    ]
    result = ent(D(2026, 3, 20), repairs)

    assert result.base_until == D(2026, 3, 9)
    assert result.extension_days == 15
    assert result.until == D(2026, 3, 24)
    assert result.in_period
    assert result.rule == "standard_repair"
    assert ent(D(2026, 3, 25), repairs).rule == "out_of_period"


def test_an_open_repair_extends_the_period_up_to_the_evaluation_date():
    result = ent(D(2026, 4, 1), [open_(D(2026, 3, 1))])

    assert result.extension_days == 31
    assert result.until == D(2026, 4, 9)
    assert result.rule == "standard_repair"  # 31 days open: still inside the 60
    assert result.in_period


def test_overlapping_repairs_extend_once():
    repairs = [done(D(2025, 5, 1), D(2025, 5, 11)), done(D(2025, 5, 6), D(2025, 5, 16))]

    assert ent(D(2025, 12, 1), repairs).extension_days == 15


def test_a_repair_reported_after_the_period_does_not_reopen_it():
    repairs = [done(D(2026, 3, 10), D(2026, 4, 30))]
    result = ent(D(2026, 4, 1), repairs)

    assert result.extension_days == 0
    assert result.rule == "out_of_period"


def test_a_repair_inside_the_extension_extends_it_further():
    repairs = [done(D(2026, 3, 1), D(2026, 3, 11)), done(D(2026, 3, 15), D(2026, 3, 20))]

    assert ent(D(2026, 6, 1), repairs).extension_days == 15


# --- repair windows ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("records", "start", "end", "days"),
    [
        pytest.param([], D(2025, 1, 1), D(2025, 12, 31), 0, id="none"),
        pytest.param(
            [done(D(2025, 3, 1), D(2025, 3, 5))], D(2025, 1, 1), D(2025, 12, 31), 4, id="one"
        ),
        pytest.param(
            [done(D(2025, 3, 1), D(2025, 3, 1))], D(2025, 1, 1), D(2025, 12, 31), 0, id="same-day"
        ),
        pytest.param([open_(D(2025, 12, 1))], D(2025, 1, 1), D(2025, 12, 31), 30, id="open-to-end"),
        pytest.param(
            [done(D(2025, 3, 1), D(2025, 3, 10)), done(D(2025, 3, 5), D(2025, 3, 20))],
            D(2025, 1, 1),
            D(2025, 12, 31),
            19,
            id="overlap",
        ),
        pytest.param(
            [done(D(2025, 3, 1), D(2025, 3, 20)), done(D(2025, 3, 5), D(2025, 3, 10))],
            D(2025, 1, 1),
            D(2025, 12, 31),
            19,
            id="nested",
        ),
        pytest.param(
            [done(D(2025, 3, 1), D(2025, 3, 5)), done(D(2025, 3, 5), D(2025, 3, 8))],
            D(2025, 1, 1),
            D(2025, 12, 31),
            7,
            id="back-to-back",
        ),
        pytest.param(
            [done(D(2024, 12, 20), D(2025, 1, 10))], D(2025, 1, 1), D(2025, 12, 31), 9, id="clip"
        ),
        pytest.param(
            [RepairRecord(D(2025, 3, 1), None, "cancelled")],
            D(2025, 1, 1),
            D(2025, 12, 31),
            0,
            id="cancelled",
        ),
        pytest.param(
            [done(D(2025, 3, 1), D(2025, 3, 5), excluded=True)],
            D(2025, 1, 1),
            D(2025, 12, 31),
            4,
            id="excluded-still-occupies-days",
        ),
    ],
)
def test_days_in_repair(records, start, end, days):
    assert days_in_repair(records, start=start, end=end) == days
