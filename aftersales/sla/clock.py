"""SLA clocks that stop (SLA-2) and what they say (SLA-3, SLA-4), as plain functions.

A target is a span of time on its own clock (``Term``: minutes on ``24x7`` or on the
working calendar). Its deadline is the first moment at which that much *running* clock
time has passed since the report: time while the order waits for the customer does not
count. ``paused_deadline`` computes that from the closed pauses; ``shift_for_pause``
does the same one pause at a time (what the services do when a pause ends), and the two
agree by construction and by test. A pause that begins at or after a deadline does not
move it: that target was breached (or met) before the clock stopped.

An open pause is not part of a stored deadline yet: while it lasts the clock stands
still, so everything is judged as of the moment it began (``effective_now``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

from aftersales.sla.rules import DEFAULT_CALENDAR, WorkingCalendar

ZERO = dt.timedelta(0)
TARGETS = ("respond", "on_site", "resolve")

# SLA-4: warn at 80 % of a target elapsed; the manager at the breach; the director at
# the breach plus the same span again (200 % elapsed). Exact fractions, no floats.
WARN_AT = Fraction(4, 5)
DIRECTOR_AT = Fraction(2)


@dataclass(frozen=True)
class Term:
    """A target's length on its clock (``"24x7"`` or ``"working"``)."""

    minutes: int
    clock: str

    @property
    def span(self) -> dt.timedelta:
        return dt.timedelta(minutes=self.minutes)


@dataclass(frozen=True)
class Pause:
    start: dt.datetime
    end: dt.datetime | None  # None: still paused


def clock_time_between(
    clock: str,
    start: dt.datetime,
    end: dt.datetime,
    calendar: WorkingCalendar = DEFAULT_CALENDAR,
) -> dt.timedelta:
    """Clock time from ``start`` to ``end``; negative when ``end`` is earlier."""
    if end < start:
        return -clock_time_between(clock, end, start, calendar)
    if clock == "working":
        return calendar.working_time_between(start, end)
    return end - start


def clock_add(
    clock: str,
    start: dt.datetime,
    amount: dt.timedelta,
    calendar: WorkingCalendar = DEFAULT_CALENDAR,
) -> dt.datetime:
    """The first moment ``amount`` (≥ 0) of clock time after ``start``; zero adds nothing."""
    if amount < ZERO:
        raise ValueError("amount must not be negative")
    if amount == ZERO:
        return start
    if clock == "working":
        return calendar.add_working_time(start, amount)
    return start + amount


def first_deadline(
    start: dt.datetime, term: Term, calendar: WorkingCalendar = DEFAULT_CALENDAR
) -> dt.datetime:
    """The deadline without pauses (as ``rules.deadline``: a working-clock start outside
    working hours counts from the next opening)."""
    if term.clock == "working":
        return calendar.add_working_time(start, term.span)
    return start + term.span


def shift_for_pause(
    clock: str,
    due: dt.datetime,
    pause_start: dt.datetime,
    pause_end: dt.datetime,
    calendar: WorkingCalendar = DEFAULT_CALENDAR,
) -> dt.datetime:
    """The deadline once a pause from ``pause_start`` to ``pause_end`` has ended: later
    by the clock time paused, or unchanged when the pause began at or after it."""
    if pause_start >= due:
        return due
    paused = clock_time_between(clock, pause_start, pause_end, calendar)
    return clock_add(clock, due, paused, calendar)


def closed_pauses(pauses: Iterable[Pause]) -> list[tuple[dt.datetime, dt.datetime]]:
    """The ended pauses, oldest first (an open pause is not part of a deadline yet)."""
    return sorted((p.start, p.end) for p in pauses if p.end is not None)


def paused_deadline(
    start: dt.datetime,
    term: Term,
    pauses: Iterable[Pause],
    calendar: WorkingCalendar = DEFAULT_CALENDAR,
) -> dt.datetime:
    """The deadline of ``term`` from ``start`` with the clock stopped during ``pauses``."""
    due = first_deadline(start, term, calendar)
    for pause_start, pause_end in closed_pauses(pauses):
        if pause_start >= due:
            break  # this one and every later pause began after the deadline
        if pause_end > start:  # only time after the report can stop its clock
            due = shift_for_pause(term.clock, due, max(pause_start, start), pause_end, calendar)
    return due


def effective_now(now: dt.datetime, paused_at: dt.datetime | None) -> dt.datetime:
    """The moment the clocks stand at: ``now``, or when the open pause began."""
    if paused_at is not None and paused_at < now:
        return paused_at
    return now


def elapsed_fraction(
    term: Term,
    due: dt.datetime,
    now: dt.datetime,
    calendar: WorkingCalendar = DEFAULT_CALENDAR,
) -> Fraction:
    """How much of the target's span has run at ``now`` (1 at the deadline, 2 at the
    deadline plus the span again), measured backwards from the deadline on its clock so
    that pauses before ``now`` (already in ``due``) are not counted."""
    if term.minutes <= 0:
        return Fraction(1) if now <= due else DIRECTOR_AT
    remaining = clock_time_between(term.clock, now, due, calendar)
    span_us = term.minutes * 60_000_000
    remaining_us = (remaining.days * 86_400 + remaining.seconds) * 1_000_000 + (
        remaining.microseconds
    )
    return 1 - Fraction(remaining_us, span_us)


def escalation_levels(
    term: Term,
    due: dt.datetime,
    now: dt.datetime,
    calendar: WorkingCalendar = DEFAULT_CALENDAR,
) -> list[str]:
    """Every SLA-4 level an open target has reached at ``now``, lowest first."""
    fraction = elapsed_fraction(term, due, now, calendar)
    levels = []
    if fraction >= WARN_AT:
        levels.append("warn")
    if now > due:
        levels.append("manager")
        if now >= clock_add(term.clock, due, term.span, calendar):
            levels.append("director")
    return levels


@dataclass(frozen=True)
class TargetFacts:
    """One target of one order as the breach rule needs it."""

    target: str
    due: dt.datetime | None
    done_at: dt.datetime | None


def breached_targets(
    targets: Iterable[TargetFacts],
    *,
    now: dt.datetime,
    paused_at: dt.datetime | None = None,
    cancelled_at: dt.datetime | None = None,
) -> list[TargetFacts]:
    """The targets that are breached at ``now`` (SLA-3): done after the deadline, or not
    done and the deadline passed before now (before the open pause began; before the
    order was cancelled). The same rule as ``state.target_state`` and the list filter."""
    until = effective_now(now, paused_at)
    if cancelled_at is not None and cancelled_at < until:
        until = cancelled_at
    return [
        t
        for t in targets
        if t.due is not None
        and ((t.done_at is not None and t.done_at > t.due) or (t.done_at is None and t.due < until))
    ]


def terms_to_json(terms: dict[str, Term]) -> dict[str, dict[str, int | str]]:
    return {t: {"minutes": term.minutes, "clock": term.clock} for t, term in terms.items()}


def terms_from_json(data: object) -> dict[str, Term]:
    """The terms kept on an order (``ServiceOrder.sla_terms``); bad entries are skipped."""
    terms: dict[str, Term] = {}
    if not isinstance(data, dict):
        return terms
    for target in TARGETS:
        entry = data.get(target)
        if isinstance(entry, dict) and isinstance(entry.get("minutes"), int):
            terms[target] = Term(int(entry["minutes"]), str(entry.get("clock") or "24x7"))
    return terms
