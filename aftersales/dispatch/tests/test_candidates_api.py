"""GET /api/v1/service-orders/{id}/candidates (api.md, DSP-1, DSP-2)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from aftersales.accounts.models import User
from aftersales.dispatch.tests.conftest import EN, assign, days_from_today, orders_state
from aftersales.service_orders.services import service_order_transition

# About 11 km east of the 上海 network point (People's Square → Pudong).
PUDONG = ("31.221500", "121.590000")


def _candidates(api, order):
    return api.get(f"/service-orders/{order.pk}/candidates", headers=EN)


def test_only_eligible_engineers_appear_ranked_with_their_reasons(
    api_as, dispatcher, make_engineer, acknowledged_order, admin
):
    on_the_spot = make_engineer()
    further = make_engineer(at=PUDONG)
    hangzhou = make_engineer("hangzhou")
    excluded = [
        make_engineer(skilled=False),
        make_engineer(certified_until=None),
        make_engineer(certified_until=days_from_today(-1)),
        make_engineer(on_shift=False),
        make_engineer("beijing"),
    ]
    inactive = make_engineer()
    User.objects.filter(pk=inactive.pk).update(is_active=False)
    order = acknowledged_order()

    response = _candidates(api_as(dispatcher), order)

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["order"] == order.pk
    ids = [c["engineer"] for c in body["results"]]
    assert ids == [on_the_spot.pk, further.pk, hangzhou.pk]
    assert body["count"] == 3
    assert not {e.pk for e in [*excluded, inactive]} & set(ids)
    best, middle, far = body["results"]
    middle_distance = next(r for r in middle["reasons"] if r["code"] == "distance")
    assert middle_distance["text"].endswith("km from their base, about 29 min on the road")
    assert [r["code"] for r in best["reasons"]] == [
        "skill",
        "certificate",
        "region",
        "on_site",
        "distance",
        "workload",
        "continuity",
    ]
    texts = {r["code"]: r["text"] for r in best["reasons"]}
    assert texts["skill"] == "Skilled in 投影机"
    assert texts["certificate"].startswith(f"Certificate PJ-{on_the_spot.pk} for 投影机")
    assert texts["region"] == "Works in the order's region 上海"
    assert texts["distance"] == "0.0 km from network point 上海网点, about 0 min on the road"
    assert texts["workload"] == "No open orders: free now"
    assert "to spare" in texts["on_site"]
    assert best["score"] == 100.0
    assert (best["reach"], best["distance_km"], best["late_minutes"]) == ("region", 0.0, 0)
    assert far["reach"] == "near"
    assert far["distance_km"] == pytest.approx(165, abs=2)
    far_texts = {r["code"]: r["text"] for r in far["reasons"]}
    assert far_texts["region"] == "Works in 杭州, next to the order's region 上海"
    assert sum(r["points"] for r in far["reasons"]) == pytest.approx(far["score"] - 100, abs=0.2)


def test_open_workload_lowers_the_rank(
    api_as, dispatcher, admin, make_engineer, acknowledged_order, make_customer
):
    busy, free = make_engineer(), make_engineer()
    elsewhere = make_customer()  # not the order's customer: no continuity bonus
    assign(admin, acknowledged_order(of=elsewhere), busy)
    assign(admin, acknowledged_order(of=elsewhere), busy)
    order = acknowledged_order()

    results = _candidates(api_as(dispatcher), order).json()["results"]

    assert [c["engineer"] for c in results] == [free.pk, busy.pk]
    assert results[1]["open_orders"] == 2
    assert results[0]["score"] - results[1]["score"] >= 10
    workload = next(r for r in results[1]["reasons"] if r["code"] == "workload")
    assert (workload["text"], workload["points"]) == ("2 open orders ahead", -10.0)


def test_an_engineer_who_served_the_customer_before_ranks_higher(
    api_as, dispatcher, admin, make_engineer, acknowledged_order
):
    stranger, known = make_engineer(), make_engineer()
    earlier = acknowledged_order()
    assign(admin, earlier, known)
    service_order_transition(
        actor=admin, order_id=earlier.pk, action="cancel", payload={"reason": "重复报修"}
    )
    previous = acknowledged_order()
    assign(admin, previous, known)
    for action in ("depart", "arrive", "start"):
        service_order_transition(actor=admin, order_id=previous.pk, action=action)
    service_order_transition(
        actor=admin,
        order_id=previous.pk,
        action="complete",
        payload={"fault_cause": "灯泡老化", "actions_taken": "更换灯泡"},
    )
    order = acknowledged_order()

    results = _candidates(api_as(dispatcher), order).json()["results"]

    assert [c["engineer"] for c in results] == [known.pk, stranger.pk]
    assert results[0]["served_customer_before"] == 1  # the cancelled order does not count
    continuity = next(r for r in results[0]["reasons"] if r["code"] == "continuity")
    assert (continuity["text"], continuity["points"]) == ("Served this customer once before", 10.0)


@pytest.mark.parametrize(("days", "listed"), [(0, True), (-1, False), (1, True)])
def test_a_certificate_counts_up_to_and_including_its_expiry_day(
    api_as, dispatcher, make_engineer, acknowledged_order, days, listed
):
    engineer = make_engineer(certified_until=days_from_today(days))

    results = _candidates(api_as(dispatcher), acknowledged_order()).json()["results"]

    assert ([c["engineer"] for c in results] == [engineer.pk]) is listed


def test_an_order_without_a_unit_needs_no_skill_or_certificate(
    api_as, dispatcher, make_engineer, acknowledged_order
):
    engineer = make_engineer(skilled=False, certified_until=None)

    results = _candidates(api_as(dispatcher), acknowledged_order(unit=False)).json()["results"]

    assert [c["engineer"] for c in results] == [engineer.pk]
    assert results[0]["reasons"][0]["text"].startswith("The order has no unit")


def test_late_arrival_is_explained(api_as, dispatcher, make_engineer, acknowledged_order, admin):
    hangzhou = make_engineer("hangzhou")
    for _ in range(9):  # 9 open orders × 2 h + 7 h 9 min on the road > 24 h
        assign(admin, acknowledged_order(), hangzhou)

    result = _candidates(api_as(dispatcher), acknowledged_order()).json()["results"][0]

    assert result["late_minutes"] > 0
    on_site = next(r for r in result["reasons"] if r["code"] == "on_site")
    assert " late" in on_site["text"]
    assert on_site["points"] < 0


def test_candidates_of_an_invisible_or_unknown_order_are_not_found(
    api_as, make_staff, regions, make_engineer, acknowledged_order
):
    make_engineer()
    order = acknowledged_order()
    beijing_dispatcher = make_staff("dispatcher", region=regions["beijing"])

    assert _candidates(api_as(beijing_dispatcher), order).status_code == 404
    gone = type("Gone", (), {"pk": 999_999})()
    assert _candidates(api_as(make_staff("admin")), gone).status_code == 404


@pytest.mark.parametrize("role", ["agent", "engineer", "warehouse"])
def test_roles_that_may_not_assign_may_not_list_candidates(
    api_as, make_staff, regions, acknowledged_order, role
):
    order = acknowledged_order()
    before = orders_state(order)

    response = _candidates(api_as(make_staff(role, region=regions["shanghai"])), order)

    assert response.status_code == 403
    assert orders_state(order) == before


def test_an_order_past_dispatch_has_no_candidates(
    api_as, dispatcher, admin, make_engineer, acknowledged_order
):
    engineer = make_engineer()
    order = acknowledged_order()
    assign(admin, order, engineer)
    assert _candidates(api_as(dispatcher), order).status_code == 200  # reassign is possible
    service_order_transition(actor=admin, order_id=order.pk, action="depart")

    response = _candidates(api_as(dispatcher), order)

    assert response.status_code == 409
    assert response.json()["code"] == "not_dispatchable"


def test_the_number_of_statements_does_not_grow_with_the_engineers(
    api_as, dispatcher, admin, make_engineer, acknowledged_order, regions
):
    order = acknowledged_order()
    api = api_as(dispatcher)
    make_engineer()
    _candidates(api, order)  # warm the token and role caches

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = _candidates(api, order)
        assert response.status_code == 200
        return len(queries)

    few = count()
    for region in ("shanghai", "hangzhou", "shanghai", "hangzhou", "shanghai"):
        engineer = make_engineer(region)
        assign(admin, acknowledged_order(), engineer)
    many = count()

    assert len(_candidates(api, order).json()["results"]) == 6
    assert many == few
