"""POST /api/v1/dispatch/batch (DSP-4): plan with the solver, assign through the service."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from aftersales.dispatch.tests.conftest import EN, assign, orders_state
from aftersales.service_orders.models import ServiceOrder, ServiceOrderEvent


def _batch(api, region, **body):
    return api.post("/dispatch/batch", {"region": region.pk, **body}, headers=EN)


@pytest.fixture
def three_orders(acknowledged_order):
    return [acknowledged_order() for _ in range(3)]


def test_a_dry_run_proposes_assignments_and_writes_nothing(
    api_as, dispatcher, regions, make_engineer, three_orders
):
    engineers = [make_engineer(), make_engineer("hangzhou")]
    before = orders_state(*three_orders)

    response = _batch(api_as(dispatcher), regions["shanghai"], dry_run=True)

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["dry_run"] is True
    assert (body["orders"], body["engineers"]) == (3, 2)
    assert sorted(a["order"] for a in body["assignments"]) == sorted(o.pk for o in three_orders)
    assert {a["engineer"] for a in body["assignments"]} <= {e.pk for e in engineers}
    assert body["unassigned"] == []
    assert body["bound"] <= body["objective"] <= body["greedy_objective"]
    assert body["bound"] == pytest.approx(body["objective"], abs=0.1)
    assert body["solver"].startswith("OR-Tools")
    assert orders_state(*three_orders) == before


def test_the_batch_assigns_through_the_assign_step(
    api_as, dispatcher, regions, make_engineer, three_orders
):
    engineer = make_engineer()

    response = _batch(api_as(dispatcher), regions["east"])

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["dry_run"] is False
    assert len(body["assignments"]) == 3
    for order in three_orders:
        order.refresh_from_db()
        assert (order.status, order.assigned_engineer_id) == ("assigned", engineer.pk)
        event = ServiceOrderEvent.objects.get(order=order, action="assign")
        assert (event.actor_id, event.to_status) == (dispatcher.pk, "assigned")
        assert event.note == "Batch dispatch"
        assert event.extra == {"engineer": engineer.pk}
    # the same engineer takes them one after the other: later arrivals further down
    arrivals = sorted(a["estimated_arrival"] for a in body["assignments"])
    assert len(set(arrivals)) == 3
    again = _batch(api_as(dispatcher), regions["east"]).json()
    assert (again["orders"], again["assignments"]) == (0, [])


def test_each_engineer_stays_within_the_open_order_limit(
    api_as, dispatcher, regions, admin, make_engineer, acknowledged_order, make_customer
):
    busy, free = make_engineer(), make_engineer()
    assign(admin, acknowledged_order(of=make_customer()), busy)  # busy has 1 open order
    orders = [acknowledged_order() for _ in range(3)]

    body = _batch(api_as(dispatcher), regions["shanghai"], max_open_orders=1).json()

    assert [a["engineer"] for a in body["assignments"]] == [free.pk]
    taken = body["assignments"][0]["order"]
    assert sorted((x["order"], x["code"]) for x in body["unassigned"]) == [
        (o.pk, "no_capacity") for o in orders if o.pk != taken
    ]
    assert body["objective"] >= 2 * 100_000


def test_orders_nobody_may_take_are_reported_and_left_alone(
    api_as, dispatcher, regions, make_engineer, acknowledged_order
):
    make_engineer(certified_until=None)  # not certified: no candidate
    make_engineer("beijing")  # certified, but far away
    order = acknowledged_order()
    before = orders_state(order)

    body = _batch(api_as(dispatcher), regions["shanghai"]).json()

    assert body["assignments"] == []
    assert [(x["order"], x["code"]) for x in body["unassigned"]] == [(order.pk, "no_candidate")]
    assert body["objective"] == body["greedy_objective"] == 0
    assert orders_state(order) == before


def test_only_acknowledged_unassigned_orders_of_the_region_are_planned(
    api_as,
    dispatcher,
    admin,
    regions,
    make_engineer,
    acknowledged_order,
    make_customer,
    make_unit,
    make_order,
):
    engineer = make_engineer()
    wanted = acknowledged_order()
    assigned = acknowledged_order()
    assign(admin, assigned, engineer)
    fresh = make_order(make_customer(region=regions["shanghai"]))  # new: not acknowledged
    hangzhou_customer = make_customer(region=regions["hangzhou"])
    elsewhere = acknowledged_order(of=hangzhou_customer)

    body = _batch(api_as(dispatcher), regions["shanghai"], dry_run=True).json()

    assert [a["order"] for a in body["assignments"]] == [wanted.pk]
    assert {fresh.pk, elsewhere.pk, assigned.pk}.isdisjoint(
        {a["order"] for a in body["assignments"]} | {x["order"] for x in body["unassigned"]}
    )


@pytest.mark.parametrize("role", ["agent", "engineer", "quality"])
def test_roles_without_batch_dispatch_are_forbidden(
    api_as, make_staff, regions, make_engineer, three_orders, role
):
    make_engineer()
    before = orders_state(*three_orders)

    response = _batch(api_as(make_staff(role, region=regions["shanghai"])), regions["shanghai"])

    assert response.status_code == 403
    assert orders_state(*three_orders) == before


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"region": 999_999}, "region"),
        ({"max_open_orders": 0}, "max_open_orders"),
        ({"max_open_orders": 51}, "max_open_orders"),
        ({"dry_run": "sometimes"}, "dry_run"),
        ({"regions": [1]}, "regions"),
    ],
)
def test_bad_input_names_the_field_and_assigns_nothing(
    api_as, dispatcher, regions, make_engineer, three_orders, body, field
):
    make_engineer()
    before = orders_state(*three_orders)

    response = api_as(dispatcher).post(
        "/dispatch/batch", {"region": regions["shanghai"].pk, **body}, headers=EN
    )

    assert response.status_code == 422, response.content
    assert field in response.json()["errors"]
    assert orders_state(*three_orders) == before


def test_a_region_outside_the_dispatchers_scope_is_unknown(
    api_as, make_staff, regions, make_engineer, acknowledged_order, make_customer
):
    make_engineer("beijing")
    order = acknowledged_order(of=make_customer(region=regions["beijing"]))
    before = orders_state(order)
    shanghai_dispatcher = make_staff("dispatcher", region=regions["shanghai"])

    response = _batch(api_as(shanghai_dispatcher), regions["beijing"])

    assert response.status_code == 422
    assert "region" in response.json()["errors"]
    assert orders_state(order) == before


def test_an_order_assigned_meanwhile_is_reported_as_a_conflict(
    dispatcher, admin, regions, make_engineer, three_orders, monkeypatch
):
    """The plan is made without locks; the assign step re-checks each order under its
    lock. Here the third order is assigned by hand between planning and writing (on
    PostgreSQL the race itself is tested in test_batch_concurrency.py)."""
    from aftersales.dispatch import services

    make_engineer()
    other = make_engineer()
    real_solve = services.solve

    def plan_then_someone_assigns(problem):
        solution = real_solve(problem)  # the real plan, then a dispatcher's click
        assign(admin, three_orders[2], other)
        return solution

    monkeypatch.setattr(services, "solve", plan_then_someone_assigns)
    result = services.dispatch_batch(actor=dispatcher, region_id=regions["shanghai"].pk)

    assert sorted(a.order_id for a in result.assignments) == sorted(o.pk for o in three_orders[:2])
    assert [(x.order_id, x.code) for x in result.unassigned] == [(three_orders[2].pk, "conflict")]
    third = ServiceOrder.objects.get(pk=three_orders[2].pk)
    assert third.assigned_engineer_id == other.pk
    assert ServiceOrderEvent.objects.filter(order=third, action="assign").count() == 1


def test_planning_statements_do_not_grow_with_the_engineers(
    api_as,
    dispatcher,
    regions,
    admin,
    make_engineer,
    three_orders,
    make_customer,
    acknowledged_order,
):
    api = api_as(dispatcher)
    make_engineer()
    _batch(api, regions["shanghai"], dry_run=True)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert _batch(api, regions["shanghai"], dry_run=True).status_code == 200
        return len(queries)

    few = count()
    other = make_customer()
    for region in ("shanghai", "hangzhou", "shanghai", "hangzhou"):
        assign(admin, acknowledged_order(of=other), make_engineer(region))
    many = count()

    assert many == few
