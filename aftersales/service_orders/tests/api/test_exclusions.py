"""POST /api/v1/service-orders/{id}/exclusions: WAR-5 exclusions recorded on an order."""

from __future__ import annotations

import datetime as dt

import pytest

from aftersales.service_orders.tests.helpers import order_state
from aftersales.warranty.models import WarrantyExclusion

REASONS = [
    "misuse",
    "model_mismatch_or_altered",
    "force_majeure",
    "clearance_sale",
    "unauthorised_repair",
]


@pytest.fixture
def unit(customer, make_unit):
    return make_unit(customer, purchase_date=dt.date.today() - dt.timedelta(days=60))


def _exclude(api, order, reason="misuse", note="机身进水，有明显人为损坏痕迹"):
    return api.post(f"/service-orders/{order.pk}/exclusions", {"reason": reason, "note": note})


def _warranty(api, order):
    return api.get(f"/service-orders/{order.pk}").json()["warranty"]


@pytest.mark.parametrize("reason", REASONS)
def test_each_war5_reason_makes_the_order_chargeable(
    api_as, agent, customer, unit, make_order, reason
):
    order = make_order(customer, unit)
    api = api_as(agent)
    assert _warranty(api, order)["chargeable"] is False
    response = _exclude(api, order, reason)
    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["reason"], data["service_order"], data["unit"]) == (reason, order.pk, unit.pk)
    assert data["note"] == "机身进水，有明显人为损坏痕迹"
    warranty = _warranty(api, order)
    assert warranty["in_warranty"] is True
    assert warranty["chargeable"] is True
    assert warranty["exclusions"] == [reason]


def test_exclusion_writes_a_timeline_event(api_as, engineer, order_in):
    order = order_in("on_site")
    api = api_as(engineer)
    before = len(order_state(order.pk)["events"])
    assert _exclude(api, order, "unauthorised_repair", "外壳螺丝有拆卸痕迹").status_code == 201
    timeline = api.get(f"/service-orders/{order.pk}").json()["timeline"]
    assert len(timeline) == before + 1
    event = timeline[-1]
    assert (event["kind"], event["actor"]) == ("exclusion", engineer.pk)
    assert (event["from_status"], event["to_status"]) == ("on_site", "on_site")
    assert event["extra"]["reason"] == "unauthorised_repair"
    assert event["note"] == "外壳螺丝有拆卸痕迹"


def test_exclusion_does_not_change_the_status(api_as, agent, order_in):
    order = order_in("in_progress")
    _exclude(api_as(agent), order)
    order.refresh_from_db()
    assert order.status == "in_progress"


def test_model_mismatch_applies_to_later_orders_of_the_unit(
    api_as, agent, customer, unit, make_order
):
    api = api_as(agent)
    first = make_order(customer, unit)
    assert _exclude(api, first, "model_mismatch_or_altered", "铭牌型号被涂改").status_code == 201
    later = make_order(customer, unit)
    warranty = _warranty(api, later)
    assert warranty["chargeable"] is True
    assert warranty["exclusions"] == ["model_mismatch_or_altered"]


def test_misuse_applies_only_to_its_own_order(api_as, agent, customer, unit, make_order):
    api = api_as(agent)
    first = make_order(customer, unit)
    assert _exclude(api, first, "misuse").status_code == 201
    later = make_order(customer, unit)
    assert _warranty(api, later)["chargeable"] is False
    assert _warranty(api, later)["exclusions"] == []
    assert _warranty(api, first)["exclusions"] == ["misuse"]


def test_warranty_resource_of_the_unit_lists_unit_level_exclusions_only(
    api_as, agent, customer, unit, make_order
):
    api = api_as(agent)
    _exclude(api, make_order(customer, unit), "misuse")
    _exclude(api, make_order(customer, unit), "model_mismatch_or_altered", "序列号被涂改")
    lookup = api.get(f"/warranty/{unit.serial_number}")
    assert lookup.status_code == 200, lookup.content
    assert lookup.json()["exclusions"] == ["model_mismatch_or_altered"]


def test_customer_user_may_not_record_an_exclusion(api_as, customer_user, customer, order_in):
    order = order_in("on_site")
    before = order_state(order.pk)
    response = _exclude(api_as(customer_user(customer)), order)
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
    assert order_state(order.pk) == before
    assert not WarrantyExclusion.objects.exists()


@pytest.mark.parametrize("roles", [("dispatcher",), ("warehouse",), ("quality",)])
def test_staff_without_the_right_may_not_record_an_exclusion(
    api_as, make_staff, regions, order_in, roles
):
    order = order_in("on_site")
    before = order_state(order.pk)
    response = _exclude(api_as(make_staff(*roles, region=regions["shanghai"])), order)
    assert response.status_code == 403
    assert order_state(order.pk) == before
    assert not WarrantyExclusion.objects.exists()


def test_invisible_order_is_404(api_as, make_staff, regions, order_in):
    order = order_in("on_site")
    before = order_state(order.pk)
    response = _exclude(api_as(make_staff("engineer", region=regions["beijing"])), order)
    assert response.status_code == 404
    assert order_state(order.pk) == before
    assert not WarrantyExclusion.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"reason": "lightning", "note": "雷击"}, "reason"),
        ({"reason": "expired", "note": "过保"}, "reason"),
        ({"note": "没写原因"}, "reason"),
        ({"reason": "misuse", "note": "   "}, "note"),
        ({"reason": "misuse"}, "note"),
    ],
)
def test_bad_exclusion_is_422_and_records_nothing(api_as, agent, order_in, body, field):
    order = order_in("in_progress")
    before = order_state(order.pk)
    response = api_as(agent).post(f"/service-orders/{order.pk}/exclusions", body)
    assert response.status_code == 422, response.content
    assert field in response.json()["errors"]
    assert order_state(order.pk) == before
    assert not WarrantyExclusion.objects.exists()


def test_order_without_unit_has_nothing_to_exclude(api_as, agent, customer, make_order):
    order = make_order(customer, None)
    before = order_state(order.pk)
    response = _exclude(api_as(agent), order)
    assert response.status_code == 422
    assert "unit" in response.json()["errors"]
    assert order_state(order.pk) == before


@pytest.mark.parametrize("status", ["closed", "cancelled"])
def test_finished_order_refuses_an_exclusion_with_409(api_as, agent, order_in, status):
    order = order_in(status)
    before = order_state(order.pk)
    response = _exclude(api_as(agent), order)
    assert response.status_code == 409
    assert order_state(order.pk) == before
    assert not WarrantyExclusion.objects.exists()
