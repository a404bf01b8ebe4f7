"""Working-calendar arithmetic for SLA deadlines (SLA-2) on the real Chinese calendar."""

from __future__ import annotations

import datetime as dt
import functools
from zoneinfo import ZoneInfo

import chinese_calendar
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from aftersales.sla.rules import (
    DEFAULT_CALENDAR,
    SHANGHAI,
    WorkingCalendar,
    deadline,
    is_chinese_workday,
)

UTC = dt.UTC
SH = ZoneInfo("Asia/Shanghai")
DAY_MIN = 540  # 09:00–18:00


def at(y, mo, d, h=0, mi=0, tz=SH):
    return dt.datetime(y, mo, d, h, mi, tzinfo=tz)


def add(start, minutes):
    return DEFAULT_CALENDAR.add_working_minutes(start, minutes)


# --- the days themselves ----------------------------------------------------------------

HOLIDAYS = [
    dt.date(2025, 10, 1),
    dt.date(2025, 10, 3),
    dt.date(2025, 10, 6),
    dt.date(2025, 10, 8),
    dt.date(2026, 1, 1),
    dt.date(2026, 1, 2),
    dt.date(2026, 2, 16),
    dt.date(2026, 2, 23),
]
MAKE_UP_DAYS = [
    dt.date(2025, 9, 28),  # Sunday
    dt.date(2025, 10, 11),  # Saturday
    dt.date(2026, 1, 4),  # Sunday
    dt.date(2026, 2, 14),  # Saturday
    dt.date(2026, 2, 28),  # Saturday
]


@pytest.mark.parametrize("day", HOLIDAYS, ids=str)
def test_public_holidays_on_weekdays_are_off(day):
    assert day.weekday() < 5
    assert chinese_calendar.is_workday(day) is False
    assert is_chinese_workday(day) is False


@pytest.mark.parametrize("day", MAKE_UP_DAYS, ids=str)
def test_make_up_weekend_days_are_working_days(day):
    assert day.weekday() >= 5
    assert chinese_calendar.is_workday(day) is True
    assert is_chinese_workday(day) is True


@pytest.mark.parametrize(
    ("day", "working"),
    [
        pytest.param(dt.date(2031, 1, 1), True, id="2031-new-year-wednesday"),
        pytest.param(dt.date(2031, 1, 3), True, id="2031-friday"),
        pytest.param(dt.date(2031, 1, 4), False, id="2031-saturday"),
        pytest.param(dt.date(2031, 1, 5), False, id="2031-sunday"),
    ],
)
def test_unknown_year_falls_back_to_monday_to_friday(day, working):
    with pytest.raises(NotImplementedError):
        chinese_calendar.is_workday(day)
    assert is_chinese_workday(day) is working


def test_default_calendar_has_nine_working_hours():
    assert DEFAULT_CALENDAR.minutes_per_day == DAY_MIN
    assert DEFAULT_CALENDAR.tz == SH


# --- examples --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "minutes", "expected"),
    [
        pytest.param(at(2026, 11, 27, 17), 2 * DAY_MIN, at(2026, 12, 1, 17), id="spec-fri-2-days"),
        pytest.param(at(2026, 11, 27, 17), 60, at(2026, 11, 27, 18), id="ends-exactly-18"),
        pytest.param(at(2026, 11, 30, 9), DAY_MIN, at(2026, 11, 30, 18), id="full-day-ends-18"),
        pytest.param(at(2026, 11, 30, 9), DAY_MIN + 1, at(2026, 12, 1, 9, 1), id="one-past-day"),
        pytest.param(at(2026, 11, 27, 17), 61, at(2026, 11, 30, 9, 1), id="spill-over-weekend"),
        pytest.param(at(2026, 11, 30, 10, 30), 90, at(2026, 11, 30, 12), id="within-one-day"),
        pytest.param(at(2026, 11, 30, 10, 30), 0, at(2026, 11, 30, 10, 30), id="zero-in-hours"),
        pytest.param(at(2026, 11, 30, 20), 0, at(2026, 12, 1, 9), id="20h-starts-next-9h"),
        pytest.param(at(2026, 11, 30, 20), 60, at(2026, 12, 1, 10), id="20h-plus-hour"),
        pytest.param(at(2026, 11, 30, 7), 0, at(2026, 11, 30, 9), id="7h-starts-same-day-9h"),
        pytest.param(at(2026, 11, 30, 7), 60, at(2026, 11, 30, 10), id="7h-plus-hour"),
        pytest.param(at(2026, 11, 30, 0), 540, at(2026, 11, 30, 18), id="midnight-full-day"),
        pytest.param(at(2026, 11, 28, 11), 0, at(2026, 11, 30, 9), id="saturday-starts-monday"),
        pytest.param(at(2026, 11, 28, 11), 60, at(2026, 11, 30, 10), id="saturday-plus-hour"),
        pytest.param(at(2026, 11, 29, 23, 59), 1, at(2026, 11, 30, 9, 1), id="sunday-night"),
        pytest.param(at(2026, 11, 27, 18), 1, at(2026, 11, 30, 9, 1), id="fri-18h-is-closed"),
        pytest.param(at(2026, 11, 27, 17, 59), 1, at(2026, 11, 27, 18), id="fri-last-minute"),
        pytest.param(at(2026, 11, 23, 9), 5 * DAY_MIN, at(2026, 11, 27, 18), id="whole-week"),
        pytest.param(at(2026, 11, 23, 9), 5 * DAY_MIN + 1, at(2026, 11, 30, 9, 1), id="week+1"),
    ],
)
def test_add_working_minutes_in_an_ordinary_week(start, minutes, expected):
    assert add(start, minutes) == expected


@pytest.mark.parametrize(
    ("start", "minutes", "expected"),
    [
        # National Day 2025: 10-01..10-08 off; Sun 09-28 and Sat 10-11 worked.
        pytest.param(
            at(2025, 9, 30, 17), 2 * DAY_MIN, at(2025, 10, 10, 17), id="golden-week-skipped"
        ),
        pytest.param(at(2025, 9, 26, 17), 120, at(2025, 9, 28, 10), id="make-up-sunday-0928"),
        pytest.param(at(2025, 9, 27, 10), 60, at(2025, 9, 28, 10), id="saturday-to-make-up-sun"),
        pytest.param(at(2025, 10, 10, 17), 120, at(2025, 10, 11, 10), id="make-up-saturday-1011"),
        pytest.param(at(2025, 10, 1, 10), 0, at(2025, 10, 9, 9), id="holiday-start-opens-1009"),
        pytest.param(at(2025, 10, 6, 12), 60, at(2025, 10, 9, 10), id="mid-autumn-start"),
        pytest.param(
            at(2025, 9, 28, 9), 4 * DAY_MIN, at(2025, 10, 9, 18), id="four-days-around-holiday"
        ),
        # New Year 2026: 01-01, 01-02 off, Sun 01-04 worked.
        pytest.param(at(2025, 12, 31, 17), 120, at(2026, 1, 4, 10), id="new-year-2026"),
        # Spring Festival 2026: Sat 02-14 worked, 02-15..02-23 off, Sat 02-28 worked.
        pytest.param(at(2026, 2, 13, 17), 120, at(2026, 2, 14, 10), id="make-up-saturday-0214"),
        pytest.param(at(2026, 2, 14, 17), 120, at(2026, 2, 24, 10), id="spring-festival-skipped"),
        pytest.param(at(2026, 2, 27, 17), 120, at(2026, 2, 28, 10), id="make-up-saturday-0228"),
        # Labour Day 2026: 05-01, 05-04, 05-05 off; Sat 05-09 worked.
        pytest.param(at(2026, 4, 30, 17), 120, at(2026, 5, 6, 10), id="labour-day-2026"),
    ],
)
def test_holidays_skipped_and_make_up_days_counted(start, minutes, expected):
    assert add(start, minutes) == expected


@pytest.mark.parametrize(
    ("start", "minutes", "expected"),
    [
        pytest.param(at(2031, 1, 1, 10), 0, at(2031, 1, 1, 10), id="new-year-is-a-weekday"),
        pytest.param(at(2031, 1, 3, 17), 120, at(2031, 1, 6, 10), id="weekend-skipped"),
        pytest.param(at(2031, 1, 4, 10), 0, at(2031, 1, 6, 9), id="saturday-start"),
    ],
)
def test_unknown_year_uses_monday_to_friday(start, minutes, expected):
    assert add(start, minutes) == expected


def test_naive_start_raises():
    with pytest.raises(ValueError, match="timezone-aware"):
        add(dt.datetime(2026, 11, 27, 17, 0), 60)


def test_naive_start_raises_through_deadline_on_working_clock():
    with pytest.raises(ValueError, match="timezone-aware"):
        deadline(dt.datetime(2026, 11, 27, 17, 0), 60, "working")


@pytest.mark.parametrize(
    ("start_utc", "minutes", "expected_local"),
    [
        pytest.param(at(2026, 11, 27, 9, tz=UTC), 1080, at(2026, 12, 1, 17), id="spec-in-utc"),
        pytest.param(
            at(2026, 11, 29, 23, 30, tz=UTC), 0, at(2026, 11, 30, 9), id="utc-sunday-is-local-mon"
        ),
        pytest.param(
            at(2026, 11, 27, 16, 30, tz=UTC), 0, at(2026, 11, 30, 9), id="utc-friday-is-local-sat"
        ),
        pytest.param(at(2026, 11, 30, 2, tz=UTC), 30, at(2026, 11, 30, 10, 30), id="utc-morning"),
    ],
)
def test_utc_input_gives_the_same_instant_in_shanghai(start_utc, minutes, expected_local):
    result = add(start_utc, minutes)
    assert result == expected_local
    assert result.utcoffset() == dt.timedelta(hours=8)
    assert result.astimezone(SH).replace(tzinfo=None) == expected_local.replace(tzinfo=None)


def test_custom_calendar_hours_and_weekdays():
    cal = WorkingCalendar(
        day_start=dt.time(8, 30), day_end=dt.time(17, 30), is_workday=lambda d: d.weekday() < 5
    )
    assert cal.minutes_per_day == 540
    # 2025-10-01 is a holiday in China but a Wednesday for this calendar.
    assert cal.add_working_minutes(at(2025, 9, 30, 17), 60) == at(2025, 10, 1, 9)
    assert deadline(at(2025, 9, 30, 17), 60, "working", cal) == at(2025, 10, 1, 9)


# --- deadline ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "minutes", "expected"),
    [
        pytest.param(at(2026, 11, 27, 17), 60, at(2026, 11, 27, 18), id="one-hour"),
        pytest.param(at(2026, 11, 27, 17), 2880, at(2026, 11, 29, 17), id="over-the-weekend"),
        pytest.param(at(2025, 9, 30, 23), 24 * 60, at(2025, 10, 1, 23), id="into-holiday"),
        pytest.param(at(2026, 11, 27, 17), 0, at(2026, 11, 27, 17), id="zero"),
        pytest.param(at(2026, 11, 27, 9, tz=UTC), 240, at(2026, 11, 27, 13, tz=UTC), id="utc"),
    ],
)
def test_deadline_on_24x7_is_plain_addition(start, minutes, expected):
    assert deadline(start, minutes, "24x7") == expected


def test_deadline_on_working_clock_uses_the_calendar():
    assert deadline(at(2026, 11, 27, 17), 1080, "working") == at(2026, 12, 1, 17)


@pytest.mark.parametrize("clock", ["24x7", "working"])
def test_deadline_without_minutes_is_none(clock):
    assert deadline(at(2026, 11, 27, 17), None, clock) is None


# --- properties --------------------------------------------------------------------------

# Independent oracles: their own day rule and their own walk.


@functools.cache
def oracle_workday(day: dt.date) -> bool:
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        return day.weekday() < 5


def working_between(a: dt.datetime, b: dt.datetime) -> dt.timedelta:
    """Working time in [a, b], by walking the local calendar days and clipping."""
    a, b = a.astimezone(SH), b.astimezone(SH)
    total = dt.timedelta()
    day = a.date()
    while day <= b.date():
        if oracle_workday(day):
            lo = max(a, dt.datetime.combine(day, dt.time(9), tzinfo=SH))
            hi = min(b, dt.datetime.combine(day, dt.time(18), tzinfo=SH))
            if hi > lo:
                total += hi - lo
        day += dt.timedelta(days=1)
    return total


def step_minutes(start: dt.datetime, minutes: int) -> dt.datetime:
    """The end of the n-th working minute after a whole-minute start, minute by minute."""
    t = start.astimezone(SH).replace(tzinfo=None)
    counted = 0
    while True:
        if oracle_workday(t.date()) and 9 * 60 <= t.hour * 60 + t.minute < 18 * 60:
            counted += 1
        t += dt.timedelta(minutes=1)
        if counted == minutes:
            return t.replace(tzinfo=SH)


starts = st.datetimes(
    min_value=dt.datetime(2025, 1, 1),
    max_value=dt.datetime(2026, 12, 20),
    timezones=st.sampled_from([SH, UTC]),
)
whole_minute_starts = starts.map(lambda d: d.replace(second=0, microsecond=0))
fallback_starts = st.datetimes(
    min_value=dt.datetime(2031, 1, 1), max_value=dt.datetime(2031, 12, 20), timezones=st.just(SH)
)
any_start = st.one_of(starts, fallback_starts)
working_minutes = st.integers(min_value=0, max_value=5 * DAY_MIN)

CAL_PROPS = settings(max_examples=200, deadline=None)


@CAL_PROPS
@given(start=any_start, minutes=working_minutes)
def test_result_is_never_before_start(start, minutes):
    assert add(start, minutes) >= start


@CAL_PROPS
@given(start=any_start, minutes=working_minutes)
def test_result_lies_in_working_hours_on_a_working_day(start, minutes):
    result = add(start, minutes)
    assert result.utcoffset() == dt.timedelta(hours=8)
    local = result.astimezone(SH)
    assert oracle_workday(local.date())
    assert dt.time(9) <= local.time() <= dt.time(18)
    if local.time() == dt.time(9):
        assert minutes == 0


@CAL_PROPS
@given(
    start=any_start,
    a=st.integers(min_value=1, max_value=3 * DAY_MIN),
    b=st.integers(min_value=1, max_value=3 * DAY_MIN),
)
def test_adding_a_then_b_equals_adding_a_plus_b(start, a, b):
    assert add(add(start, a), b) == add(start, a + b)


@CAL_PROPS
@given(start=any_start, minutes=working_minutes)
def test_working_time_between_start_and_result_equals_minutes(start, minutes):
    result = add(start, minutes)
    assert working_between(start, result) == dt.timedelta(minutes=minutes)


@CAL_PROPS
@given(start=any_start, minutes=working_minutes, more=st.integers(min_value=1, max_value=600))
def test_more_minutes_never_give_an_earlier_result(start, minutes, more):
    assert add(start, minutes) < add(start, minutes + more)


@settings(max_examples=100, deadline=None)
@given(start=whole_minute_starts, minutes=st.integers(min_value=1, max_value=2 * DAY_MIN))
def test_matches_minute_stepping_oracle(start, minutes):
    assert add(start, minutes) == step_minutes(start, minutes)


in_hours_starts = st.builds(
    lambda day, t: dt.datetime.combine(day, t, tzinfo=SH),
    st.dates(min_value=dt.date(2025, 1, 1), max_value=dt.date(2026, 12, 31)),
    st.times(min_value=dt.time(9), max_value=dt.time(17, 59, 59, 999999)),
)


@CAL_PROPS
@given(start=in_hours_starts)
def test_zero_minutes_inside_working_hours_is_the_start_itself(start):
    assume(oracle_workday(start.date()))
    assert add(start, 0) == start
    assert add(start.astimezone(UTC), 0) == start


@CAL_PROPS
@given(start=any_start, minutes=st.integers(min_value=0, max_value=10_000))
def test_24x7_deadline_is_exact_addition(start, minutes):
    assert deadline(start, minutes, "24x7") == start + dt.timedelta(minutes=minutes)


def test_module_timezone_is_shanghai():
    assert SHANGHAI.utcoffset(dt.datetime(2026, 7, 1)) == dt.timedelta(hours=8)
