"""Month arithmetic shared by the warranty rules (WAR-2, TG-1)."""

from __future__ import annotations

import calendar
import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aftersales.core.timeutil import add_months, period_end

D = dt.date

dates = st.dates(min_value=D(1900, 1, 1), max_value=D(2200, 12, 31))
months = st.integers(min_value=0, max_value=600)
positive_months = st.integers(min_value=1, max_value=600)

PROPS = settings(max_examples=200)


# --- add_months ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        pytest.param(D(2024, 1, 31), 1, D(2024, 2, 29), id="jan31-leap-year-to-feb29"),
        pytest.param(D(2023, 1, 31), 1, D(2023, 2, 28), id="jan31-common-year-to-feb28"),
        pytest.param(D(2024, 2, 29), 12, D(2025, 2, 28), id="feb29-plus-a-year-to-feb28"),
        pytest.param(D(2024, 2, 29), 48, D(2028, 2, 29), id="feb29-plus-four-years-to-feb29"),
        pytest.param(D(2025, 3, 31), 1, D(2025, 4, 30), id="mar31-to-apr30"),
        pytest.param(D(2025, 3, 10), 0, D(2025, 3, 10), id="zero-months-same-day"),
        pytest.param(D(2024, 1, 31), 0, D(2024, 1, 31), id="zero-months-month-end-same-day"),
        pytest.param(D(2025, 3, 10), 12, D(2026, 3, 10), id="plain-year"),
        pytest.param(D(2025, 11, 15), 2, D(2026, 1, 15), id="crosses-year-end"),
        pytest.param(D(2025, 12, 31), 1, D(2026, 1, 31), id="dec31-to-jan31"),
        pytest.param(D(2025, 8, 31), 1, D(2025, 9, 30), id="aug31-to-sep30"),
        pytest.param(D(2025, 1, 30), 1, D(2025, 2, 28), id="jan30-to-feb28"),
        pytest.param(D(2024, 1, 29), 1, D(2024, 2, 29), id="jan29-leap-to-feb29"),
        pytest.param(D(2023, 1, 29), 1, D(2023, 2, 28), id="jan29-common-to-feb28"),
        pytest.param(D(2025, 4, 30), 1, D(2025, 5, 30), id="apr30-stays-30-not-month-end"),
        pytest.param(D(2099, 12, 31), 2, D(2100, 2, 28), id="century-non-leap-2100"),
        pytest.param(D(1999, 12, 31), 2, D(2000, 2, 29), id="century-leap-2000"),
        pytest.param(D(2025, 3, 10), 36, D(2028, 3, 10), id="thirty-six-months"),
        pytest.param(D(2025, 6, 15), 121, D(2035, 7, 15), id="over-ten-years"),
    ],
)
def test_add_months_falls_back_to_month_end(start, n, expected):
    assert add_months(start, n) == expected


@pytest.mark.parametrize("n", [-1, -12, -100], ids=["minus-1", "minus-12", "minus-100"])
def test_add_months_rejects_negative_months(n):
    with pytest.raises(ValueError, match="months"):
        add_months(D(2025, 3, 10), n)


# --- period_end (WAR-2) ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        pytest.param(D(2025, 3, 10), 12, D(2026, 3, 9), id="spec-12-months"),
        pytest.param(D(2024, 1, 31), 1, D(2024, 2, 28), id="spec-jan31-one-month"),
        pytest.param(D(2023, 1, 31), 1, D(2023, 2, 27), id="jan31-common-year-one-month"),
        pytest.param(D(2025, 3, 10), 6, D(2025, 9, 9), id="accessories-6-months"),
        pytest.param(D(2025, 3, 10), 36, D(2028, 3, 9), id="project-36-months"),
        pytest.param(D(2025, 1, 1), 12, D(2025, 12, 31), id="jan1-ends-dec31"),
        pytest.param(D(2025, 3, 1), 1, D(2025, 3, 31), id="first-of-month-ends-month-end"),
        pytest.param(D(2024, 2, 29), 12, D(2025, 2, 27), id="feb29-one-year"),
        pytest.param(D(2024, 2, 29), 48, D(2028, 2, 28), id="feb29-four-years"),
        pytest.param(D(2025, 3, 31), 1, D(2025, 4, 29), id="mar31-one-month"),
        pytest.param(D(2024, 3, 1), 12, D(2025, 2, 28), id="mar1-one-year-ends-feb28"),
        pytest.param(D(2023, 3, 1), 12, D(2024, 2, 29), id="mar1-one-year-ends-feb29-leap"),
        pytest.param(D(2025, 12, 31), 1, D(2026, 1, 30), id="dec31-one-month"),
    ],
)
def test_period_end_is_start_plus_n_months_minus_one_day(start, n, expected):
    assert period_end(start, n) == expected


@pytest.mark.parametrize("n", [0, -1, -12], ids=["zero", "minus-1", "minus-12"])
def test_period_end_of_no_months_is_none(n):
    assert period_end(D(2025, 3, 10), n) is None


# --- properties ------------------------------------------------------------------------


@PROPS
@given(start=dates, n=positive_months)
def test_period_end_is_the_day_before_add_months(start, n):
    end = period_end(start, n)
    assert end is not None
    assert end < add_months(start, n)
    assert end == add_months(start, n) - dt.timedelta(days=1)


@PROPS
@given(start=dates, n=positive_months)
def test_period_end_covers_at_least_the_start_day(start, n):
    assert period_end(start, n) >= start


@PROPS
@given(start=dates, n=positive_months, more=st.integers(min_value=1, max_value=60))
def test_period_end_is_strictly_monotone_in_months(start, n, more):
    assert period_end(start, n) < period_end(start, n + more)


@PROPS
@given(start=dates, n=months)
def test_add_months_is_monotone_and_never_before_start(start, n):
    assert add_months(start, n) >= start
    assert add_months(start, n) < add_months(start, n + 1)


@PROPS
@given(
    start=dates.filter(lambda d: d.day <= 28),
    a=st.integers(min_value=0, max_value=300),
    b=st.integers(min_value=0, max_value=300),
)
def test_add_months_composes_when_day_exists_in_every_month(start, a, b):
    assert add_months(start, a + b) == add_months(add_months(start, a), b)


@PROPS
@given(start=dates, n=months)
def test_add_months_never_increases_the_day(start, n):
    assert add_months(start, n).day <= start.day


@PROPS
@given(start=dates, n=months)
def test_add_months_lands_in_the_right_month(start, n):
    result = add_months(start, n)
    assert (result.year * 12 + result.month) - (start.year * 12 + start.month) == n


@PROPS
@given(start=dates, n=months)
def test_add_months_keeps_the_day_or_takes_the_month_end(start, n):
    result = add_months(start, n)
    last = calendar.monthrange(result.year, result.month)[1]
    assert result.day == min(start.day, last)


@PROPS
@given(start=dates, n=st.integers(min_value=-1000, max_value=-1))
def test_add_months_raises_for_any_negative_months(start, n):
    with pytest.raises(ValueError, match="months"):
        add_months(start, n)
