"""The one travel estimate (organisation.geo) that dispatch and the SLA prediction share."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aftersales.organisation.geo import (
    UNKNOWN_TRAVEL,
    Point,
    ancestor_paths,
    centroid,
    distance_km,
    haversine_km,
    parent_path,
    travel_minutes,
    travel_time,
)

M = dt.timedelta(minutes=1)
SHANGHAI = Point(31.2304, 121.4737)
HANGZHOU = Point(30.2741, 120.1551)
BEIJING = Point(39.9042, 116.4074)


@pytest.mark.parametrize(
    ("a", "b", "km"),
    [(SHANGHAI, HANGZHOU, 164), (SHANGHAI, BEIJING, 1068), (SHANGHAI, SHANGHAI, 0)],
    ids=["shanghai-hangzhou", "shanghai-beijing", "same-place"],
)
def test_haversine_distances(a, b, km):
    assert haversine_km(a, b) == pytest.approx(km, abs=2)
    assert haversine_km(a, b) == pytest.approx(haversine_km(b, a))


def test_distance_is_unknown_when_either_end_is():
    assert distance_km(None, SHANGHAI) is None
    assert distance_km(SHANGHAI, None) is None
    assert distance_km(SHANGHAI, HANGZHOU) == haversine_km(SHANGHAI, HANGZHOU)


@pytest.mark.parametrize(
    ("km", "minutes"),
    [(None, 120), (0.0, 0), (1.0, 3), (10.0, 26), (23.0, 60), (30.0, 78), (100.0, 260)],
)
def test_travel_is_road_km_at_town_speed_rounded_up(km, minutes):
    # 10 km × 1.3 / 30 km/h = 26 min; unknown → the assumed long trip
    assert travel_minutes(km) == minutes
    assert travel_time(km) == minutes * M


def test_an_unknown_location_is_assumed_two_hours_away():
    assert travel_time(None) == UNKNOWN_TRAVEL == 120 * M


@given(st.floats(min_value=0, max_value=3000), st.floats(min_value=0, max_value=3000))
def test_farther_never_takes_less_time(a, b):
    near, far = sorted((a, b))
    assert travel_time(near) <= travel_time(far)


def test_point_needs_both_coordinates():
    assert Point.of(None, 121) is None
    assert Point.of(31, None) is None
    assert Point.of(31, 121) == Point(31.0, 121.0)


def test_centroid_is_the_mean_position():
    assert centroid([]) is None
    assert centroid([Point(30, 120), Point(32, 122)]) == Point(31.0, 121.0)


@pytest.mark.parametrize(
    ("path", "ancestors", "parent"),
    [
        ("/1/", ["/1/"], None),
        ("/1/2/", ["/1/", "/1/2/"], "/1/"),
        ("/1/2/5/", ["/1/", "/1/2/", "/1/2/5/"], "/1/2/"),
        ("", [], None),
    ],
)
def test_region_paths(path, ancestors, parent):
    assert ancestor_paths(path) == ancestors
    assert parent_path(path) == parent
