"""INV-4 defective-part returns (旧件返还): a part used under warranty owes its original
back; a ``defective_return`` move naming the order and the pending quantity receives it;
the list, its filters and who sees it; returns that settle nothing are refused."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from aftersales.inventory.models import DefectiveReturn, StockMove
from aftersales.inventory.tests.parts_fixtures import (  # noqa: F401  (fixtures)
    drive_fixture,
    engineer_api_fixture,
    held,
    issue_from_van,
    order_fixture,
    order_in_fixture,
    parts_events,
    return_defective,
    shanghai_engineer_fixture,
    stocked_fixture,
    written,
)

pytestmark = pytest.mark.django_db


def test_a_defective_return_naming_the_order_receives_what_is_owed(
    engineer_api, api_as, keeper, order, van, shanghai_wh, stocked
):
    issue_from_van(engineer_api, order, stocked, van, 1)
    issue_from_van(engineer_api, order, stocked, van, 2)
    as_keeper = api_as(keeper)
    response = return_defective(as_keeper, order, stocked, shanghai_wh, 2)
    assert response.status_code == 201, response.json()
    move = StockMove.objects.get(pk=response.json()["id"])
    assert (move.kind, move.to_warehouse, move.service_order) == (
        "defective_return",
        shanghai_wh,
        order,
    )
    two, one = (DefectiveReturn.objects.get(quantity=q) for q in (2, 1))
    assert (two.status, two.received_move, two.received_at) == ("received", move, move.at)
    assert one.status == "pending"  # the quantity says which one came back
    assert held(shanghai_wh, stocked) == (5, 0, 2)  # defective, not good stock
    action, extra = parts_events(order)[-1]
    assert action == "defective_back"
    assert extra == {
        "defective_return": two.pk,
        "part": stocked.pk,
        "quantity": 2,
        "warehouse": shanghai_wh.pk,
    }
    listed = as_keeper.get("/defective-returns", {"order": order.pk}).json()
    assert [(r["quantity"], r["status"]) for r in listed["results"]] == [
        (1, "pending"),
        (2, "received"),
    ]
    received = as_keeper.get("/defective-returns", {"status": "received"}).json()["results"]
    assert [(r["id"], r["received_move"]) for r in received] == [(two.pk, move.pk)]
    pending = as_keeper.get("/defective-returns", {"status": "pending"}).json()["results"]
    assert [r["id"] for r in pending] == [one.pk]
    call_command("inventory_check", stdout=StringIO())


def test_overdue_lists_pending_returns_past_their_day(
    engineer_api, api_as, keeper, order_in, van, shanghai_wh, stocked
):
    late, on_time, back = (order_in() for _ in range(3))
    for o in (late, on_time, back):
        issue_from_van(engineer_api, o, stocked, van, 1)
    return_defective(api_as(keeper), back, stocked, shanghai_wh, 1)
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    DefectiveReturn.objects.filter(order__in=[late, back]).update(due_by=yesterday)
    DefectiveReturn.objects.filter(order=on_time).update(due_by=timezone.localdate())
    client = api_as(keeper)
    overdue = client.get("/defective-returns", {"overdue": "true"}).json()
    assert [(r["order"], r["overdue"]) for r in overdue["results"]] == [(late.pk, True)]
    everything = client.get("/defective-returns").json()["results"]
    assert {r["order"]: r["overdue"] for r in everything} == {
        late.pk: True,
        on_time.pk: False,  # due today is not late yet
        back.pk: False,  # received
    }
    assert [r["order"] for r in everything][-1] == on_time.pk  # earliest due first


@pytest.mark.parametrize(
    ("setup", "quantity", "field"),
    [
        ("owed_2", 1, "quantity"),
        ("owed_2", 3, "quantity"),
        ("nothing_owed", 1, "service_order"),  # charged: nothing owed back
        ("other_part", 1, "service_order"),
        ("already_back", 2, "service_order"),
    ],
)
def test_a_return_that_settles_nothing_pending_is_refused(
    engineer_api,
    api_as,
    keeper,
    order_in,
    van,
    shanghai_wh,
    stocked,
    make_part,
    setup,
    quantity,
    field,
):
    order = order_in(age=800 if setup == "nothing_owed" else 30)
    issue_from_van(engineer_api, order, stocked, van, 2)
    part = stocked
    if setup == "other_part":
        part = make_part()
    if setup == "already_back":
        assert return_defective(api_as(keeper), order, stocked, shanghai_wh, 2).status_code == 201
    before = written()
    response = return_defective(api_as(keeper), order, part, shanghai_wh, quantity)
    assert response.status_code == 422, response.json()
    assert field in response.json()["errors"]
    assert written() == before


def test_returns_of_orders_one_does_not_see_are_not_listed(
    engineer_api, api_as, make_staff, make_customer, customer_user, regions, order, van, stocked
):
    issue_from_van(engineer_api, order, stocked, van)
    beijing = api_as(make_staff("manager", region=regions["beijing"]))
    assert beijing.get("/defective-returns").json() == {"count": 0, "results": []}
    assert beijing.get("/defective-returns", {"order": order.pk}).status_code == 404
    outsider = api_as(customer_user(make_customer()))
    assert outsider.get("/defective-returns").status_code == 403
