"""Refusals on parts of service orders: the order's state (409), bad input (422, named),
not enough stock (409), an order one does not see (404 whatever the input) and roles
without the permission (403) — each writing nothing."""

from __future__ import annotations

from typing import Any

import pytest

from aftersales.core.exceptions import InvalidTransition
from aftersales.inventory.order_parts import order_part_issue
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

pytestmark = pytest.mark.django_db


# --- the order's state ------------------------------------------------------------------


@pytest.mark.parametrize("status", ["accepted", "followed_up", "closed", "cancelled"])
def test_no_parts_on_an_order_past_its_work(
    boss, api_as, order_in, shanghai_wh, van, stocked, status
):
    order = order_in(status)
    client = api_as(boss)
    before = written()
    for response in (
        reserve_api(client, order, stocked, shanghai_wh, **EN),
        issue_from_van(client, order, stocked, van),
    ):
        assert response.status_code == 409, response.json()
        assert response.json()["code"] == "invalid_transition"
    assert written() == before


@pytest.mark.parametrize("status", ["new", "waiting", "resolved"])
def test_parts_are_used_while_the_order_is_open_or_resolved(
    boss, api_as, order_in, shanghai_wh, van, stocked, status
):
    order = order_in(status)
    client = api_as(boss)
    assert reserve_api(client, order, stocked, shanghai_wh).status_code == 201
    assert issue_from_van(client, order, stocked, van).status_code == 201


def test_a_reservation_cannot_be_used_once_the_customer_accepted(
    boss, api_as, drive, order_in, shanghai_wh, stocked
):
    order = order_in("in_progress")
    used = reserve(boss, order, stocked, shanghai_wh)
    drive(order, "accepted", since="in_progress")
    # the acceptance put the unused part back on the shelf
    assert held(shanghai_wh, stocked) == (5, 0, 0)
    client = api_as(boss)
    before = written()
    for step in ("issue", "release"):
        response = client.post(f"/service-orders/{order.pk}/parts/{used.pk}/{step}")
        assert response.status_code == 409
    assert written() == before


@pytest.mark.parametrize(
    ("done", "then"),
    [
        ("release", "release"),
        ("release", "issue"),
        ("issue", "issue"),
        ("issue", "release"),
    ],
)
def test_a_reservation_is_used_or_released_once(
    engineer_api, order, shanghai_wh, stocked, done, then
):
    used = reserve_api(engineer_api, order, stocked, shanghai_wh, 2).json()
    path = f"/service-orders/{order.pk}/parts/{used['id']}"
    assert engineer_api.post(f"{path}/{done}").status_code == 200
    before = written()
    response = engineer_api.post(f"{path}/{then}")
    assert response.status_code == 409, response.json()
    assert response.json()["code"] == "invalid_transition"
    assert written() == before


# --- bad input and stock ----------------------------------------------------------------

RESERVE_BAD = {
    "quantity_0": ({"quantity": 0}, "quantity"),
    "quantity_negative": ({"quantity": -1}, "quantity"),
    "quantity_text": ({"quantity": "x"}, "quantity"),
    "quantity_true": ({"quantity": True}, "quantity"),
    "quantity_huge": ({"quantity": 1001}, "quantity"),
    "unknown_part": ({"part": 999_999}, "part"),
    "missing_part": ({"part": None}, "part"),
    "unknown_warehouse": ({"warehouse": 999_999}, "warehouse"),
    "invisible_warehouse": ({"warehouse": "bj"}, "warehouse"),
    "missing_warehouse": ({"warehouse": None}, "warehouse"),
    "unknown_field": ({"colour": "red"}, "colour"),
}


@pytest.mark.parametrize(("changes", "field"), RESERVE_BAD.values(), ids=RESERVE_BAD.keys())
def test_a_bad_reservation_is_named_and_nothing_is_written(
    engineer_api, order, shanghai_wh, beijing_wh, stocked, changes, field
):
    body: dict[str, Any] = {"part": stocked.pk, "warehouse": shanghai_wh.pk, "quantity": 1}
    body.update(changes)
    body = {k: (beijing_wh.pk if v == "bj" else v) for k, v in body.items() if v is not None}
    before = written()
    response = engineer_api.post(f"/service-orders/{order.pk}/parts", body, headers=EN)
    assert response.status_code == 422, response.json()
    assert field in response.json()["errors"]
    assert written() == before


def test_a_closed_warehouse_is_named(engineer_api, order, shanghai_wh, stocked):
    shanghai_wh.is_active = False
    shanghai_wh.save(update_fields=["is_active"])
    before = written()
    response = reserve_api(engineer_api, order, stocked, shanghai_wh, **EN)
    assert response.status_code == 422
    assert response.json()["errors"]["warehouse"] == ["the warehouse is closed"]
    assert written() == before


def test_more_than_is_available_is_a_conflict(boss, engineer_api, order, shanghai_wh, stocked):
    reserve(boss, order, stocked, shanghai_wh, 4)
    before = written()
    response = reserve_api(engineer_api, order, stocked, shanghai_wh, 2, **EN)
    assert response.status_code == 409, response.json()
    assert response.json()["code"] == "insufficient_stock"
    assert response.json()["extra"]["available"] == 1
    assert written() == before  # no OrderPart, no event, no move


def test_the_van_cannot_give_more_than_it_holds(engineer_api, order, van, stocked):
    before = written()
    response = issue_from_van(engineer_api, order, stocked, van, 4)
    assert response.status_code == 409
    assert response.json()["code"] == "insufficient_stock"
    assert written() == before  # no OrderPart, no defective return owed


# --- who may not ------------------------------------------------------------------------


def test_an_order_one_does_not_see_is_not_found_whatever_the_input(
    api_as, make_staff, regions, order, shanghai_wh, beijing_wh, van, stocked, boss
):
    used = reserve(boss, order, stocked, shanghai_wh)
    beijing = api_as(make_staff("manager", region=regions["beijing"]))
    before = written()
    bodies = [
        {"part": stocked.pk, "warehouse": beijing_wh.pk, "quantity": 1},  # valid for them
        {"part": 999_999, "warehouse": shanghai_wh.pk, "quantity": 0},
        {"part": stocked.pk, "warehouse": beijing_wh.pk, "quantity": 10_000},
    ]
    for target in (order.pk, 999_999):  # an invisible order looks like none at all
        path = f"/service-orders/{target}/parts"
        responses = [beijing.post(path, b) for b in bodies]
        responses += [
            beijing.get(path),
            beijing.post(f"{path}/{used.pk}/issue"),
            beijing.post(f"{path}/{used.pk}/release", {"reason": "x"}),
        ]
        for response in responses:
            assert response.status_code == 404, response.json()
            assert response.json()["code"] == "not_found"
    for kind, where in (("issue", "from_warehouse"), ("defective_return", "to_warehouse")):
        response = beijing.post(
            "/stock-moves",
            {
                "kind": kind,
                "part": stocked.pk,
                "quantity": 1,
                where: beijing_wh.pk,
                "service_order": order.pk,
            },
        )
        assert response.status_code == 404, response.json()
    assert written() == before


def test_a_reservation_of_another_order_is_not_found(
    boss, engineer_api, order_in, shanghai_wh, stocked
):
    mine, other = order_in(), order_in()
    theirs = reserve(boss, other, stocked, shanghai_wh)
    before = written()
    for action in ("issue", "release"):
        response = engineer_api.post(f"/service-orders/{mine.pk}/parts/{theirs.pk}/{action}")
        assert response.status_code == 404
    assert written() == before


@pytest.mark.parametrize(
    ("role", "refused"),
    [
        ("quality", {"reserve", "issue", "release", "van"}),
        ("agent", {"issue", "van"}),
        ("dispatcher", {"issue", "van"}),
        ("customer", {"reserve", "issue", "release", "van"}),
    ],
)
def test_roles_without_the_permission_are_refused(
    boss,
    api_as,
    make_staff,
    regions,
    customer_user,
    order,
    shanghai_wh,
    van,
    stocked,
    role,
    refused,
):
    used = reserve(boss, order, stocked, shanghai_wh)
    if role == "customer":
        user = customer_user(order.customer)  # sees the order, acts on no part
    else:
        user = make_staff(role, region=regions["shanghai"] if role == "dispatcher" else None)
    client = api_as(user)
    path = f"/service-orders/{order.pk}/parts"
    calls = {
        "reserve": lambda: reserve_api(client, order, stocked, shanghai_wh),
        "issue": lambda: client.post(f"{path}/{used.pk}/issue"),
        "release": lambda: client.post(f"{path}/{used.pk}/release"),
        "van": lambda: issue_from_van(client, order, stocked, shanghai_wh),
    }
    for name in sorted(refused):
        before = written()
        response = calls[name]()
        assert response.status_code == 403, (name, response.json())
        assert written() == before
    assert client.get(path).status_code == 200  # they may still read the order's parts


def test_a_warehouse_keeper_reserves_and_issues(api_as, keeper, order, shanghai_wh, stocked):
    client = api_as(keeper)
    used = reserve_api(client, order, stocked, shanghai_wh).json()
    response = client.post(f"/service-orders/{order.pk}/parts/{used['id']}/issue")
    assert response.status_code == 200, response.json()


def test_a_refused_service_call_raises_before_anything_is_written(
    boss, order_in, shanghai_wh, stocked
):
    order = order_in("closed")
    before = written()
    with pytest.raises(InvalidTransition):
        order_part_issue(
            actor=boss,
            order_id=order.pk,
            part_id=stocked.pk,
            warehouse_id=shanghai_wh.pk,
            quantity=1,
        )
    assert written() == before
