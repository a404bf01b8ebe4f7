"""``display.countdown``: the time to a deadline in words, in the request's language."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from aftersales.console.display import countdown
from aftersales.service_orders.tests.helpers import shanghai

NOW = shanghai(2025, 6, 3, 10, 0)
S = dt.timedelta(seconds=1)
M = dt.timedelta(minutes=1)
H = dt.timedelta(hours=1)
D = dt.timedelta(days=1)


@pytest.mark.parametrize(
    ("delta", "text"),
    [
        (H + 20 * M, "in 1 h 20 min"),
        (-35 * M, "overdue 35 min"),
        (2 * D + 3 * H + 40 * M, "in 2 d 3 h"),
        (-(D + 5 * H), "overdue 1 d 5 h"),
        (2 * H, "in 2 h"),
        (-H, "overdue 1 h"),
        (M, "in 1 min"),
        (H + 19 * M + 59 * S, "in 1 h 19 min"),  # whole minutes, rounded down
        (-(M + 59 * S), "overdue 1 min"),
        (59 * S, "due now"),
        (-59 * S, "due now"),
        (dt.timedelta(0), "due now"),
    ],
)
def test_countdown_in_english(delta, text):
    with translation.override("en"):
        assert countdown(NOW + delta, now=NOW) == text


def test_no_deadline_is_empty():
    assert countdown(None, now=NOW) == ""


def test_countdown_across_time_zones_is_the_same_instant():
    utc_now = NOW.astimezone(dt.UTC)
    with translation.override("en"):
        assert countdown(NOW + 90 * M, now=utc_now) == "in 1 h 30 min"


def test_countdown_is_translated():
    with translation.override("zh-hans"):
        assert "1 小时 20 分钟" in countdown(NOW + H + 20 * M, now=NOW)
