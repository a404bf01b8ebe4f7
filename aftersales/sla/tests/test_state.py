"""State of one SLA target (SLA-3): met / at_risk / breached / pending / none."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aftersales.sla.state import AT_RISK_FRACTION, target_state

SH = ZoneInfo("Asia/Shanghai")
START = dt.datetime(2026, 3, 2, 10, 0, tzinfo=SH)
DUE = START + dt.timedelta(hours=10)  # 80 % elapsed at START + 8 h
H = dt.timedelta(hours=1)
US = dt.timedelta(microseconds=1)


def state(*, now, done_at=None, due=DUE, start=START, cancelled=False):
    return target_state(start=start, due=due, done_at=done_at, now=now, cancelled=cancelled).state


def test_at_risk_fraction_is_eighty_percent():
    assert Fraction(4, 5) == AT_RISK_FRACTION


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        pytest.param(START, "pending", id="at-start"),
        pytest.param(START + 4 * H, "pending", id="half-way"),
        pytest.param(START + 8 * H - US, "pending", id="just-below-80pct"),
        pytest.param(START + 8 * H, "at_risk", id="exactly-80pct"),
        pytest.param(START + 9 * H, "at_risk", id="90pct"),
        pytest.param(DUE, "at_risk", id="exactly-due"),
        pytest.param(DUE + US, "breached", id="just-after-due"),
        pytest.param(DUE + 100 * H, "breached", id="long-after-due"),
        pytest.param(START - H, "pending", id="now-before-start"),
    ],
)
def test_open_target_state_by_elapsed_fraction(now, expected):
    assert state(now=now) == expected


@pytest.mark.parametrize(
    ("done_at", "now", "expected"),
    [
        pytest.param(START + H, START + H, "met", id="done-early"),
        pytest.param(DUE, DUE, "met", id="done-exactly-at-due-is-met"),
        pytest.param(DUE, DUE + 100 * H, "met", id="met-stays-met-later"),
        pytest.param(START + 9 * H, START + 9 * H, "met", id="done-while-at-risk"),
        pytest.param(DUE + US, DUE + US, "breached", id="done-just-after-due"),
        pytest.param(DUE + 5 * H, DUE + 5 * H, "breached", id="done-late"),
        pytest.param(START + H, START, "met", id="done-in-the-future-of-now"),
    ],
)
def test_done_target_is_met_or_breached(done_at, now, expected):
    assert state(now=now, done_at=done_at) == expected


@pytest.mark.parametrize(
    ("done_at", "now", "expected"),
    [
        pytest.param(None, START + H, "none", id="cancelled-early"),
        pytest.param(None, START + 9 * H, "none", id="cancelled-while-at-risk"),
        pytest.param(None, DUE, "none", id="cancelled-seen-exactly-at-due"),
        pytest.param(None, DUE + US, "breached", id="cancelled-seen-after-due"),
        pytest.param(None, DUE + 100 * H, "breached", id="cancelled-long-after-due"),
        pytest.param(START + H, DUE + H, "met", id="cancelled-after-being-met"),
        pytest.param(DUE + H, DUE + 2 * H, "breached", id="cancelled-after-late-done"),
    ],
)
def test_cancelled_target(done_at, now, expected):
    assert state(now=now, done_at=done_at, cancelled=True) == expected


@pytest.mark.parametrize(
    ("done_at", "cancelled"),
    [(None, False), (START + H, False), (None, True), (DUE + H, True)],
    ids=["open", "done", "cancelled", "cancelled-done-late"],
)
def test_no_due_is_none(done_at, cancelled):
    result = target_state(
        start=START, due=None, done_at=done_at, now=DUE + 100 * H, cancelled=cancelled
    )
    assert result.state == "none"
    assert result.due is None


def test_result_carries_due_and_done_at():
    done = START + H
    result = target_state(start=START, due=DUE, done_at=done, now=DUE)
    assert (result.due, result.done_at, result.state) == (DUE, done, "met")
    open_ = target_state(start=START, due=DUE, done_at=None, now=START)
    assert (open_.due, open_.done_at, open_.state) == (DUE, None, "pending")


def test_zero_span_target_is_at_risk_until_it_breaches():
    assert state(now=START, due=START) == "at_risk"
    assert state(now=START + US, due=START) == "breached"


@pytest.mark.parametrize(
    "span",
    [
        dt.timedelta(minutes=60),
        dt.timedelta(minutes=240),
        dt.timedelta(hours=48),
        dt.timedelta(days=3, minutes=5),
        dt.timedelta(seconds=5),
        # Spans that are not whole seconds: a working-clock due from a start with
        # sub-second precision outside working hours (or any start + a fraction).
        dt.timedelta(microseconds=5),
        dt.timedelta(seconds=7199, microseconds=999995),
        dt.timedelta(hours=48, microseconds=5),
        # Reported Mon 2026-11-30 20:15:03.123455, 60 working minutes → due Tue 10:00.
        dt.timedelta(hours=13, minutes=44, seconds=56, microseconds=876545),
    ],
    ids=str,
)
def test_exactly_eighty_percent_is_at_risk_for_any_span(span):
    eighty = span * 4 / 5
    assert eighty * 5 == span * 4  # exactly representable
    assert state(now=START + eighty, due=START + span) == "at_risk"
    assert state(now=START + eighty - US, due=START + span) == "pending"


# --- properties ------------------------------------------------------------------------

spans = st.integers(min_value=1, max_value=10**12).map(lambda n: dt.timedelta(microseconds=5 * n))
minute_spans = st.integers(min_value=1, max_value=60 * 24 * 30).map(
    lambda n: dt.timedelta(minutes=n)
)


@settings(max_examples=200)
@given(span=minute_spans)
def test_exactly_eighty_percent_of_whole_minute_span_is_at_risk(span):
    eighty = span * 4 / 5
    assert state(now=START + eighty, due=START + span) == "at_risk"
    assert state(now=START + eighty - US, due=START + span) == "pending"


@settings(max_examples=200)
@given(span=spans)
def test_exactly_eighty_percent_of_any_span_is_at_risk(span):
    assert state(now=START + span * 4 / 5, due=START + span) == "at_risk"


@settings(max_examples=200)
@given(
    span=minute_spans,
    elapsed=st.integers(min_value=-(10**9), max_value=10**11).map(
        lambda n: dt.timedelta(microseconds=n)
    ),
)
def test_open_state_follows_elapsed_fraction(span, elapsed):
    got = state(now=START + elapsed, due=START + span)
    if elapsed > span:
        assert got == "breached"
    elif elapsed * 5 >= span * 4:
        assert got == "at_risk"
    else:
        assert got == "pending"


@settings(max_examples=200)
@given(
    span=minute_spans,
    done=st.integers(min_value=0, max_value=10**11).map(lambda n: dt.timedelta(microseconds=n)),
    later=st.integers(min_value=0, max_value=10**11).map(lambda n: dt.timedelta(microseconds=n)),
    cancelled=st.booleans(),
)
def test_done_decides_regardless_of_now_and_cancel(span, done, later, cancelled):
    got = state(
        now=START + done + later, done_at=START + done, due=START + span, cancelled=cancelled
    )
    assert got == ("met" if done <= span else "breached")
