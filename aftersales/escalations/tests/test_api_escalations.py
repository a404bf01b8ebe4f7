"""GET /api/v1/escalations: the ladder steps of the orders one may see (SLA-4)."""

from __future__ import annotations

import datetime as dt

import pytest

from aftersales.escalations.services import escalations_run

pytestmark = pytest.mark.django_db
H = dt.timedelta(hours=1)


@pytest.fixture
def escalated(order, people, reported):
    escalations_run(now=reported + 2 * H + dt.timedelta(minutes=1))
    return order


def test_a_manager_lists_the_regions_escalations(api_as, people, escalated):
    response = api_as(people["manager"]).get("/escalations")
    assert response.status_code == 200, response.content
    (row,) = response.json()["results"]
    assert row["order"] == escalated.pk
    assert row["order_number"] == escalated.number
    assert (row["target"], row["level"], row["order_status"]) == ("respond", "manager", "new")
    assert row["elapsed_fraction"] == "1.008"
    assert abs(dt.datetime.fromisoformat(row["due_at"]) - escalated.respond_by) < dt.timedelta(
        milliseconds=1
    )


def test_filters_by_order_level_and_target(api_as, people, escalated):
    api = api_as(people["director"])
    assert api.get("/escalations", {"order": escalated.pk}).json()["count"] == 1
    assert api.get("/escalations", {"level": "warn"}).json()["count"] == 0
    assert api.get("/escalations", {"target": "respond"}).json()["count"] == 1


@pytest.mark.parametrize("params", [{"level": "panic"}, {"target": "lunch"}, {"order": "x"}])
def test_bad_filters_are_refused_naming_the_field(api_as, people, params):
    response = api_as(people["director"]).get("/escalations", params)
    assert response.status_code == 422
    assert list(response.json()["errors"]) == list(params)


def test_another_regions_manager_sees_none_and_gets_404_for_the_order(
    api_as, make_staff, regions, escalated
):
    north = make_staff("manager", region=regions["north"])
    assert api_as(north).get("/escalations").json()["count"] == 0
    assert api_as(north).get("/escalations", {"order": escalated.pk}).status_code == 404


@pytest.mark.parametrize("role", ["engineer", "warehouse", "quality"])
def test_other_staff_may_not_list_escalations(api_as, make_staff, regions, escalated, role):
    user = make_staff(role, region=regions["shanghai"])
    assert api_as(user).get("/escalations").status_code == 403


def test_customers_may_not_list_escalations(api_as, customer_user, escalated):
    user = customer_user(escalated.customer)
    assert api_as(user).get("/escalations", {"order": escalated.pk}).status_code == 403
