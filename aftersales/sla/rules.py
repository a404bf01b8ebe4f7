"""SLA deadlines on a clock (SLA-1, SLA-2) as plain functions.

``add_working_minutes`` walks a working calendar: working hours per working day
(09:00–18:00 by default), weekends and Chinese public holidays off, make-up working
days (调休) on, as ``chinese_calendar`` knows them; years it does not know fall back to
Monday–Friday. A start outside working hours starts at the next working hour.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import chinese_calendar

SHANGHAI = ZoneInfo("Asia/Shanghai")


@functools.lru_cache(maxsize=4096)
def is_chinese_workday(day: dt.date) -> bool:
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:  # a year the library has no official schedule for
        return day.weekday() < 5


@dataclass(frozen=True)
class WorkingCalendar:
    day_start: dt.time = dt.time(9, 0)
    day_end: dt.time = dt.time(18, 0)
    tz: dt.tzinfo = SHANGHAI
    is_workday: Callable[[dt.date], bool] = is_chinese_workday

    @property
    def minutes_per_day(self) -> int:
        start = self.day_start.hour * 60 + self.day_start.minute
        end = self.day_end.hour * 60 + self.day_end.minute
        return end - start

    def _at(self, day: dt.date, time: dt.time) -> dt.datetime:
        return dt.datetime.combine(day, time, tzinfo=self.tz)

    def _next_opening(self, day: dt.date) -> dt.datetime:
        day += dt.timedelta(days=1)
        for _ in range(366):
            if self.is_workday(day):
                return self._at(day, self.day_start)
            day += dt.timedelta(days=1)
        raise ValueError("no working day within a year")

    def add_working_minutes(self, start: dt.datetime, minutes: int) -> dt.datetime:
        return self.add_working_time(start, dt.timedelta(minutes=minutes))

    def add_working_time(self, start: dt.datetime, amount: dt.timedelta) -> dt.datetime:
        """The first moment at which ``amount`` of working time has passed since ``start``.

        A start outside working hours moves to the next opening first (so an amount of
        zero from a Saturday is Monday 09:00); the answer may be a closing time."""
        if start.tzinfo is None:
            raise ValueError("start must be timezone-aware")
        if amount < dt.timedelta(0):
            raise ValueError("amount must not be negative")
        cursor = start.astimezone(self.tz)
        if not self.is_workday(cursor.date()) or cursor.time() >= self.day_end:
            cursor = self._next_opening(cursor.date())
        elif cursor.time() < self.day_start:
            cursor = self._at(cursor.date(), self.day_start)
        remaining = amount
        while True:
            left_today = self._at(cursor.date(), self.day_end) - cursor
            if remaining <= left_today:
                return cursor + remaining
            remaining -= left_today
            cursor = self._next_opening(cursor.date())

    def working_time_between(self, start: dt.datetime, end: dt.datetime) -> dt.timedelta:
        """Working time from ``start`` to ``end`` (zero when ``end`` is not later)."""
        if start.tzinfo is None or end.tzinfo is None:
            raise ValueError("times must be timezone-aware")
        start, end = start.astimezone(self.tz), end.astimezone(self.tz)
        total = dt.timedelta(0)
        day = start.date()
        while day <= end.date():
            if self.is_workday(day):
                opening = max(start, self._at(day, self.day_start))
                closing = min(end, self._at(day, self.day_end))
                if closing > opening:
                    total += closing - opening
            day += dt.timedelta(days=1)
        return total


DEFAULT_CALENDAR = WorkingCalendar()


def deadline(
    start: dt.datetime,
    minutes: int | None,
    clock: str,
    calendar: WorkingCalendar = DEFAULT_CALENDAR,
) -> dt.datetime | None:
    """The moment a target of ``minutes`` on ``clock`` falls due, from ``start``."""
    if minutes is None:
        return None
    if clock == "working":
        return calendar.add_working_minutes(start, minutes)
    return start + dt.timedelta(minutes=minutes)


@dataclass(frozen=True)
class OrderFacts:
    priority: str
    customer_kind: str
    in_warranty: bool
    region_path: str


@dataclass(frozen=True)
class PolicyMatch:
    match_priority: str
    match_customer_kind: str
    match_warranty: str
    match_region_path: str | None


def policy_matches(policy: PolicyMatch, facts: OrderFacts) -> bool:
    if policy.match_priority and policy.match_priority != facts.priority:
        return False
    if policy.match_customer_kind and policy.match_customer_kind != facts.customer_kind:
        return False
    if policy.match_warranty and policy.match_warranty != ("in" if facts.in_warranty else "out"):
        return False
    return not (
        policy.match_region_path and not facts.region_path.startswith(policy.match_region_path)
    )
