"""Clocks that stop (SLA-2): deadlines with pauses, elapsed fractions and the SLA-4
levels, breaches (SLA-3) — the pure functions of ``sla/clock.py``."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from zoneinfo import ZoneInfo

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from aftersales.sla.clock import (
    Pause,
    TargetFacts,
    Term,
    breached_targets,
    clock_add,
    clock_time_between,
    effective_now,
    elapsed_fraction,
    escalation_levels,
    first_deadline,
    paused_deadline,
    shift_for_pause,
    terms_from_json,
    terms_to_json,
)
from aftersales.sla.rules import DEFAULT_CALENDAR, deadline

SH = ZoneInfo("Asia/Shanghai")
H = dt.timedelta(hours=1)
M = dt.timedelta(minutes=1)
S = dt.timedelta(seconds=1)
US = dt.timedelta(microseconds=1)


def at(*args):
    return dt.datetime(*args, tzinfo=SH)


# --- the spec's examples on 7×24, to the second ------------------------------------------

REPORTED = at(2026, 3, 2, 10, 0, 0)  # a Monday


@pytest.mark.parametrize(
    ("policy", "terms", "expected"),
    [
        (
            "urgent / project",
            {"respond": 60, "on_site": 240, "resolve": 2880},
            {
                "respond": at(2026, 3, 2, 11, 0, 0),
                "on_site": at(2026, 3, 2, 14, 0, 0),
                "resolve": at(2026, 3, 4, 10, 0, 0),
            },
        ),
        (
            "in warranty",
            {"respond": 120, "on_site": 1440, "resolve": 2880},
            {
                "respond": at(2026, 3, 2, 12, 0, 0),
                "on_site": at(2026, 3, 3, 10, 0, 0),
                "resolve": at(2026, 3, 4, 10, 0, 0),
            },
        ),
        ("out of warranty", {"respond": 1440}, {"respond": at(2026, 3, 3, 10, 0, 0)}),
    ],
)
def test_spec_targets_hold_to_the_second_on_24x7(policy, terms, expected):
    for target, minutes in terms.items():
        assert first_deadline(REPORTED, Term(minutes, "24x7")) == expected[target], target


@pytest.mark.parametrize(
    ("pauses", "shift"),
    [
        pytest.param([], dt.timedelta(0), id="no-pause"),
        pytest.param([(1 * H, 1 * H + 3 * H + 17 * M + 5 * S)], 3 * H + 17 * M + 5 * S, id="one"),
        pytest.param([(1 * H, 2 * H), (5 * H, 5 * H + 30 * M + 1 * S)], 90 * M + S, id="two"),
        pytest.param([(0 * H, 47 * H + 59 * M + 59 * S)], 47 * H + 59 * M + 59 * S, id="long"),
        pytest.param([(3 * H, 3 * H)], dt.timedelta(0), id="zero-length"),
        # begins after the 48 h deadline: the clock had already run out
        pytest.param([(49 * H, 60 * H)], dt.timedelta(0), id="after-the-deadline"),
        pytest.param([(48 * H, 60 * H)], dt.timedelta(0), id="at-the-deadline"),
        # one second before the deadline: the whole pause counts
        pytest.param([(48 * H - S, 60 * H)], 12 * H + S, id="just-before-the-deadline"),
    ],
)
def test_pauses_shift_a_24x7_resolve_target_by_exactly_the_time_paused(pauses, shift):
    term = Term(2880, "24x7")
    got = paused_deadline(REPORTED, term, [Pause(REPORTED + a, REPORTED + b) for a, b in pauses])
    assert got == REPORTED + 48 * H + shift


def test_only_paused_time_after_the_report_counts():
    term = Term(2880, "24x7")
    before = Pause(REPORTED - 5 * H, REPORTED + 2 * H)
    assert paused_deadline(REPORTED, term, [before]) == REPORTED + 50 * H
    assert paused_deadline(REPORTED, term, [Pause(REPORTED - 5 * H, REPORTED)]) == (
        REPORTED + 48 * H
    )


def test_an_open_pause_is_not_part_of_the_deadline_yet():
    term = Term(2880, "24x7")
    pauses = [Pause(REPORTED + H, REPORTED + 2 * H), Pause(REPORTED + 5 * H, None)]
    assert paused_deadline(REPORTED, term, pauses) == REPORTED + 49 * H


# --- the working calendar: a weekend, a public holiday, a make-up working day -------------

# National Day 2025: 1–8 October off; Sunday 28 September and Saturday 11 October are
# make-up working days (调休). 2 working days = 18 working hours (09:00–18:00).
TWO_WORKING_DAYS = Term(2 * 540, "working")
FRIDAY_1700 = at(2025, 9, 26, 17, 0)


def test_working_deadline_counts_the_make_up_sunday_and_skips_the_saturday():
    # Fri 17–18 (1 h), Sat off, Sun 28 make-up (9 h), Mon 29 09–17 (8 h)
    assert first_deadline(FRIDAY_1700, TWO_WORKING_DAYS) == at(2025, 9, 29, 17, 0)
    assert first_deadline(FRIDAY_1700, TWO_WORKING_DAYS) == deadline(FRIDAY_1700, 1080, "working")


@pytest.mark.parametrize(
    ("pause", "paused_working", "due"),
    [
        # Mon 29 10:00 → Thu 9 Oct 10:00: Mon 8 h + Tue 30 9 h + (1–8 Oct off) + 1 h = 18 h;
        # from Mon 17:00: Mon 1 h, Tue 9 h, holiday, Thu 9 Oct 8 h → 17:00.
        ((at(2025, 9, 29, 10), at(2025, 10, 9, 10)), 18 * H, at(2025, 10, 9, 17, 0)),
        # until Fri 10 Oct 16:00 (33 h): the deadline lands on the make-up Saturday.
        ((at(2025, 9, 29, 10), at(2025, 10, 10, 16)), 33 * H, at(2025, 10, 11, 14, 0)),
        # paused over the weekend and the holiday only (Sat 27 → Sun 28 09:00; 1 → 8 Oct):
        # no working time paused, the deadline stays.
        ((at(2025, 9, 27, 10), at(2025, 9, 28, 9)), dt.timedelta(0), at(2025, 9, 29, 17, 0)),
        # Sat 27 12:00 → Mon 29 09:30: the make-up Sunday (9 h) + 30 min are working time.
        ((at(2025, 9, 27, 12), at(2025, 9, 29, 9, 30)), 9 * H + 30 * M, at(2025, 9, 30, 17, 30)),
    ],
    ids=["over-the-holiday", "onto-the-make-up-saturday", "weekend-only", "over-make-up-sunday"],
)
def test_pause_shifts_a_working_target_by_the_working_time_paused_only(pause, paused_working, due):
    start, end = pause
    assert clock_time_between("working", start, end) == paused_working
    assert paused_deadline(FRIDAY_1700, TWO_WORKING_DAYS, [Pause(start, end)]) == due


def test_the_same_pause_shifts_a_24x7_target_by_its_wall_time():
    start, end = at(2025, 9, 29, 10), at(2025, 10, 9, 10)
    term = Term(96 * 60, "24x7")  # due Tue 30 Sep 17:00, after the pause began
    assert paused_deadline(FRIDAY_1700, term, [Pause(start, end)]) == (
        FRIDAY_1700 + 96 * H + dt.timedelta(days=10)
    )


# --- working time both ways -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (at(2026, 3, 2, 10), at(2026, 3, 2, 12), 2 * H),
        (at(2026, 3, 2, 7), at(2026, 3, 2, 20), 9 * H),
        (at(2026, 3, 6, 17), at(2026, 3, 9, 10), 2 * H),  # Fri 17:00 → Mon 10:00
        (at(2026, 3, 7, 10), at(2026, 3, 8, 20), dt.timedelta(0)),  # a weekend
        (at(2026, 3, 2, 12), at(2026, 3, 2, 10), dt.timedelta(0)),  # end before start
        (at(2025, 9, 30, 17), at(2025, 10, 9, 10), 2 * H),  # over National Day
    ],
)
def test_working_time_between(start, end, expected):
    assert DEFAULT_CALENDAR.working_time_between(start, end) == expected


def test_clock_time_between_is_signed_and_clock_add_adds_nothing_for_zero():
    a, b = at(2026, 3, 2, 10), at(2026, 3, 2, 12)
    assert clock_time_between("24x7", b, a) == -2 * H
    assert clock_time_between("working", b, a) == -2 * H
    saturday = at(2026, 3, 7, 10)
    assert clock_add("working", saturday, dt.timedelta(0)) == saturday
    with pytest.raises(ValueError, match="negative"):
        clock_add("24x7", a, -S)


# --- properties -----------------------------------------------------------------------------

BASE = at(2026, 1, 5, 0, 0)  # 2026 is in chinese_calendar
moments = st.integers(min_value=0, max_value=60 * 24 * 90).map(lambda m: BASE + m * M)
offsets = st.integers(min_value=0, max_value=10**6).map(lambda s: s * S)
clocks = st.sampled_from(["24x7", "working"])
terms = st.builds(Term, st.integers(min_value=1, max_value=5 * 1440), clocks)


@st.composite
def reports(draw, max_pauses=4):
    """A report time and its pauses: after it, in time order, not overlapping, the last
    possibly still open."""
    start = draw(moments)
    cursor = start
    pauses = []
    for _ in range(draw(st.integers(min_value=0, max_value=max_pauses))):
        begin = cursor + draw(offsets)
        end = begin + draw(offsets)
        pauses.append(Pause(begin, end))
        cursor = end
    if pauses and draw(st.booleans()):
        pauses[-1] = Pause(pauses[-1].start, None)
    return start, pauses


@settings(max_examples=150, deadline=None)
@given(start=moments, minutes=st.integers(min_value=0, max_value=20 * 540))
def test_working_time_between_inverts_add_working_time(start, minutes):
    due = DEFAULT_CALENDAR.add_working_time(start, minutes * M)
    assert DEFAULT_CALENDAR.working_time_between(start, due) == minutes * M


@settings(max_examples=150, deadline=None)
@given(report=reports(), term=terms)
def test_pausing_never_makes_a_deadline_earlier(report, term):
    start, pauses = report
    unpaused = first_deadline(start, term)
    got = paused_deadline(start, term, pauses)
    assert got >= unpaused
    for n in range(len(pauses)):  # nor does one more pause
        assert paused_deadline(start, term, pauses[: n + 1]) >= paused_deadline(
            start, term, pauses[:n]
        )


@settings(max_examples=150, deadline=None)
@given(report=reports(), term=terms)
def test_running_clock_time_from_report_to_deadline_is_the_span(report, term):
    """The definition: the deadline is where ``span`` of running time has passed."""
    start, pauses = report
    due = paused_deadline(start, term, pauses)
    running = clock_time_between(term.clock, start, due)
    for pause in pauses:
        if pause.end is None:
            continue
        a, b = max(pause.start, start), min(pause.end, due)
        if b > a:
            running -= clock_time_between(term.clock, a, b)
    assert running == term.span


@settings(max_examples=150, deadline=None)
@given(report=reports(), term=terms)
def test_shifting_pause_by_pause_equals_recomputing_from_the_report(report, term):
    """What the services do at each resume == what a re-target recomputes."""
    start, pauses = report
    due = first_deadline(start, term)
    for pause in pauses:
        if pause.end is not None:
            due = shift_for_pause(term.clock, due, pause.start, pause.end)
    assert due == paused_deadline(start, term, pauses)


@settings(max_examples=150, deadline=None)
@given(
    start=moments,
    term=terms,
    gap=offsets,
    first=offsets,
    second=offsets,
    between=offsets,
)
def test_two_pauses_equal_one_pause_of_their_summed_clock_time(
    start, term, gap, first, second, between
):
    p1 = Pause(start + gap, start + gap + first)
    p2 = Pause(p1.end + between, p1.end + between + second)
    paused1 = clock_time_between(term.clock, p1.start, p1.end)
    paused2 = clock_time_between(term.clock, p2.start, p2.end)
    unpaused = first_deadline(start, term)
    # both begin before the deadline they find
    assume(p1.start < unpaused)
    assume(p2.start < clock_add(term.clock, unpaused, paused1))
    one = Pause(p1.start, clock_add(term.clock, p1.start, paused1 + paused2))
    assert paused_deadline(start, term, [p1, p2]) == clock_add(
        term.clock, unpaused, paused1 + paused2
    )
    if term.clock == "24x7":
        assert paused_deadline(start, term, [p1, p2]) == paused_deadline(start, term, [one])


@settings(max_examples=100, deadline=None)
@given(start=moments, term=terms, after=offsets, length=offsets)
def test_a_pause_beginning_at_or_after_the_deadline_changes_nothing(start, term, after, length):
    due = first_deadline(start, term)
    late = Pause(due + after, due + after + length)
    assert paused_deadline(start, term, [late]) == due


# --- elapsed fraction and the SLA-4 levels -----------------------------------------------------

FOUR_HOURS = Term(240, "24x7")
DUE = REPORTED + 4 * H


@pytest.mark.parametrize(
    ("now", "fraction", "levels"),
    [
        (REPORTED, Fraction(0), []),
        (REPORTED + 2 * H, Fraction(1, 2), []),
        (REPORTED + 192 * M - US, Fraction(4, 5) - Fraction(1, 240 * 60_000_000), []),
        (REPORTED + 192 * M, Fraction(4, 5), ["warn"]),
        (DUE, Fraction(1), ["warn"]),
        (DUE + US, Fraction(1) + Fraction(1, 240 * 60_000_000), ["warn", "manager"]),
        (DUE + 4 * H - US, Fraction(2) - Fraction(1, 240 * 60_000_000), ["warn", "manager"]),
        (DUE + 4 * H, Fraction(2), ["warn", "manager", "director"]),
        (DUE + 400 * H, Fraction(101), ["warn", "manager", "director"]),
    ],
    ids=["start", "half", "just-below-80", "80", "due", "just-late", "just-below-2x", "2x", "100x"],
)
def test_elapsed_fraction_and_levels_on_24x7(now, fraction, levels):
    assert elapsed_fraction(FOUR_HOURS, DUE, now) == fraction
    assert escalation_levels(FOUR_HOURS, DUE, now) == levels


def test_working_target_fraction_runs_on_working_time():
    # 2 working days from Fri 26 Sep 2025 17:00 → Mon 29 17:00 (make-up Sunday counts).
    due = at(2025, 9, 29, 17, 0)
    assert elapsed_fraction(TWO_WORKING_DAYS, due, at(2025, 9, 27, 15)) == Fraction(1, 18)
    # 80 % = 14.4 h elapsed = 3.6 h left: Mon 13:24
    assert escalation_levels(TWO_WORKING_DAYS, due, at(2025, 9, 29, 13, 23)) == []
    assert escalation_levels(TWO_WORKING_DAYS, due, at(2025, 9, 29, 13, 24)) == ["warn"]
    # director: the span again on the working clock: Mon 17:00 + 18 h → Thu 9 Oct 17:00
    assert escalation_levels(TWO_WORKING_DAYS, due, at(2025, 10, 9, 16, 59)) == [
        "warn",
        "manager",
    ]
    assert escalation_levels(TWO_WORKING_DAYS, due, at(2025, 10, 9, 17, 0))[-1] == "director"


@settings(max_examples=150, deadline=None)
@given(term=terms, due=moments, now=moments)
def test_levels_follow_the_fraction(term, due, now):
    fraction = elapsed_fraction(term, due, now)
    levels = escalation_levels(term, due, now)
    assert ("warn" in levels) == (fraction >= Fraction(4, 5))
    assert ("manager" in levels) == (now > due)
    if "director" in levels:
        assert fraction >= 2
    assert levels == sorted(levels, key=["warn", "manager", "director"].index)


def test_effective_now_stops_at_the_pause():
    assert effective_now(DUE, None) == DUE
    assert effective_now(DUE, REPORTED) == REPORTED
    assert effective_now(REPORTED, DUE) == REPORTED


# --- which targets are breached -----------------------------------------------------------------


def facts(target="resolve", due=DUE, done=None):
    return TargetFacts(target, due, done)


@pytest.mark.parametrize(
    ("target", "now", "paused_at", "cancelled_at", "breached"),
    [
        (facts(), DUE, None, None, False),
        (facts(), DUE + US, None, None, True),
        (facts(done=DUE), DUE + H, None, None, False),
        (facts(done=DUE + US), DUE + US, None, None, True),
        (facts(due=None), DUE + 100 * H, None, None, False),
        # paused before the deadline: the clock stands still, however late it is now
        (facts(), DUE + 100 * H, DUE - US, None, False),
        (facts(), DUE + 100 * H, DUE, None, False),
        # paused after the deadline had passed: breached before the pause
        (facts(), DUE + 100 * H, DUE + US + US, None, True),
        # cancelled before the deadline: none; after it: breached
        (facts(), DUE + 100 * H, None, DUE, False),
        (facts(), DUE + 100 * H, None, DUE + H, True),
    ],
    ids=[
        "at-due",
        "just-after",
        "met",
        "done-late",
        "no-target",
        "paused-before-due",
        "paused-at-due",
        "paused-after-due",
        "cancelled-before",
        "cancelled-after",
    ],
)
def test_breached_targets(target, now, paused_at, cancelled_at, breached):
    got = breached_targets([target], now=now, paused_at=paused_at, cancelled_at=cancelled_at)
    assert got == ([target] if breached else [])


def test_terms_round_trip_and_bad_entries_are_skipped():
    terms = {"respond": Term(60, "24x7"), "on_site": Term(1080, "working")}
    assert terms_from_json(terms_to_json(terms)) == terms
    assert terms_from_json(None) == {}
    assert terms_from_json({"respond": {"minutes": "60"}, "other": {"minutes": 5}}) == {}
    assert terms_from_json({"resolve": {"minutes": 30}}) == {"resolve": Term(30, "24x7")}
