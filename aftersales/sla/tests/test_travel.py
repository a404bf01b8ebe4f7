"""The on-site prediction (SLA-3): travel from coordinates and the engineer's queue."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aftersales.organisation.geo import HOP, SERVICE, UNKNOWN_TRAVEL, Point
from aftersales.sla.travel import Job, predict_on_site, queue_ahead

SH = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2026, 3, 2, 10, 0, tzinfo=SH)
M = dt.timedelta(minutes=1)
H = dt.timedelta(hours=1)

SHANGHAI = Point(31.2304, 121.4737)
HANGZHOU = Point(30.2741, 120.1551)
BEIJING = Point(39.9042, 116.4074)


def job(order_id, status, on_site_by=None, departed=None, on_site_since=None):
    return Job(order_id, status, on_site_by, departed, on_site_since)


MINE = 100
MY_DUE = NOW + 4 * H


@pytest.mark.parametrize(
    ("jobs", "count", "queue"),
    [
        pytest.param([], 0, dt.timedelta(0), id="free"),
        pytest.param([job(1, "assigned", NOW + H)], 1, HOP + SERVICE, id="earlier-deadline"),
        pytest.param([job(1, "assigned", NOW + 5 * H)], 0, dt.timedelta(0), id="later-deadline"),
        pytest.param([job(1, "assigned", None)], 0, dt.timedelta(0), id="no-deadline-goes-last"),
        pytest.param([job(1, "assigned", MY_DUE)], 1, HOP + SERVICE, id="same-deadline-lower-id"),
        pytest.param([job(101, "assigned", MY_DUE)], 0, dt.timedelta(0), id="same-deadline-higher"),
        pytest.param(
            [job(1, "in_progress", on_site_since=NOW - 30 * M)], 1, 60 * M, id="on-a-job-now"
        ),
        pytest.param(
            [job(1, "on_site", on_site_since=NOW - 5 * H)], 1, dt.timedelta(0), id="overrunning"
        ),
        pytest.param(
            [job(1, "en_route", NOW + 9 * H, departed=NOW - 10 * M)],
            1,
            HOP + SERVICE - 10 * M,
            id="driving-to-another",
        ),
        pytest.param([job(1, "waiting", NOW)], 0, dt.timedelta(0), id="waiting-holds-no-one"),
        pytest.param([job(MINE, "assigned", NOW)], 0, dt.timedelta(0), id="itself"),
        pytest.param(
            [
                job(1, "in_progress", on_site_since=NOW - 60 * M),
                job(2, "assigned", NOW + H),
                job(3, "assigned", NOW + 2 * H),
                job(4, "assigned", NOW + 6 * H),
            ],
            3,
            30 * M + 2 * (HOP + SERVICE),
            id="a-busy-day",
        ),
    ],
)
def test_queue_ahead(jobs, count, queue):
    assert queue_ahead(jobs, order_id=MINE, on_site_by=MY_DUE, now=NOW) == (count, queue)


def predict(status="assigned", jobs=(), engineer_at=SHANGHAI, customer_at=HANGZHOU, **kw):
    return predict_on_site(
        order_id=MINE,
        status=status,
        on_site_by=MY_DUE,
        departed_at=kw.get("departed_at"),
        engineer_at=engineer_at,
        customer_at=customer_at,
        jobs=list(jobs),
        now=kw.get("now", NOW),
    )


def test_prediction_for_an_assigned_order_is_queue_then_travel():
    got = predict(jobs=[job(1, "assigned", NOW + H)])
    assert got.distance_km == pytest.approx(164, abs=2)
    assert got.jobs_ahead == 1
    assert got.on_site_at == NOW + HOP + SERVICE + got.travel


def test_prediction_en_route_counts_from_departure_and_never_lies_in_the_past():
    got = predict(status="en_route", departed_at=NOW - 30 * M, jobs=[job(1, "assigned", NOW)])
    assert got.jobs_ahead == 0
    assert got.on_site_at == NOW - 30 * M + got.travel
    stale = predict(status="en_route", departed_at=NOW - 30 * H)
    assert stale.on_site_at == NOW


def test_prediction_without_coordinates_assumes_the_unknown_travel_time():
    got = predict(engineer_at=None)
    expected = (None, UNKNOWN_TRAVEL, NOW + UNKNOWN_TRAVEL)
    assert (got.distance_km, got.travel, got.on_site_at) == expected


@pytest.mark.parametrize("status", ["new", "acknowledged", "on_site", "in_progress", "waiting"])
def test_no_prediction_unless_assigned_or_en_route(status):
    assert predict(status=status) is None


def test_prediction_counts_from_the_start_of_the_minute():
    assert predict(now=NOW + 59 * dt.timedelta(seconds=1)) == predict(now=NOW)


statuses = st.sampled_from(["assigned", "en_route", "on_site", "in_progress", "waiting"])
jobs_lists = st.lists(
    st.builds(
        Job,
        st.integers(min_value=1, max_value=99),
        statuses,
        st.one_of(st.none(), st.integers(-600, 600).map(lambda m: NOW + m * M)),
        st.one_of(st.none(), st.integers(0, 600).map(lambda m: NOW - m * M)),
        st.one_of(st.none(), st.integers(0, 600).map(lambda m: NOW - m * M)),
    ),
    max_size=8,
)


@settings(max_examples=200)
@given(jobs=jobs_lists, extra=jobs_lists)
def test_more_jobs_never_make_the_engineer_arrive_earlier(jobs, extra):
    fewer = predict(jobs=jobs)
    more = predict(jobs=jobs + extra)
    assert more.on_site_at >= fewer.on_site_at
    assert more.on_site_at >= NOW + fewer.travel
