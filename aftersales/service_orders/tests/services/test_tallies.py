"""The region × status tallies always equal the orders themselves, whatever happens."""

from __future__ import annotations

import contextlib
import io

from django.core.management import call_command
from django.db.models import Count
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aftersales.core.exceptions import ApplicationError
from aftersales.service_orders.models import ServiceOrder, ServiceOrderTally
from aftersales.service_orders.services import service_order_transition
from aftersales.service_orders.tests.helpers import ACTIONS, payload_for


def _actual() -> dict[tuple[int, str], int]:
    rows = ServiceOrder.objects.order_by().values("region_id", "status").annotate(n=Count("id"))
    return {(r["region_id"], r["status"]): r["n"] for r in rows}


def _tallied() -> dict[tuple[int, str], int]:
    return {(t.region_id, t.status): t.count for t in ServiceOrderTally.objects.all() if t.count}


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    steps=st.lists(
        st.tuples(st.integers(0, 3), st.sampled_from(ACTIONS), st.booleans()), max_size=25
    )
)
def test_tallies_match_the_orders_after_any_sequence_of_actions(
    steps, admin, engineer, make_customer, make_order, regions
):
    before = _actual()
    customers = [
        make_customer(region=regions["shanghai"]),
        make_customer(region=regions["beijing"]),
    ]
    orders = [make_order(customers[i % 2]) for i in range(4)]
    for index, action, accepted in steps:
        # refused steps change nothing, tallies included
        with contextlib.suppress(ApplicationError):
            service_order_transition(
                actor=admin,
                order_id=orders[index].pk,
                action=action,
                payload=payload_for(action, engineer_id=engineer.pk, accepted=accepted),
            )
    actual = _actual()
    assert _tallied() == actual
    assert sum(actual.values()) == sum(before.values()) + 4


def test_recount_command_rebuilds_the_tallies_from_the_orders(make_customer, make_order):
    customer = make_customer()
    for _ in range(3):
        make_order(customer)
    ServiceOrderTally.objects.update(count=999)
    call_command("recount_order_tallies", stdout=io.StringIO())
    assert _tallied() == _actual()


def test_list_count_from_tallies_equals_the_real_count(
    api_as, admin, make_customer, make_order, make_staff, regions, drive
):
    shanghai = make_customer(region=regions["shanghai"])
    beijing = make_customer(region=regions["beijing"])
    for _ in range(3):
        make_order(shanghai)
    drive(make_order(shanghai), "acknowledged")
    make_order(beijing)
    manager = make_staff("manager", region=regions["east"])
    cases = [
        (admin, {}, 5),
        (admin, {"status": "new"}, 4),
        (admin, {"region": regions["shanghai"].pk}, 4),
        (admin, {"status": ["new", "acknowledged"], "region": regions["beijing"].pk}, 1),
        (manager, {}, 4),
        (manager, {"status": "acknowledged"}, 1),
    ]
    for user, params, expected in cases:
        body = api_as(user).get("/service-orders", {**params, "page_size": 1}).json()
        assert body["count"] == expected, (user, params)
