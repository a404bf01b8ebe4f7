"""An engineer's "my jobs today" (/my/jobs/): their open orders, most urgent first, the
next step as one button that comes back here, and what they resolved today."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from aftersales.accounts.access import scope_for
from aftersales.service_orders.selectors import engineer_jobs_today
from aftersales.service_orders.services import service_order_transition
from aftersales.service_orders.tests.helpers import order_state, payload_for

pytestmark = pytest.mark.django_db
H = dt.timedelta(hours=1)
URL = reverse("console:my_jobs")


@pytest.fixture(autouse=True)
def _catalogue(product_model):
    """The product line exists before the engineers are made, so they are qualified."""


@pytest.fixture
def new_order(regions, make_customer, make_unit, make_order):
    """``new_order(**fields)``: a 上海 in-warranty repair (on site 24 h, resolve 48 h;
    urgent: on site 4 h)."""

    def make(**fields):
        customer = make_customer(region=regions["shanghai"])
        return make_order(customer, make_unit(customer), **fields)

    return make


@pytest.fixture
def other_engineer(make_staff, regions):
    return make_staff("engineer", region=regions["shanghai"])


def action_url(order, action: str) -> str:
    return reverse("console:order_action", args=[order.pk, action])


def open_numbers(response) -> list[str]:
    return [card.order.number for card in response.context["cards"]]


def test_an_engineer_sees_their_open_orders_most_urgent_first(
    english, shanghai_engineer, new_order, drive
):
    normal = drive(new_order(), "assigned")  # on site in 24 h
    urgent = drive(new_order(priority="urgent"), "en_route")  # on site in 4 h
    late = drive(new_order(reported_at=timezone.now() - 25 * H), "assigned")  # overdue 1 h
    working = drive(new_order(), "in_progress")  # on site done: resolve in 48 h
    response = english(shanghai_engineer).get(URL)
    assert response.status_code == 200
    assert open_numbers(response) == [late.number, urgent.number, normal.number, working.number]
    body = response.content.decode()
    assert "4 open jobs" in body
    assert timezone.localdate().isoformat() in body
    assert "On site: overdue 1 h" in body
    assert "On site: in 3 h 59 min" in body or "On site: in 4 h" in body
    assert "Resolve: in 1 d 23 h" in body  # 47 h 59 min
    assert [c.sla.css for c in response.context["cards"]] == ["bad", "info", "info", "info"]


def test_a_paused_order_counts_down_from_the_pause(english, shanghai_engineer, new_order, drive):
    order = drive(new_order(), "in_progress")
    service_order_transition(
        actor=shanghai_engineer, order_id=order.pk, action="wait", payload={"reason": "customer"}
    )
    response = english(shanghai_engineer).get(URL)
    (card,) = response.context["cards"]
    assert card.sla.paused
    assert [a.value for a in card.actions] == ["resume"]
    body = response.content.decode()
    assert "SLA clocks paused" in body
    assert "waiting for the customer" in body
    assert "Resolve: in 1 d 23 h" in body


def test_a_card_shows_the_customer_the_full_phone_and_the_next_step(
    english, shanghai_engineer, new_order, drive
):
    order = drive(
        new_order(contact_phone="13912345678", address="上海市徐汇区漕溪北路 88 号"), "assigned"
    )
    response = english(shanghai_engineer).get(URL)
    body = response.content.decode()
    assert 'href="tel:13912345678"' in body  # their own customer: not masked
    assert "上海市徐汇区漕溪北路 88 号" in body
    assert order.customer.name in body
    assert order.fault_description in body
    (card,) = response.context["cards"]
    assert [a.value for a in card.actions] == ["depart"]
    assert action_url(order, "depart") in body
    assert 'name="next" value="/my/jobs/"' in body
    assert reverse("console:order_detail", args=[order.pk]) in body
    assert "Complete / details" in body


@pytest.mark.parametrize(
    ("status", "buttons"),
    [
        ("assigned", ["depart"]),
        ("en_route", ["arrive"]),
        ("on_site", ["start"]),
        ("in_progress", []),  # wait and complete need a form: on the order page
        ("waiting", ["resume"]),
    ],
)
def test_the_one_click_steps(client_as, shanghai_engineer, new_order, drive, status, buttons):
    drive(new_order(), status)
    (card,) = client_as(shanghai_engineer).get(URL).context["cards"]
    assert [a.value for a in card.actions] == buttons


def test_other_engineers_orders_are_not_mine(
    client_as, make_staff, shanghai_engineer, other_engineer, new_order, drive
):
    mine = drive(new_order(), "assigned")
    boss = make_staff("admin")
    theirs = new_order()
    for action in ("acknowledge", "assign"):
        service_order_transition(
            actor=boss,
            order_id=theirs.pk,
            action=action,
            payload=payload_for(action, engineer_id=other_engineer.pk),
        )
    unassigned = new_order()
    response = client_as(shanghai_engineer).get(URL)
    assert open_numbers(response) == [mine.number]
    body = response.content.decode()
    assert theirs.number not in body
    assert unassigned.number not in body
    assert open_numbers(client_as(other_engineer).get(URL)) == [theirs.number]


def test_done_today_lists_what_i_resolved_today(english, shanghai_engineer, new_order, drive):
    open_one = drive(new_order(), "on_site")
    resolved = drive(new_order(), "resolved")
    accepted = drive(new_order(), "accepted")
    cancelled = drive(new_order(), "cancelled")
    response = english(shanghai_engineer).get(URL)
    assert open_numbers(response) == [open_one.number]
    done = response.context["jobs"].done_today
    assert [o.number for o in done] == [accepted.number, resolved.number]  # latest first
    body = response.content.decode()
    assert "Done today: 2 jobs" in body
    assert '<details class="card done-today">' in body  # collapsed
    assert cancelled.number not in body


def test_done_today_is_by_the_local_date(shanghai_engineer, new_order, drive):
    resolved = drive(new_order(), "resolved")
    assert resolved.resolved_at is not None
    now = resolved.resolved_at
    assert [o.pk for o in engineer_jobs_today(user=shanghai_engineer, now=now).done_today] == [
        resolved.pk
    ]
    tomorrow = engineer_jobs_today(user=shanghai_engineer, now=now + dt.timedelta(days=1))
    assert tomorrow.done_today == []
    assert tomorrow.day == timezone.localdate(now) + dt.timedelta(days=1)


def test_the_selector_reads_in_two_queries(
    shanghai_engineer, new_order, drive, django_assert_num_queries
):
    for status in ("assigned", "en_route", "in_progress", "resolved"):
        drive(new_order(), status)
    scope_for(shanghai_engineer)  # read once per request, whatever the page
    with django_assert_num_queries(2):
        jobs = engineer_jobs_today(user=shanghai_engineer)
        shown = [(o.customer_name, o.region_name, o.next_target, o.next_due) for o in jobs.open]
        shown += [(o.customer_name, o.resolved_at) for o in jobs.done_today]
    assert len(jobs.done_today) == 1
    assert [target for _c, _r, target, _d in shown[:3]] == ["on_site", "on_site", "resolve"]


def test_the_page_does_not_read_more_for_more_jobs(client_as, shanghai_engineer, new_order, drive):
    client = client_as(shanghai_engineer)
    drive(new_order(), "assigned")
    client.get(URL)  # warm up (session, caches)

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(URL).status_code == 200
        return len(ctx.captured_queries)

    one = queries()
    drive(new_order(), "assigned")
    drive(new_order(), "en_route")
    assert queries() == one


def test_a_depart_click_moves_the_order_and_comes_back(
    english, shanghai_engineer, new_order, drive
):
    order = drive(new_order(), "assigned")
    client = english(shanghai_engineer)
    response = client.post(action_url(order, "depart"), {"next": URL})
    assert response.status_code == 302
    assert response["Location"] == URL
    order.refresh_from_db()
    assert order.status == "en_route"
    page = client.get(URL)
    assert "Done: depart." in page.content.decode()
    (card,) = page.context["cards"]
    assert [a.value for a in card.actions] == ["arrive"]


@pytest.mark.parametrize(
    "unsafe", ["https://evil.example/", "//evil.example/my/jobs/", "javascript:alert(1)"]
)
def test_an_unsafe_next_is_ignored(client_as, shanghai_engineer, new_order, drive, unsafe):
    order = drive(new_order(), "assigned")
    response = client_as(shanghai_engineer).post(action_url(order, "depart"), {"next": unsafe})
    assert response.status_code == 302
    assert response["Location"] == reverse("console:order_detail", args=[order.pk])
    order.refresh_from_db()
    assert order.status == "en_route"


def test_a_refused_click_stays_on_the_order_with_its_message(
    client_as, shanghai_engineer, new_order, drive
):
    order = drive(new_order(), "en_route")  # the "depart" button is stale
    before = order_state(order.pk)
    response = client_as(shanghai_engineer).post(action_url(order, "depart"), {"next": URL})
    assert response.status_code == 409
    assert order_state(order.pk) == before


def test_an_engineer_cannot_act_on_another_engineers_order(
    client_as, shanghai_engineer, other_engineer, make_staff, regions, new_order, drive
):
    order = drive(new_order(), "assigned")
    before = order_state(order.pk)
    response = client_as(other_engineer).post(action_url(order, "depart"), {"next": URL})
    assert response.status_code in (403, 404)
    assert order_state(order.pk) == before
    beijing = make_staff("engineer", region=regions["beijing"])
    response = client_as(beijing).post(action_url(order, "depart"), {"next": URL})
    assert response.status_code == 404
    assert order_state(order.pk) == before


@pytest.mark.parametrize("roles", [("agent",), ("dispatcher",), ("manager",), ("admin",)])
def test_staff_who_are_not_engineers_get_403(client_as, make_staff, regions, roles):
    user = make_staff(*roles, region=regions["shanghai"])
    assert client_as(user).get(URL).status_code == 403
    home = client_as(user).get(reverse("console:order_list")).content.decode()
    assert f'href="{URL}"' not in home


def test_a_manager_who_is_also_an_engineer_may_use_it(client_as, make_staff, regions):
    user = make_staff("manager", "engineer", region=regions["shanghai"])
    response = client_as(user).get(URL)
    assert response.status_code == 200
    assert f'href="{URL}"' in response.content.decode()  # the nav link


def test_customers_get_403_and_visitors_the_sign_in_page(client, customer_user, new_order):
    assert client.get(URL).status_code == 302
    client.force_login(customer_user(new_order().customer))
    assert client.get(URL).status_code == 403


def test_an_engineer_without_jobs_sees_an_empty_day(english, shanghai_engineer):
    body = english(shanghai_engineer).get(URL).content.decode()
    assert "0 open jobs" in body
    assert "No open jobs." in body
    assert "Nothing resolved yet today." in body
