"""The pure rules of DSP-1 and DSP-2: reach, travel, eligibility and the score."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aftersales.dispatch import rules
from aftersales.dispatch.rules import (
    Certification,
    EngineerFacts,
    OrderFacts,
    Reach,
    Refusal,
)
from aftersales.organisation.geo import Point as GeoPoint

SH = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2026, 6, 1, 10, 0, tzinfo=SH)
TODAY = NOW.date()
SHANGHAI = GeoPoint(31.2304, 121.4737)
HANGZHOU = GeoPoint(30.2741, 120.1551)
LINE = 7

# /1/ 华东 → /1/2/ 上海 → /1/2/5/ 浦东; /1/3/ 杭州; /4/ 华北 → /4/6/ 北京
ORDER = OrderFacts(
    id=1,
    region_path="/1/2/",
    product_line_id=LINE,
    location=SHANGHAI,
    on_site_by=NOW + dt.timedelta(hours=4),
    region_name="上海",
    product_line_name="投影机",
)
ENGINEER = EngineerFacts(
    id=10,
    name="张工",
    region_path="/1/2/",
    region_name="上海",
    skills=frozenset({LINE}),
    certificates={LINE: Certification("PJ-1", TODAY + dt.timedelta(days=30))},
    location=SHANGHAI,
)


@pytest.mark.parametrize(
    ("order_region", "engineer_region", "expected"),
    [
        ("/1/2/", "/1/2/", Reach.REGION),  # the order's own region
        ("/1/2/", "/1/2/5/", Reach.REGION),  # a district inside it
        ("/1/2/", "/1/", Reach.REGION),  # the area that contains it
        ("/1/2/", "/1/3/", Reach.NEAR),  # a sibling city under the same area
        ("/1/2/5/", "/1/2/9/", Reach.NEAR),  # sibling districts
        ("/1/2/5/", "/1/3/", None),  # a cousin: two levels apart
        ("/1/2/", "/4/6/", None),  # another area
        ("/1/", "/4/", None),  # top-level regions have no neighbours
        ("/1/2/", None, None),  # no region: assigned by hand only
        ("/1/2/", "/1/22/", Reach.NEAR),  # /1/22/ is not inside /1/2/: a sibling
    ],
)
def test_reach(order_region, engineer_region, expected):
    assert rules.reach(order_region=order_region, engineer_region=engineer_region) == expected


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, []),
        ({"active": False}, [Refusal.INACTIVE]),
        ({"on_shift": False}, [Refusal.OFF_SHIFT]),
        ({"region_path": "/4/6/"}, [Refusal.REGION]),
        ({"skills": frozenset()}, [Refusal.SKILL]),
        ({"certificates": {}}, [Refusal.CERTIFICATE]),
        (
            {"certificates": {LINE: Certification("old", TODAY - dt.timedelta(days=1))}},
            [Refusal.CERTIFICATE],
        ),
        ({"certificates": {LINE: Certification("last-day", TODAY)}}, []),  # inclusive
        ({"certificates": {LINE + 1: Certification("other", TODAY)}}, [Refusal.CERTIFICATE]),
        ({"skills": frozenset(), "certificates": {}}, [Refusal.SKILL, Refusal.CERTIFICATE]),
    ],
)
def test_refusals(changes, expected):
    assert rules.refusals(ORDER, replace(ENGINEER, **changes), on=TODAY) == expected


def test_an_order_without_a_unit_checks_neither_skill_nor_certificate():
    no_unit = replace(ORDER, product_line_id=None)
    bare = replace(ENGINEER, skills=frozenset(), certificates={})
    assert rules.refusals(no_unit, bare, on=TODAY) == []


@pytest.mark.parametrize(
    ("changes", "score", "late", "travel"),
    [
        # on the spot, free, 4 h to spare: the full 100
        ({}, 100.0, 0, 0),
        # 2 open orders: 4 h of queue + 0 travel = on time, just; −10 for the workload
        ({"workload": 2}, 90.0, 0, 0),
        # 3 open orders: arrives 6 h after now, 2 h late: −10 × 3 workload, −40 late
        ({"workload": 3}, 45.0, 120, 0),
        # 165 km away: 429 min on the road, 189 min late: −71.5 travel, −63 late
        ({"location": HANGZHOU, "region_path": "/1/3/"}, -34.5, 189, 429),
        # no coordinates: 120 min assumed, on time
        ({"location": None}, 80.0, 0, 120),
        # served the customer before: +10
        ({"served_before": 2}, 110.0, 0, 0),
    ],
)
def test_score_is_the_documented_weighted_sum(changes, score, late, travel):
    a = rules.assess(ORDER, replace(ENGINEER, **changes), now=NOW)
    assert (a.score, a.late_minutes, a.travel_minutes) == (score, late, travel)
    assert a.score == pytest.approx(100 + sum(a.points.values()), abs=0.11)


def test_no_on_site_target_means_never_late():
    a = rules.assess(replace(ORDER, on_site_by=None), replace(ENGINEER, workload=9), now=NOW)
    assert (a.late_minutes, a.due_in) == (0, None)
    assert a.score == 55.0  # only the workload counts


# --- properties -----------------------------------------------------------------------

paths = st.sampled_from(["/1/", "/1/2/", "/1/2/5/", "/1/2/9/", "/1/3/", "/4/", "/4/6/", None])
places = st.one_of(
    st.none(),
    st.builds(
        GeoPoint,
        st.floats(min_value=18, max_value=53, allow_nan=False),
        st.floats(min_value=73, max_value=135, allow_nan=False),
    ),
)
expiry = st.integers(min_value=-3, max_value=3).map(lambda d: TODAY + dt.timedelta(days=d))
engineers = st.builds(
    EngineerFacts,
    id=st.integers(min_value=1, max_value=10_000),
    name=st.just("工程师"),
    region_path=paths,
    active=st.booleans(),
    on_shift=st.booleans(),
    skills=st.frozensets(st.sampled_from([LINE, LINE + 1]), max_size=2),
    certificates=st.dictionaries(
        st.sampled_from([LINE, LINE + 1]),
        st.builds(Certification, st.just("C"), expiry),
        max_size=2,
    ),
    location=places,
    workload=st.integers(min_value=0, max_value=12),
    served_before=st.integers(min_value=0, max_value=3),
)
orders = st.builds(
    OrderFacts,
    id=st.just(1),
    region_path=st.sampled_from(["/1/", "/1/2/", "/1/2/5/", "/1/3/", "/4/6/"]),
    product_line_id=st.sampled_from([LINE, None]),
    location=places,
    on_site_by=st.one_of(
        st.none(),
        st.integers(min_value=-600, max_value=3000).map(lambda m: NOW + dt.timedelta(minutes=m)),
    ),
)


@given(order=orders, pool=st.lists(engineers, max_size=8))
def test_an_engineer_without_a_valid_certificate_never_appears(order, pool):
    ranked = rules.rank(order, pool, now=NOW, on=TODAY)
    for a in ranked:
        e = a.engineer
        assert e.active
        assert e.on_shift
        assert rules.reach(order_region=order.region_path, engineer_region=e.region_path)
        if order.product_line_id is not None:
            assert order.product_line_id in e.skills
            assert e.certificates[order.product_line_id].valid_until >= TODAY


@given(order=orders, pool=st.lists(engineers, max_size=8))
def test_candidates_come_best_first(order, pool):
    scores = [a.score for a in rules.rank(order, pool, now=NOW, on=TODAY)]
    assert scores == sorted(scores, reverse=True)


@given(order=orders, engineer=engineers, more=st.integers(min_value=1, max_value=10))
def test_more_workload_never_raises_the_score(order, engineer, more):
    busier = replace(engineer, workload=engineer.workload + more)
    if rules.reach(order_region=order.region_path, engineer_region=engineer.region_path):
        before = rules.assess(order, engineer, now=NOW)
        after = rules.assess(order, busier, now=NOW)
        assert after.score < before.score
        assert after.late_minutes >= before.late_minutes


@given(order=orders, engineer=engineers)
def test_having_served_the_customer_never_lowers_the_score(order, engineer):
    if rules.reach(order_region=order.region_path, engineer_region=engineer.region_path):
        fresh = rules.assess(order, replace(engineer, served_before=0), now=NOW)
        known = rules.assess(order, replace(engineer, served_before=1), now=NOW)
        assert known.score >= fresh.score


@given(order=orders, engineer=engineers, shift=st.integers(min_value=1, max_value=600))
def test_a_later_on_site_target_never_lowers_the_score(order, engineer, shift):
    if order.on_site_by is None or not rules.reach(
        order_region=order.region_path, engineer_region=engineer.region_path
    ):
        return
    later = replace(order, on_site_by=order.on_site_by + dt.timedelta(minutes=shift))
    assert (
        rules.assess(later, engineer, now=NOW).score >= rules.assess(order, engineer, now=NOW).score
    )
