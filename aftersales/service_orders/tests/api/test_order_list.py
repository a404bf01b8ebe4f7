"""GET /api/v1/service-orders: filters, pagination, visibility (SEC-2), ordering, and a
constant number of queries for the list and the detail."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from aftersales.service_orders.services import service_order_transition
from aftersales.service_orders.tests.helpers import payload_for


def _ids(response):
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


@pytest.fixture
def world(regions, make_customer, make_unit, make_order, drive, engineer, other_engineer):
    """Orders in 上海 (two customers), 杭州 and 北京, in several states."""
    sh = make_customer(region=regions["shanghai"], phone="13800000001")
    sh2 = make_customer(region=regions["shanghai"], phone="13800000002")
    hz = make_customer(region=regions["hangzhou"], phone="13800000003")
    bj = make_customer(region=regions["beijing"], phone="13800000004")
    now = timezone.now()
    orders = {
        "sh_new": make_order(sh, make_unit(sh), reported_at=now - dt.timedelta(minutes=5)),
        "sh_assigned": drive(
            make_order(sh, make_unit(sh), reported_at=now - dt.timedelta(minutes=10)),
            "assigned",
        ),
        "sh2_in_progress": drive(
            make_order(
                sh2,
                make_unit(sh2, serial_number="SN-FIND-ME"),
                contact_phone="021-55556666",
                reported_at=now - dt.timedelta(minutes=20),
            ),
            "in_progress",
            assignee=other_engineer,
        ),
        "hz_acknowledged": drive(
            make_order(hz, make_unit(hz), reported_at=now - dt.timedelta(minutes=30)),
            "acknowledged",
        ),
        "bj_new": make_order(bj, None, reported_at=now - dt.timedelta(minutes=40)),
    }
    return {"customers": {"sh": sh, "sh2": sh2, "hz": hz, "bj": bj}, "orders": orders}


def test_default_order_is_newest_reported_first(api_as, admin, world, make_order, customer):
    oldest = make_order(customer, reported_at=timezone.now() - dt.timedelta(days=3))
    ids = _ids(api_as(admin).get("/service-orders"))
    o = world["orders"]
    assert ids == [
        o["sh_new"].pk,
        o["sh_assigned"].pk,
        o["sh2_in_progress"].pk,
        o["hz_acknowledged"].pk,
        o["bj_new"].pk,
        oldest.pk,
    ]


def test_status_filter_is_repeatable(api_as, admin, world):
    o = world["orders"]
    response = api_as(admin).get("/service-orders", {"status": ["new", "acknowledged"]})
    assert set(_ids(response)) == {o["sh_new"].pk, o["hz_acknowledged"].pk, o["bj_new"].pk}
    assert _ids(api_as(admin).get("/service-orders", {"status": "assigned"})) == [
        o["sh_assigned"].pk
    ]


def test_customer_region_and_engineer_filters(api_as, admin, world, regions, engineer):
    api, o, c = api_as(admin), world["orders"], world["customers"]
    assert set(_ids(api.get("/service-orders", {"customer": c["sh"].pk}))) == {
        o["sh_new"].pk,
        o["sh_assigned"].pk,
    }
    assert set(_ids(api.get("/service-orders", {"region": regions["shanghai"].pk}))) == {
        o["sh_new"].pk,
        o["sh_assigned"].pk,
        o["sh2_in_progress"].pk,
    }
    assert _ids(api.get("/service-orders", {"assigned_engineer": engineer.pk})) == [
        o["sh_assigned"].pk
    ]


@pytest.mark.parametrize(
    "query",
    ["number", "number_lowercase", "contact_phone", "customer_phone", "serial"],
)
def test_q_finds_by_number_phone_or_serial(api_as, admin, world, query):
    order = world["orders"]["sh2_in_progress"]
    q = {
        "number": order.number,
        "number_lowercase": order.number.lower(),
        "contact_phone": "021-55556666",
        "customer_phone": "13800000002",
        "serial": "SN-FIND-ME",
    }[query]
    assert _ids(api_as(admin).get("/service-orders", {"q": q})) == [order.pk]


def test_q_matching_nothing_is_an_empty_page(api_as, admin, world):
    response = api_as(admin).get("/service-orders", {"q": "SO19990101"})
    assert response.json() == {"count": 0, "results": []}


def test_sla_breached_filter_agrees_with_each_orders_sla(
    api_as, admin, customer, make_unit, make_order
):
    now = timezone.now()
    late = make_order(customer, make_unit(customer), reported_at=now - dt.timedelta(days=3))
    late_out = make_order(
        customer,
        make_unit(customer, purchase_date=dt.date(2020, 1, 1)),
        reported_at=now - dt.timedelta(hours=30),
    )
    fresh = make_order(customer, make_unit(customer), reported_at=now - dt.timedelta(minutes=1))
    api = api_as(admin)
    breached = _ids(api.get("/service-orders", {"sla_breached": "true"}))
    on_time = _ids(api.get("/service-orders", {"sla_breached": "false"}))
    assert set(breached) == {late.pk, late_out.pk}
    assert on_time == [fresh.pk]
    for row in api.get("/service-orders").json()["results"]:
        assert row["sla"]["breached"] is (row["id"] in breached)


def test_a_target_met_late_stays_breached(api_as, admin, customer, make_unit, make_order):
    order = make_order(
        customer, make_unit(customer), reported_at=timezone.now() - dt.timedelta(days=3)
    )
    service_order_transition(actor=admin, order_id=order.pk, action="acknowledge")
    api = api_as(admin)
    assert _ids(api.get("/service-orders", {"sla_breached": "true"})) == [order.pk]
    assert api.get(f"/service-orders/{order.pk}").json()["sla"]["respond_state"] == "breached"


def test_pagination_counts_and_pages(api_as, admin, customer, make_order):
    made = [make_order(customer) for _ in range(5)]
    api = api_as(admin)
    first = api.get("/service-orders", {"page_size": 2})
    assert first.json()["count"] == 5
    assert len(first.json()["results"]) == 2
    third = api.get("/service-orders", {"page_size": 2, "page": 3})
    assert third.json()["count"] == 5
    assert _ids(third) == [made[0].pk]
    beyond = api.get("/service-orders", {"page_size": 2, "page": 4})
    assert beyond.json()["results"] == []
    assert len(api.get("/service-orders", {"page_size": 200}).json()["results"]) == 5


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"status": "new"},
        {"status": ["new", "assigned"]},
        {"region": "hangzhou"},
        {"status": "acknowledged", "region": "hangzhou"},
        {"priority": "high"},
    ],
)
@pytest.mark.parametrize("who", ["admin", "manager_east", "engineer_shanghai"])
def test_count_is_exact_when_the_list_spans_pages(
    api_as, admin, world, make_staff, regions, make_order, drive, who, params
):
    c = world["customers"]
    for owner in (c["sh"], c["hz"], c["hz"], c["bj"]):
        make_order(owner, priority="high")
        drive(make_order(owner), "acknowledged")
    drive(make_order(c["hz"]), "cancelled")
    user = {
        "admin": admin,
        "manager_east": make_staff("manager", region=regions["east"]),
        "engineer_shanghai": make_staff("engineer", region=regions["shanghai"]),
    }[who]
    if "region" in params:
        params = {**params, "region": regions[params["region"]].pk}
    api = api_as(user)
    everything = api.get("/service-orders", {**params, "page_size": 200}).json()
    paged = api.get("/service-orders", {**params, "page_size": 1, "page": 2})
    assert paged.status_code == 200
    assert paged.json()["count"] == everything["count"] == len(everything["results"])


@pytest.mark.parametrize(
    ("params", "field"),
    [({"page_size": 201}, "page_size"), ({"page_size": 0}, "page_size"), ({"page": 0}, "page")],
)
def test_page_out_of_bounds_is_422(api_as, admin, params, field):
    response = api_as(admin).get("/service-orders", params)
    assert response.status_code == 422
    assert field in response.json()["errors"]


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("admin", {"sh_new", "sh_assigned", "sh2_in_progress", "hz_acknowledged", "bj_new"}),
        ("director", {"sh_new", "sh_assigned", "sh2_in_progress", "hz_acknowledged", "bj_new"}),
        ("agent", {"sh_new", "sh_assigned", "sh2_in_progress", "hz_acknowledged", "bj_new"}),
        ("quality", {"sh_new", "sh_assigned", "sh2_in_progress", "hz_acknowledged", "bj_new"}),
        ("manager_east", {"sh_new", "sh_assigned", "sh2_in_progress", "hz_acknowledged"}),
        ("manager_shanghai", {"sh_new", "sh_assigned", "sh2_in_progress"}),
        ("dispatcher_hangzhou", {"hz_acknowledged"}),
        ("warehouse_beijing", {"bj_new"}),
        ("engineer_shanghai", {"sh_new", "sh_assigned", "sh2_in_progress"}),
        ("engineer_beijing_assigned_in_shanghai", {"sh_assigned", "bj_new"}),
        ("engineer_without_region", {"sh2_in_progress"}),
        ("customer_sh", {"sh_new", "sh_assigned"}),
        ("customer_hz", {"hz_acknowledged"}),
    ],
)
def test_list_shows_only_what_the_role_may_see(
    api_as, world, make_staff, regions, customer_user, admin, other_engineer, who, sees
):
    c, o = world["customers"], world["orders"]
    travelling = make_staff("engineer", region=regions["beijing"])
    if who == "engineer_beijing_assigned_in_shanghai":
        service_order_transition(
            actor=admin,
            order_id=o["sh_assigned"].pk,
            action="reassign",
            payload=payload_for("reassign", engineer_id=travelling.pk),
        )
    if who == "engineer_without_region":
        other_engineer.region = None
        other_engineer.save(update_fields=["region"])
    user = {
        "admin": lambda: admin,
        "director": lambda: make_staff("director"),
        "agent": lambda: make_staff("agent"),
        "quality": lambda: make_staff("quality"),
        "manager_east": lambda: make_staff("manager", region=regions["east"]),
        "manager_shanghai": lambda: make_staff("manager", region=regions["shanghai"]),
        "dispatcher_hangzhou": lambda: make_staff("dispatcher", region=regions["hangzhou"]),
        "warehouse_beijing": lambda: make_staff("warehouse", region=regions["beijing"]),
        "engineer_shanghai": lambda: make_staff("engineer", region=regions["shanghai"]),
        "engineer_beijing_assigned_in_shanghai": lambda: travelling,
        "engineer_without_region": lambda: other_engineer,
        "customer_sh": lambda: customer_user(c["sh"]),
        "customer_hz": lambda: customer_user(c["hz"]),
    }[who]()
    ids = _ids(api_as(user).get("/service-orders", {"page_size": 200}))
    assert sorted(ids) == sorted(o[name].pk for name in sees)


def test_filters_never_widen_visibility(api_as, world, customer_user):
    c = world["customers"]
    api = api_as(customer_user(c["sh"]))
    assert _ids(api.get("/service-orders", {"customer": c["bj"].pk})) == []
    number = world["orders"]["bj_new"].number
    assert _ids(api.get("/service-orders", {"q": number})) == []


def _make_orders(n, *, customers, make_unit, make_order, drive, engineer, admin):
    for i in range(n):
        owner = customers[i % len(customers)]
        order = make_order(owner, make_unit(owner) if i % 3 else None)
        if i % 2:
            drive(order, "assigned", assignee=engineer)


def test_list_uses_a_constant_number_of_queries(
    api_as, admin, make_customer, make_unit, make_order, drive, engineer, regions
):
    customers = [make_customer(region=regions[r]) for r in ("shanghai", "hangzhou", "beijing")]
    args = {"customers": customers, "make_unit": make_unit, "make_order": make_order}
    args |= {"drive": drive, "engineer": engineer, "admin": admin}
    api = api_as(admin)
    _make_orders(3, **args)
    with CaptureQueriesContext(connection) as few:
        assert len(api.get("/service-orders").json()["results"]) == 3
    _make_orders(27, **args)
    with CaptureQueriesContext(connection) as many:
        assert len(api.get("/service-orders").json()["results"]) == 30
    assert len(many) == len(few), [q["sql"] for q in many]


def test_detail_uses_a_constant_number_of_queries(api_as, admin, order_in):
    short = order_in("in_progress")
    long = order_in("in_progress")
    for _ in range(7):
        for action in ("wait", "resume"):
            service_order_transition(
                actor=admin, order_id=long.pk, action=action, payload=payload_for(action)
            )
    api = api_as(admin)
    with CaptureQueriesContext(connection) as few:
        few_events = len(api.get(f"/service-orders/{short.pk}").json()["timeline"])
    with CaptureQueriesContext(connection) as many:
        many_events = len(api.get(f"/service-orders/{long.pk}").json()["timeline"])
    assert many_events == few_events + 14
    assert len(many) == len(few), [q["sql"] for q in many]
