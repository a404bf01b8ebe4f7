"""The escalations page (/escalations/): the SLA-4 ladder steps of the orders one may
see, newest first, filtered by level, target and "only open orders"."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from aftersales.console import field_views
from aftersales.escalations.models import Escalation
from aftersales.escalations.services import escalations_run

from .conftest import HTMX

pytestmark = pytest.mark.django_db
H = dt.timedelta(hours=1)
M = dt.timedelta(minutes=1)
URL = reverse("console:escalations")


@pytest.fixture(autouse=True)
def _notifications(settings):
    settings.NOTIFY_ENDPOINT_CACHE_SECONDS = 0


@pytest.fixture
def reported():
    return dt.datetime.now(dt.UTC) - M


@pytest.fixture
def escalated(regions, make_customer, make_unit, make_order, reported):
    """A 上海 and a 北京 order (in warranty: respond 2 h, on site 24 h, resolve 48 h);
    the job ran at 2 h 1 min (respond → manager) and at 20 h (respond → director, on
    site → warn)."""
    orders = {}
    for name in ("shanghai", "beijing"):
        customer = make_customer(region=regions[name])
        orders[name] = make_order(customer, make_unit(customer), reported_at=reported)
    escalations_run(now=reported + 2 * H + M)
    escalations_run(now=reported + 20 * H)
    return orders


def numbers(response) -> list[str]:
    return [row.escalation.order.number for row in response.context["rows"]]


def steps(response) -> list[tuple[str, str, str]]:
    return [
        (r.escalation.order.number, r.escalation.target, r.escalation.level)
        for r in response.context["rows"]
    ]


def test_a_manager_sees_the_escalations_of_their_region_newest_first(
    english, make_staff, regions, escalated
):
    manager = make_staff("manager", region=regions["east"])
    response = english(manager).get(URL)
    assert response.status_code == 200
    sh = escalated["shanghai"].number
    assert steps(response) == [
        (sh, "on_site", "warn"),
        (sh, "respond", "director"),
        (sh, "respond", "manager"),
    ]
    body = response.content.decode()
    assert "breach plus the same span: service director" in body  # the model's labels
    assert "warning to the assignee (80 %)" in body
    assert "on-site visit" in body
    assert reverse("console:order_detail", args=[escalated["shanghai"].pk]) in body
    assert "上海" in body
    director_step = Escalation.objects.get(
        order=escalated["shanghai"], target="respond", level="director"
    )
    assert f"{round(director_step.elapsed_fraction * 100)} %" in body
    assert escalated["beijing"].number not in body
    assert f'href="{URL}"' in body  # the nav link


def test_another_regions_manager_does_not_see_them(client_as, make_staff, regions, escalated):
    north = make_staff("manager", region=regions["north"])
    response = client_as(north).get(URL)
    assert set(numbers(response)) == {escalated["beijing"].number}


def test_the_director_sees_every_region(client_as, make_staff, escalated):
    response = client_as(make_staff("director")).get(URL)
    assert len(response.context["rows"]) == 6


def test_filter_by_level_and_target(client_as, make_staff, regions, escalated):
    client = client_as(make_staff("manager", region=regions["east"]))
    by_level = client.get(URL, {"level": "warn", "filtered": "1", "open_only": "on"})
    assert [(t, lvl) for _n, t, lvl in steps(by_level)] == [("on_site", "warn")]
    by_target = client.get(URL, {"target": "respond", "filtered": "1", "open_only": "on"})
    assert [lvl for _n, _t, lvl in steps(by_target)] == ["director", "manager"]


def test_only_open_orders_is_on_by_default_and_can_be_unticked(
    client_as, make_staff, regions, escalated, drive
):
    drive(escalated["shanghai"], "resolved")
    client = client_as(make_staff("manager", region=regions["east"]))
    first_visit = client.get(URL)
    assert first_visit.context["form"]["open_only"].value() is True
    assert numbers(first_visit) == []
    assert numbers(client.get(URL, {"filtered": "1", "open_only": "on"})) == []
    unticked = client.get(URL, {"filtered": "1"})
    assert len(numbers(unticked)) == 3


@pytest.mark.parametrize(
    "params",
    [{"level": "panic"}, {"target": "lunch"}, {"level": "<b>x</b>", "page": "-3"}],
)
def test_bad_filters_are_ignored_and_shown_as_errors(
    english, make_staff, regions, escalated, params
):
    response = english(make_staff("manager", region=regions["east"])).get(URL, params)
    assert response.status_code == 200
    assert len(response.context["rows"]) == 3  # the bad value filters nothing
    assert response.context["form"].errors
    assert "Select a valid choice" in response.content.decode()
    assert "<b>x</b>" not in response.content.decode()


def test_htmx_gets_only_the_table(client_as, make_staff, regions, escalated):
    client = client_as(make_staff("manager", region=regions["east"]))
    response = client.get(URL, {"level": "warn", "filtered": "1"}, headers=HTMX)
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="escalation-table"')
    assert "<html" not in body
    assert escalated["shanghai"].number in body


def test_pages(client_as, make_staff, regions, escalated, monkeypatch):
    monkeypatch.setattr(field_views, "PAGE_SIZE", 2)
    client = client_as(make_staff("manager", region=regions["east"]))
    first, second = client.get(URL), client.get(URL, {"page": "2"})
    assert len(first.context["rows"]) == 2
    assert [s[2] for s in steps(second)] == ["manager"]
    assert "page=2" in first.content.decode()


@pytest.mark.parametrize("role", ["engineer", "warehouse", "quality"])
def test_staff_without_escalation_list_get_403(client_as, make_staff, regions, escalated, role):
    user = make_staff(role, region=regions["shanghai"])
    response = client_as(user).get(URL)
    assert response.status_code == 403
    assert escalated["shanghai"].number not in response.content.decode()
    home = client_as(user).get(reverse("console:order_list")).content.decode()
    assert f'href="{URL}"' not in home  # no nav link either


def test_an_agent_may_list_escalations(client_as, agent, escalated):
    assert client_as(agent).get(URL).status_code == 200


def test_customers_get_403_and_visitors_the_sign_in_page(client, customer_user, escalated):
    assert client.get(URL).status_code == 302
    client.force_login(customer_user(escalated["shanghai"].customer))
    assert client.get(URL).status_code == 403


def test_posting_is_not_allowed(client_as, make_staff):
    assert client_as(make_staff("director")).post(URL).status_code == 405
