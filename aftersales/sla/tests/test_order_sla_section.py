"""The ``sla`` section of the order resource: pause info, stored breaches, the on-site
prediction — to its schema, and at a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from aftersales.organisation.geo import HOP, SERVICE, Point, centroid, haversine_km
from aftersales.organisation.services import network_point_create
from aftersales.service_orders import schemas as s
from aftersales.service_orders.tests.api.test_order_schema_conformance import assert_exactly
from aftersales.sla.events import breaches_in_timeline
from aftersales.sla.selectors import order_breaches
from aftersales.sla.services import sla_record_overdue_breaches

H = dt.timedelta(hours=1)


def parse(value):
    return dt.datetime.fromisoformat(value) if value else None


def ms(value):
    """A time as the API writes it: to the millisecond."""
    return value.replace(microsecond=value.microsecond // 1000 * 1000)


@pytest.fixture
def points(regions):
    """上海 and 北京 network points with coordinates."""
    return {
        "shanghai": network_point_create(
            code="sh-01",
            name="上海网点",
            region=regions["shanghai"],
            latitude=Decimal("31.230400"),
            longitude=Decimal("121.473700"),
        ),
        "beijing": network_point_create(
            code="bj-01",
            name="北京网点",
            region=regions["beijing"],
            latitude=Decimal("39.904200"),
            longitude=Decimal("116.407400"),
        ),
    }


@pytest.fixture(autouse=True)
def _english():
    """Breach causes are recorded in the active language; these tests read English."""
    with translation.override("en"):
        yield


def test_detail_shows_pauses_and_breaches_to_its_schema(api_as, admin, order_in, act):
    order = order_in("in_progress", hours_ago=3)  # respond (2 h) broken at intake
    act(order, "wait", reason="customer")
    api = api_as(admin)
    data = api.get(f"/service-orders/{order.pk}", headers={"Accept-Language": "en"}).json()
    assert_exactly(s.ServiceOrderOut, data)
    sla = data["sla"]
    order.refresh_from_db()
    assert parse(sla["paused_since"]) == ms(order.sla_paused_at)
    assert sla["paused_seconds"] >= 0
    [breach] = sla["breaches"]
    assert breach["target"] == "respond"
    assert (breach["cause_code"], breach["cause"]) == (
        "not_acknowledged",
        "not acknowledged in time",
    )
    assert parse(breach["due_at"]) == parse(breach["breached_at"]) == ms(order.respond_by)
    assert breach["done_at"] is None  # recorded at intake, before the acknowledge
    assert [e["action"] for e in data["timeline"] if e["kind"] == "sla"] == ["breached", "paused"]
    act(order, "resume")
    data = api.get(f"/service-orders/{order.pk}", headers={"Accept-Language": "en"}).json()
    assert data["sla"]["paused_since"] is None
    order.refresh_from_db()
    assert data["sla"]["paused_seconds"] == int(order.sla_paused.total_seconds())
    listed = api.get("/service-orders").json()["results"][0]["sla"]
    assert_exactly(s.SlaOut, listed)
    assert listed["paused_seconds"] == data["sla"]["paused_seconds"]


def test_the_breaches_shown_are_the_stored_rows(api_as, admin, order_in):
    order = order_in("acknowledged", hours_ago=2.5)
    sla_record_overdue_breaches(now=order.resolve_by + H)
    shown = api_as(admin).get(f"/service-orders/{order.pk}").json()["sla"]["breaches"]
    stored = order_breaches(order_id=order.pk)
    assert [(b["target"], parse(b["due_at"]), parse(b["recorded_at"])) for b in shown] == [
        (b.target, ms(b.due_at), ms(b.recorded_at)) for b in stored
    ]
    assert [b.target for b in stored] == ["respond", "on_site", "resolve"]
    assert breaches_in_timeline([]) == []


def test_an_engineer_far_away_puts_the_on_site_target_at_risk(
    api_as, admin, make_staff, regions, points, customer, make_unit, make_order, drive
):
    far = make_staff("engineer", region=regions["beijing"], network_point=points["beijing"])
    order = drive(
        make_order(customer, make_unit(customer), priority="urgent"), "assigned", assignee=far
    )  # on site within 4 h; 1068 km away
    before = timezone.now().replace(second=0, microsecond=0)
    sla = api_as(admin).get(f"/service-orders/{order.pk}").json()["sla"]
    prediction = sla["on_site_prediction"]
    assert prediction["distance_km"] == pytest.approx(1068, abs=2)
    assert prediction["travel_minutes"] == pytest.approx(1068 * 1.3 / 30 * 60, abs=5)
    assert prediction["jobs_ahead"] == 0
    assert parse(sla["predicted_on_site_at"]) >= before + dt.timedelta(
        minutes=prediction["travel_minutes"]
    )
    assert sla["on_site_state"] == "at_risk"
    # the list shows the clock's own state: the prediction is the detail's
    row = api_as(admin).get("/service-orders").json()["results"][0]
    assert row["sla"]["on_site_state"] == "pending"


def test_a_nearby_engineer_with_a_queue(
    api_as, admin, make_staff, regions, points, customer, make_unit, make_order, drive
):
    near = make_staff("engineer", region=regions["shanghai"], network_point=points["shanghai"])
    first = drive(
        make_order(customer, make_unit(customer), priority="urgent"), "assigned", assignee=near
    )
    second = drive(make_order(customer, make_unit(customer)), "assigned", assignee=near)
    api = api_as(admin)
    sla = api.get(f"/service-orders/{second.pk}").json()["sla"]
    queue = (HOP + SERVICE).total_seconds() // 60
    assert sla["on_site_prediction"] == {
        "distance_km": 0.0,
        "travel_minutes": 0,
        "jobs_ahead": 1,  # the urgent order is due on site first
        "queue_minutes": queue,
    }
    assert sla["on_site_state"] == "pending"  # 24 h is plenty
    assert (
        api.get(f"/service-orders/{first.pk}").json()["sla"]["on_site_prediction"]["jobs_ahead"]
        == 0
    )


def test_customers_region_without_a_point_uses_the_closest_ancestors_points(
    api_as, admin, make_staff, regions, make_customer, make_unit, make_order, drive, points
):
    network_point_create(
        code="east-01",
        name="华东网点",
        region=regions["east"],
        latitude=Decimal("30.274100"),
        longitude=Decimal("120.155100"),
    )
    # 杭州 has no point: the order is at the centre of 华东's points (华东网点 and 上海's),
    # as dispatch places it (organisation.places)
    hangzhou = make_customer(region=regions["hangzhou"])
    near = make_staff("engineer", region=regions["shanghai"], network_point=points["shanghai"])
    order = drive(make_order(hangzhou, make_unit(hangzhou)), "assigned", assignee=near)
    sla = api_as(admin).get(f"/service-orders/{order.pk}").json()["sla"]
    shanghai = Point.of(points["shanghai"].latitude, points["shanghai"].longitude)
    assert shanghai is not None
    east_centre = centroid([shanghai, Point(30.2741, 120.1551)])
    assert east_centre is not None
    expected = round(haversine_km(shanghai, east_centre), 1)
    assert sla["on_site_prediction"]["distance_km"] == pytest.approx(expected, abs=0.1)
    assert 70 < expected < 95  # half-way to 杭州, not 杭州 itself (164 km)


@pytest.mark.parametrize("status", ["new", "acknowledged", "on_site", "in_progress"])
def test_no_prediction_unless_assigned_or_en_route(api_as, admin, order_in, status):
    sla = api_as(admin).get(f"/service-orders/{order_in(status).pk}").json()["sla"]
    assert (sla["predicted_on_site_at"], sla["on_site_prediction"]) == (None, None)


def _queries(api, order):
    with CaptureQueriesContext(connection) as captured:
        assert api.get(f"/service-orders/{order.pk}").status_code == 200
    return [q["sql"] for q in captured.captured_queries]


def test_detail_queries_do_not_grow_with_pauses_breaches_or_the_queue(
    api_as, admin, order_in, act, engineer
):
    api = api_as(admin)
    plain = _queries(api, order_in("in_progress"))
    busy = order_in("in_progress", hours_ago=3)  # a stored breach
    for _ in range(5):
        act(busy, "wait", reason="customer")
        act(busy, "resume")
    sla_record_overdue_breaches(now=timezone.now() + 1000 * H)  # resolve breached too
    assert len(_queries(api, busy)) == len(plain)

    assigned = order_in("assigned")
    with_prediction = _queries(api, assigned)
    assert len(with_prediction) == len(plain) + 2  # the two points, the engineer's queue
    for _ in range(6):
        order_in("assigned")
    assert len(_queries(api, assigned)) == len(with_prediction)
    en_route = order_in("en_route")
    assert len(_queries(api, en_route)) == len(plain) + 1  # on the way: no queue
