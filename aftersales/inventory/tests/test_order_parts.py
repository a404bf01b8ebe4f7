"""Parts on service orders (INV-2, INV-4): reserve, issue (from a reservation or straight
from the engineer's van), release, everything reserved released on cancel, each step on
the order's timeline; and the price, as the quote prices it. Refusals are in
``test_order_parts_refusals``, defective returns in ``test_defective_returns``."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from aftersales.inventory.models import DefectiveReturn, OrderPart, StockMove
from aftersales.inventory.order_parts import order_part_issue
from aftersales.inventory.tests.parts_fixtures import (  # noqa: F401  (fixtures)
    drive_fixture,
    engineer_api_fixture,
    held,
    issue_from_van,
    order_fixture,
    order_in_fixture,
    parts_events,
    reserve,
    reserve_api,
    return_defective,
    shanghai_engineer_fixture,
    stocked_fixture,
)
from aftersales.service_orders.services import service_order_record_exclusion

pytestmark = pytest.mark.django_db


# --- reserve, issue, release ------------------------------------------------------------


def test_a_reservation_sets_parts_aside(engineer_api, order, shanghai_wh, stocked):
    response = reserve_api(engineer_api, order, stocked, shanghai_wh, 2)
    assert response.status_code == 201, response.json()
    body = response.json()
    used = OrderPart.objects.get()
    assert {k: body[k] for k in ("id", "order", "part", "sku", "warehouse", "quantity")} == {
        "id": used.pk,
        "order": order.pk,
        "part": stocked.pk,
        "sku": stocked.sku,
        "warehouse": shanghai_wh.pk,
        "quantity": 2,
    }
    assert (body["status"], body["reserved_at"] is not None, body["issued_at"]) == (
        "reserved",
        True,
        None,
    )
    assert held(shanghai_wh, stocked) == (5, 2, 0)  # on hand stays, 3 available
    stock = engineer_api.get("/stock", {"warehouse": shanghai_wh.pk}).json()["results"][0]
    assert (stock["on_hand"], stock["reserved"], stock["available"]) == (5, 2, 3)
    move = StockMove.objects.get(kind="reserve")
    assert (move.from_warehouse, move.quantity, move.service_order, move.order_part) == (
        shanghai_wh,
        2,
        order,
        used,
    )
    ((action, extra),) = parts_events(order)
    assert action == "reserved"
    assert extra["order_part"] == used.pk
    assert (extra["part"], extra["quantity"], extra["warehouse"]) == (stocked.pk, 2, shanghai_wh.pk)
    listed = engineer_api.get(f"/service-orders/{order.pk}/parts").json()
    assert listed["count"] == 1
    assert listed["results"][0] == body


def test_issuing_a_reservation_takes_it_off_the_shelf(engineer_api, order, shanghai_wh, stocked):
    used = reserve_api(engineer_api, order, stocked, shanghai_wh, 2).json()
    response = engineer_api.post(f"/service-orders/{order.pk}/parts/{used['id']}/issue")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "issued"
    assert body["issued_at"] is not None
    assert held(shanghai_wh, stocked) == (3, 0, 0)
    kinds = list(
        StockMove.objects.filter(order_part_id=used["id"]).order_by("id").values_list("kind")
    )
    assert kinds == [("reserve",), ("release",), ("issue",)]
    assert [a for a, _ in parts_events(order)] == ["reserved", "issued"]
    call_command("inventory_check", stdout=StringIO())


def test_an_engineer_uses_a_part_straight_from_the_van(engineer_api, order, van, stocked):
    response = issue_from_van(engineer_api, order, stocked, van, 2)
    assert response.status_code == 201, response.json()
    body = response.json()
    used = OrderPart.objects.get()
    assert (body["kind"], body["from_warehouse"], body["service_order"], body["order_part"]) == (
        "issue",
        van.pk,
        order.pk,
        used.pk,
    )
    assert (used.status, used.warehouse, used.quantity, used.reserved_at) == (
        "issued",
        van,
        2,
        None,
    )
    assert held(van, stocked) == (1, 0, 0)
    assert [a for a, _ in parts_events(order)] == ["issued"]


def test_releasing_puts_the_part_back(engineer_api, order, shanghai_wh, stocked):
    used = reserve_api(engineer_api, order, stocked, shanghai_wh, 2).json()
    response = engineer_api.post(
        f"/service-orders/{order.pk}/parts/{used['id']}/release", {"reason": "换了别的方案"}
    )
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "released"
    assert response.json()["released_at"] is not None
    assert held(shanghai_wh, stocked) == (5, 0, 0)
    release = StockMove.objects.get(kind="release")
    assert (release.quantity, release.reason) == (2, "换了别的方案")
    assert [a for a, _ in parts_events(order)] == ["reserved", "released"]
    assert parts_events(order)[-1][1]["reason"] == "换了别的方案"
    assert not DefectiveReturn.objects.exists()


@pytest.mark.parametrize("body", [None, {}], ids=["no_body", "empty"])
def test_the_release_reason_is_optional(engineer_api, order, shanghai_wh, stocked, body):
    used = reserve_api(engineer_api, order, stocked, shanghai_wh).json()
    response = engineer_api.post(f"/service-orders/{order.pk}/parts/{used['id']}/release", body)
    assert response.status_code == 200, response.json()
    assert held(shanghai_wh, stocked) == (5, 0, 0)
    assert StockMove.objects.get(kind="release").reason == ""


@pytest.mark.parametrize("by", ["agent", "customer"])
def test_cancelling_the_order_releases_every_reservation_and_keeps_what_was_used(
    api_as, keeper, agent, customer_user, order_in, shanghai_wh, van, make_part, stock_up, by
):
    order = order_in("acknowledged")  # a customer cancels only before dispatch
    # not yet assigned: the region's warehouse keeper takes the parts (an engineer acts
    # only on the orders assigned to them)
    engineer_api = api_as(keeper)
    canceller = agent if by == "agent" else customer_user(order.customer)  # may not release
    first, second = make_part(), make_part()
    stock_up(shanghai_wh, first, 4)
    stock_up(shanghai_wh, second, 4)
    stock_up(van, first, 2)
    a = reserve_api(engineer_api, order, first, shanghai_wh, 2).json()
    b = reserve_api(engineer_api, order, second, shanghai_wh, 3).json()
    used = issue_from_van(engineer_api, order, first, van, 1).json()
    released = engineer_api.post(f"/service-orders/{order.pk}/parts/{b['id']}/release").json()
    c = reserve_api(engineer_api, order, second, shanghai_wh, 1).json()

    response = api_as(canceller).post(
        f"/service-orders/{order.pk}/cancel", {"reason": "客户已修好"}
    )
    assert response.status_code == 200, response.json()
    statuses = dict(OrderPart.objects.values_list("pk", "status"))
    assert statuses == {
        a["id"]: "released",
        b["id"]: "released",
        c["id"]: "released",
        used["order_part"]: "issued",
    }
    assert held(shanghai_wh, first) == (4, 0, 0)
    assert held(shanghai_wh, second) == (4, 0, 0)
    assert held(van, first) == (1, 0, 0)  # what was used stays used
    on_cancel = StockMove.objects.filter(kind="release", reason="客户已修好")
    assert sorted(on_cancel.values_list("order_part_id", flat=True)) == [a["id"], c["id"]]
    assert released["status"] == "released"
    events = parts_events(order)
    assert [a for a, _ in events][-2:] == ["released", "released"]
    assert {e["order_part"] for _, e in events[-2:]} == {a["id"], c["id"]}
    call_command("inventory_check", stdout=StringIO())


def test_every_step_is_on_the_orders_timeline(
    engineer_api, api_as, keeper, order, shanghai_wh, van, stocked
):
    a = reserve_api(engineer_api, order, stocked, shanghai_wh).json()
    b = reserve_api(engineer_api, order, stocked, shanghai_wh).json()
    engineer_api.post(f"/service-orders/{order.pk}/parts/{a['id']}/issue")
    engineer_api.post(f"/service-orders/{order.pk}/parts/{b['id']}/release")
    return_defective(api_as(keeper), order, stocked, shanghai_wh, 1)
    detail = engineer_api.get(f"/service-orders/{order.pk}")
    assert detail.status_code == 200, detail.json()
    steps = [
        (e["action"], e["actor"], e["extra"].get("order_part"))
        for e in detail.json()["timeline"]
        if e["kind"] == "parts"
    ]
    engineer = engineer_api.user.pk
    assert steps == [
        ("reserved", engineer, a["id"]),
        ("reserved", engineer, b["id"]),
        ("issued", engineer, a["id"]),
        ("released", engineer, b["id"]),
        ("defective_back", keeper.pk, None),
    ]


# --- the price --------------------------------------------------------------------------


def test_in_warranty_a_part_costs_nothing_and_its_original_is_owed_back(
    engineer_api, order, van, stocked
):
    issue_from_van(engineer_api, order, stocked, van, 2)
    used = engineer_api.get(f"/service-orders/{order.pk}/parts").json()["results"][0]
    assert (used["chargeable"], used["unit_price"], used["amount"]) == (False, "0.00", "0.00")
    owed = used["defective_return"]
    assert (owed["status"], owed["quantity"], owed["part"], owed["order"]) == (
        "pending",
        2,
        stocked.pk,
        order.pk,
    )
    assert owed["due_by"] == (timezone.localdate() + dt.timedelta(days=7)).isoformat()
    assert owed["overdue"] is False
    assert (owed["order_number"], owed["received_at"]) == (order.number, None)


def test_the_return_period_is_a_setting(settings, engineer_api, order, van, stocked):
    settings.DEFECTIVE_RETURN_DAYS = 3
    issue_from_van(engineer_api, order, stocked, van)
    assert DefectiveReturn.objects.get().due_by == timezone.localdate() + dt.timedelta(days=3)


def test_out_of_warranty_the_part_is_charged_at_its_price(
    engineer_api, order_in, van, make_part, stock_up
):
    order = order_in(age=800)
    part = make_part(price="420.00")
    stock_up(van, part, 3)
    issue_from_van(engineer_api, order, part, van, 2)
    used = engineer_api.get(f"/service-orders/{order.pk}/parts").json()["results"][0]
    assert (used["chargeable"], used["unit_price"], used["amount"]) == (True, "420.00", "840.00")
    assert used["defective_return"] is None
    assert not DefectiveReturn.objects.exists()


def test_an_exclusion_makes_the_part_chargeable(
    engineer_api, shanghai_engineer, order, shanghai_wh, stocked
):
    service_order_record_exclusion(
        actor=shanghai_engineer, order_id=order.pk, reason="misuse", note="进水"
    )
    used = reserve_api(engineer_api, order, stocked, shanghai_wh).json()
    assert (used["chargeable"], used["unit_price"]) == (True, "150.00")
    engineer_api.post(f"/service-orders/{order.pk}/parts/{used['id']}/issue")
    assert not DefectiveReturn.objects.exists()


def test_an_exclusion_recorded_after_the_reservation_prices_the_part_when_used(
    engineer_api, shanghai_engineer, order, shanghai_wh, stocked
):
    used = reserve_api(engineer_api, order, stocked, shanghai_wh).json()
    assert used["chargeable"] is False
    service_order_record_exclusion(
        actor=shanghai_engineer, order_id=order.pk, reason="misuse", note="进水"
    )
    issued = engineer_api.post(f"/service-orders/{order.pk}/parts/{used['id']}/issue").json()
    assert (issued["chargeable"], issued["unit_price"]) == (True, "150.00")
    assert not DefectiveReturn.objects.exists()


@pytest.mark.parametrize(
    ("warranty_class", "age", "chargeable"),
    [
        ("consumable", 30, True),  # never covered
        ("accessory", 30, False),  # accessories' own six months
        ("accessory", 240, True),
        ("main", 240, False),  # the unit's twelve months
        ("main", None, True),  # no unit: the warranty is unknown
    ],
    ids=["consumable", "accessory_in", "accessory_out", "main_in", "no_unit"],
)
def test_each_class_of_part_is_priced_as_the_quote_prices_it(
    boss, order_in, shanghai_wh, make_part, stock_up, warranty_class, age, chargeable
):
    order = order_in(age=age)
    part = make_part(warranty_class=warranty_class, price="899.00")
    stock_up(shanghai_wh, part, 1)
    used = reserve(boss, order, part, shanghai_wh)
    assert used.chargeable is chargeable
    assert used.unit_price == (Decimal("899.00") if chargeable else Decimal("0.00"))
    order_part_issue(actor=boss, order_id=order.pk, order_part_id=used.pk)
    assert DefectiveReturn.objects.filter(order_part=used).exists() is not chargeable
