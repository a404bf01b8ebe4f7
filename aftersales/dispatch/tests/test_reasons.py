"""The wording of the reasons (in English; zh-hans comes from the catalogue)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from django.utils import translation

from aftersales.dispatch import rules
from aftersales.dispatch.reasons import duration_text, reasons_for
from aftersales.dispatch.tests.test_rules import ENGINEER, HANGZHOU, NOW, ORDER


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.mark.parametrize(
    ("minutes", "text"),
    [
        (0, "0 min"),
        (45, "45 min"),
        (60, "1 h"),
        (83, "1 h 23 min"),
        (1500, "1 d 1 h"),
        (-90, "1 h 30 min"),
    ],
)
def test_durations(minutes, text):
    assert duration_text(minutes) == text


@pytest.mark.parametrize(
    ("changes", "text"),
    [
        ({"location_source": "base"}, "0.0 km from their base, about 0 min on the road"),
        (
            {"location_source": "network_point", "location_name": "徐汇网点"},
            "0.0 km from network point 徐汇网点, about 0 min on the road",
        ),
        (
            {"location_source": "region", "location_name": "上海", "location": HANGZHOU},
            "164.9 km from the centre of 上海, about 7 h 9 min on the road",
        ),
        (
            {"location": None},
            "Distance unknown (no coordinates): 2 h on the road assumed",
        ),
    ],
)
def test_distance_says_where_the_engineer_sets_out_from(changes, text):
    engineer = replace(ENGINEER, region_path="/1/", **changes)
    reasons = reasons_for(ORDER, rules.assess(ORDER, engineer, now=NOW))
    assert next(r.text for r in reasons if r.code == "distance") == text


def test_on_site_and_region_wording():
    late = rules.assess(ORDER, replace(ENGINEER, workload=3), now=NOW)
    texts = {r.code: r.text for r in reasons_for(ORDER, late)}
    assert texts["on_site"] == (
        "On-site target 2026-06-01 14:00; estimated arrival 2026-06-01 16:00, 2 h late"
    )
    assert texts["region"] == "Works in the order's region 上海"
    assert texts["workload"] == "3 open orders ahead"
    on_time = rules.assess(ORDER, replace(ENGINEER, workload=1), now=NOW)
    assert {r.code: r.text for r in reasons_for(ORDER, on_time)}["on_site"] == (
        "On-site target 2026-06-01 14:00 (4 h left); estimated arrival 2026-06-01 12:00, "
        "2 h to spare"
    )
    covering = replace(ENGINEER, region_path="/1/", region_name="华东")
    texts = {r.code: r.text for r in reasons_for(ORDER, rules.assess(ORDER, covering, now=NOW))}
    assert texts["region"] == "Works in 华东, which covers the order's region 上海"
    none = replace(ORDER, on_site_by=None)
    texts = {r.code: r.text for r in reasons_for(none, rules.assess(none, ENGINEER, now=NOW))}
    assert texts["on_site"] == "No on-site target for this order"


def test_every_reason_is_explained_in_points():
    a = rules.assess(ORDER, replace(ENGINEER, workload=3, served_before=2), now=NOW)
    reasons = reasons_for(ORDER, a)
    assert sum(r.points for r in reasons) == pytest.approx(a.score - rules.BASE_SCORE, abs=0.11)
