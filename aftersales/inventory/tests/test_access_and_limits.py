"""Review findings on spare parts (2026-11-30): who may act on an order's parts, whose
van a reservation may claim, and bad input that reached the database."""

from __future__ import annotations

import json

import pytest

from aftersales.inventory.services import warehouse_create
from aftersales.inventory.tests.parts_fixtures import (  # noqa: F401  (fixtures)
    EN,
    drive_fixture,
    engineer_api_fixture,
    held,
    issue_from_van,
    order_fixture,
    order_in_fixture,
    reserve,
    reserve_api,
    shanghai_engineer_fixture,
    stocked_fixture,
    written,
)
from aftersales.service_orders.services import service_order_transition

pytestmark = pytest.mark.django_db


@pytest.fixture
def colleague(make_staff, regions, product_line):
    """Another 上海 engineer, certified for the line: sees 上海's orders and warehouses."""
    return make_staff("engineer", region=regions["shanghai"])


# --- SEC-2: an engineer acts on the parts of the orders assigned to them ------------------


def test_an_engineer_not_assigned_to_the_order_may_not_reserve_use_or_release_its_parts(
    boss, api_as, colleague, regions, order, shanghai_wh, stocked, stock_up
):
    """As for the field steps, quotes and loaners: an engineer (with no other permitting
    role) acts only on orders assigned to them — the order is visible (their region),
    so 403, and nothing is written."""
    own_van = warehouse_create(
        actor=boss,
        code="van-colleague",
        name="沪B 随车库",
        kind="van",
        region_id=regions["shanghai"].pk,
        keeper_id=colleague.pk,
    )
    stock_up(own_van, stocked, 2)
    claim = reserve(boss, order, stocked, shanghai_wh)
    client = api_as(colleague)
    path = f"/service-orders/{order.pk}/parts"
    before = written()
    for response in (
        reserve_api(client, order, stocked, shanghai_wh, **EN),
        client.post(f"{path}/{claim.pk}/issue", headers=EN),
        client.post(f"{path}/{claim.pk}/release", {"reason": "x"}, headers=EN),
        issue_from_van(client, order, stocked, own_van),
    ):
        assert response.status_code == 403, response.json()
        assert response.json()["code"] == "forbidden"
    assert written() == before
    assert client.get(path).status_code == 200  # still reads them: the order is visible


def test_the_assigned_engineer_still_reserves_uses_and_releases(
    engineer_api, order, shanghai_wh, van, stocked
):
    used = reserve_api(engineer_api, order, stocked, shanghai_wh).json()
    path = f"/service-orders/{order.pk}/parts/{used['id']}"
    assert engineer_api.post(f"{path}/issue").status_code == 200
    kept = reserve_api(engineer_api, order, stocked, shanghai_wh).json()
    assert (
        engineer_api.post(f"/service-orders/{order.pk}/parts/{kept['id']}/release").status_code
        == 200
    )
    assert issue_from_van(engineer_api, order, stocked, van).status_code == 201


# --- INV-1: a van is its engineer's, reserved or not -------------------------------------


def test_another_engineer_may_not_claim_someones_van_with_a_reservation(
    boss, api_as, colleague, order_in, van, stocked
):
    """Using a reservation needs no ownership (the reservation was the claim), so the
    claim itself must be refused, or ``reserve`` + ``issue`` takes from a colleague's
    van what ``issue`` alone may not."""
    order = order_in("assigned")
    service_order_transition(
        actor=boss,
        order_id=order.pk,
        action="reassign",
        payload={"engineer": colleague.pk, "reason": "顺路"},
    )
    client = api_as(colleague)
    before = written()
    response = reserve_api(client, order, stocked, van, **EN)
    assert response.status_code == 403, response.json()
    assert "van" in response.json()["detail"]
    assert written() == before
    assert held(van, stocked) == (3, 0, 0)


def test_the_regions_warehouse_keeper_may_reserve_in_a_van(api_as, keeper, order, van, stocked):
    response = reserve_api(api_as(keeper), order, stocked, van)
    assert response.status_code == 201, response.json()
    assert held(van, stocked) == (3, 1, 0)


def test_a_refused_van_says_it_is_the_engineers_not_head_offices(
    boss, api_as, colleague, order_in, van, stocked
):
    order = order_in("assigned")
    service_order_transition(
        actor=boss,
        order_id=order.pk,
        action="reassign",
        payload={"engineer": colleague.pk, "reason": "顺路"},
    )
    response = api_as(colleague).post(
        "/stock-moves",
        {
            "kind": "issue",
            "part": stocked.pk,
            "quantity": 1,
            "from_warehouse": van.pk,
            "service_order": order.pk,
        },
        headers=EN,
    )
    assert response.status_code == 403
    detail = response.json()["detail"]
    assert "van" in detail
    assert "head office" not in detail


# --- bad input: a 422 naming the field, never a 500 --------------------------------------


@pytest.mark.parametrize(
    ("levels", "field"),
    [
        ({"min_level": 2**31, "max_level": None}, "min_level"),  # PostgreSQL integer
        ({"min_level": 1, "max_level": 2**70}, "max_level"),  # SQLite integer
    ],
)
def test_levels_too_large_for_the_database_are_named(
    api_as, boss, shanghai_wh, stocked, levels, field
):
    client = api_as(boss)
    before = written()
    response = client.client.put(
        "/api/v1/stock-levels",
        json.dumps({"warehouse": shanghai_wh.pk, "part": stocked.pk, **levels}),
        content_type="application/json",
        headers={**client._headers(None), **EN},
    )
    assert response.status_code == 422, response.content
    assert field in response.json()["errors"]
    assert written() == before


@pytest.mark.parametrize(
    "path",
    [
        "/stock?part=99999999999999999999999",
        "/stock-moves?service_order=99999999999999999999999",
        "/warehouses?region=99999999999999999999999",
        "/loaners?product_model=99999999999999999999999",
    ],
)
def test_an_out_of_range_id_filter_is_not_a_server_error(api_as, boss, path):
    client = api_as(boss)
    response = client.client.get(f"/api/v1{path}", headers=client._headers(None))
    assert response.status_code in (200, 404, 422)
    if response.status_code == 422:  # SQLite: named like any bad input
        field = path.split("?")[1].split("=")[0]
        assert field in response.json()["errors"]


def test_the_ledger_hides_which_order_of_another_region_a_move_served(
    api_as, boss, make_staff, regions, central, part, stock_up, order
):
    stock_up(central, part, 2)
    reserve(boss, order, part, central, 1)
    beijing = api_as(make_staff("manager", region=regions["beijing"]))
    lines = beijing.get("/stock-moves", {"warehouse": central.pk}).json()["results"]
    reserved = next(line for line in lines if line["kind"] == "reserve")
    assert (reserved["service_order"], reserved["order_part"]) == (None, None)
    assert beijing.get("/stock-moves", {"service_order": order.pk}).status_code == 404
    own = api_as(boss).get("/stock-moves", {"service_order": order.pk}).json()["results"]
    assert own[0]["service_order"] == order.pk
