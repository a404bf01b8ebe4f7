"""Whose stock a user may take: an engineer's van is theirs (other engineers may not
take from it; the region's warehouse staff may); reservations still unused when the
customer accepts the work go back on the shelf; a part reserved in the central
warehouse may be used by the order's engineer (the reservation was the claim)."""

from __future__ import annotations

import pytest

from aftersales.core.exceptions import PermissionDenied
from aftersales.inventory.models import OrderPart, Stock
from aftersales.inventory.order_parts import order_part_issue
from aftersales.inventory.services import stock_move_create
from aftersales.inventory.tests.parts_fixtures import (  # noqa: F401  (fixtures)
    drive_fixture,
    held,
    order_fixture,
    order_in_fixture,
    reserve,
    shanghai_engineer_fixture,
    stocked_fixture,
    written,
)
from aftersales.service_orders.services import service_order_transition
from aftersales.service_orders.tests.helpers import payload_for

pytestmark = pytest.mark.django_db


def test_another_engineer_may_not_take_from_someones_van(
    make_staff, regions, van, stocked, order_in, shanghai_engineer
):
    order = order_in("assigned")
    colleague = make_staff("engineer", region=regions["shanghai"])
    service_order_transition(
        actor=make_staff("admin"),
        order_id=order.pk,
        action="reassign",
        payload={"engineer": colleague.pk, "reason": "顺路"},
    )
    before = written()
    with pytest.raises(PermissionDenied):
        stock_move_create(
            actor=colleague,
            kind="issue",
            part_id=stocked.pk,
            quantity=1,
            from_warehouse_id=van.pk,
            service_order_id=order.pk,
        )
    assert written() == before


def test_the_regions_warehouse_keeper_may_count_a_van(keeper, van, stocked):
    stock_move_create(
        actor=keeper,
        kind="adjustment",
        part_id=stocked.pk,
        quantity=1,
        from_warehouse_id=van.pk,
        reason="盘点少一个",
    )
    assert Stock.objects.get(warehouse=van, part=stocked).on_hand == 2


def test_unused_reservations_are_released_when_the_customer_accepts(
    boss, shanghai_wh, stocked, order, drive
):
    used = reserve(boss, order, stocked, shanghai_wh, 2)
    kept = reserve(boss, order, stocked, shanghai_wh, 1)
    order_part_issue(actor=boss, order_id=order.pk, order_part_id=used.pk)
    drive(order, "resolved", since="in_progress")
    assert OrderPart.objects.get(pk=kept.pk).status == "reserved"  # may still be fitted
    service_order_transition(
        actor=boss, order_id=order.pk, action="confirm", payload=payload_for("confirm")
    )
    statuses = dict(OrderPart.objects.filter(order=order).values_list("pk", "status"))
    assert statuses == {used.pk: "issued", kept.pk: "released"}
    on_hand, reserved, _defective = held(shanghai_wh, stocked)
    assert (on_hand, reserved) == (3, 0)


def test_the_orders_engineer_uses_a_part_reserved_in_central(
    boss, central, stock_up, part, order, shanghai_engineer
):
    stock_up(central, part, 2)
    claim = reserve(boss, order, part, central, 1)
    order_part_issue(actor=shanghai_engineer, order_id=order.pk, order_part_id=claim.pk)
    assert held(central, part)[:2] == (1, 0)
