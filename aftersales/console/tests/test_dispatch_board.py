"""The dispatch board (/dispatch/): the queue by urgency, candidates with reasons, the
assign step, and batch dispatch (DSP-1..4 in the console)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from aftersales.console.tests.conftest import HTMX
from aftersales.core.exceptions import PermissionDenied
from aftersales.dispatch.selectors import dispatch_queue, dispatch_regions
from aftersales.dispatch.tests.conftest import orders_state
from aftersales.organisation.services import network_point_create
from aftersales.service_orders.models import ServiceOrder, ServiceOrderEvent
from aftersales.service_orders.services import service_order_transition

pytestmark = pytest.mark.django_db

BOARD = reverse("console:dispatch_board")
BATCH = reverse("console:dispatch_batch")


def candidates_url(order: ServiceOrder) -> str:
    return reverse("console:dispatch_candidates", args=[order.pk])


def assign_url(order: ServiceOrder) -> str:
    return reverse("console:dispatch_assign", args=[order.pk])


@pytest.fixture
def boss(make_staff):
    return make_staff("admin")


@pytest.fixture
def dispatcher(make_staff, regions):
    return make_staff("dispatcher", region=regions["shanghai"])


@pytest.fixture
def shanghai_point(regions):
    return network_point_create(
        code="np-sh",
        name="上海网点",
        region=regions["shanghai"],
        latitude=Decimal("31.230400"),
        longitude=Decimal("121.473700"),
    )


@pytest.fixture
def engineer(make_staff, regions, product_line, shanghai_point):
    """Skilled and certified for every product line (the fixture's default), in 上海."""
    return make_staff("engineer", region=regions["shanghai"], network_point=shanghai_point)


@pytest.fixture
def acknowledged(make_customer, make_unit, make_order, regions, boss):
    """``acknowledged(region="shanghai", **fields)``: an order waiting for an engineer."""

    def make(region: str = "shanghai", **fields) -> ServiceOrder:
        customer = make_customer(region=regions[region])
        order = make_order(customer, make_unit(customer), **fields)
        service_order_transition(actor=boss, order_id=order.pk, action="acknowledge")
        order.refresh_from_db()
        return order

    return make


def set_due(order: ServiceOrder, due: dt.datetime | None, **fields) -> None:
    ServiceOrder.objects.filter(pk=order.pk).update(on_site_by=due, **fields)


def assign_events(order: ServiceOrder) -> int:
    return ServiceOrderEvent.objects.filter(order=order, action="assign").count()


# --- the board --------------------------------------------------------------------------


def test_the_board_lists_only_acknowledged_visible_orders_most_urgent_first(
    english,
    dispatcher,
    boss,
    engineer,
    acknowledged,
    make_order,
    make_customer,
    regions,
):
    now = timezone.now()
    later = now + dt.timedelta(hours=3)
    normal_later = acknowledged(priority="normal")
    low_soon = acknowledged(priority="low")
    urgent_later = acknowledged(priority="urgent")
    urgent_without_target = acknowledged(priority="urgent")
    set_due(normal_later, later)
    set_due(low_soon, now + dt.timedelta(hours=1))
    set_due(urgent_later, later)
    set_due(urgent_without_target, None)
    fresh = make_order(make_customer(region=regions["shanghai"]))  # new: not acknowledged
    taken = acknowledged()
    service_order_transition(
        actor=boss, order_id=taken.pk, action="assign", payload={"engineer": engineer.pk}
    )
    elsewhere = acknowledged("beijing")  # not visible to a 上海 dispatcher

    response = english(dispatcher).get(BOARD)

    assert response.status_code == 200
    body = response.content.decode()
    expected = [low_soon, urgent_later, normal_later, urgent_without_target]
    positions = [body.index(o.number) for o in expected]
    assert positions == sorted(positions)
    for absent in (fresh, taken, elsewhere):
        assert absent.number not in body
    assert "4 orders waiting for an engineer" in body
    assert reverse("console:order_detail", args=[low_soon.pk]) in body
    assert candidates_url(low_soon) in body
    assert 'id="batch-panel"' in body  # dispatchers may batch-dispatch


def test_the_on_site_target_shows_a_badge_and_a_countdown(english, dispatcher, acknowledged):
    now = timezone.now()
    soon, late = acknowledged(), acknowledged()
    set_due(soon, now + dt.timedelta(hours=1, minutes=20, seconds=30))
    set_due(late, now - dt.timedelta(minutes=35, seconds=30))

    body = english(dispatcher).get(BOARD).content.decode()

    assert "in 1 h 20 min" in body
    assert "overdue 35 min" in body
    assert '<span class="badge bad">breached</span>' in body


def test_the_region_filter_narrows_the_queue_to_the_subtree(english, boss, acknowledged, regions):
    shanghai, beijing = acknowledged("shanghai"), acknowledged("beijing")

    body = english(boss).get(BOARD, {"region": regions["east"].pk}).content.decode()

    assert shanghai.number in body
    assert beijing.number not in body


def test_the_nav_links_the_board_for_those_who_dispatch(english, dispatcher, agent):
    assert f'href="{BOARD}"' in english(dispatcher).get(reverse("console:order_list")).text
    assert f'href="{BOARD}"' not in english(agent).get(reverse("console:order_list")).text


@pytest.mark.parametrize("role", ["engineer", "agent", "quality"])
def test_who_may_not_assign_gets_403_everywhere_on_the_board(
    client_as, make_staff, role, regions, engineer, acknowledged
):
    user = make_staff(role, region=regions["shanghai"])
    order = acknowledged()
    before = orders_state(order)
    client = client_as(user)

    assert client.get(BOARD).status_code == 403
    assert client.get(candidates_url(order), headers=HTMX).status_code == 403
    assert client.post(assign_url(order), {"engineer": engineer.pk}).status_code == 403
    assert client.post(BATCH, {"region": regions["shanghai"].pk}).status_code == 403
    assert orders_state(order) == before


# --- candidates and assign ------------------------------------------------------------------


def test_the_candidates_partial_ranks_engineers_with_their_reasons(
    english, dispatcher, engineer, make_staff, regions, acknowledged
):
    unskilled = make_staff("engineer", region=regions["shanghai"], skills=[])
    order = acknowledged()

    response = english(dispatcher).get(candidates_url(order), headers=HTMX)

    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="candidates-panel"')
    assert str(engineer.name) in body
    assert str(unskilled.name) not in body
    assert "Skilled in 投影机" in body
    assert "Certificate C" in body
    assert "Works in the order&#x27;s region 上海" in body
    assert "km from network point 上海网点" in body
    assert f'value="{engineer.pk}"' in body
    assert assign_url(order) in body


def test_the_candidates_page_works_without_htmx(english, dispatcher, engineer, acknowledged):
    order = acknowledged()

    body = english(dispatcher).get(candidates_url(order)).content.decode()

    assert "<html" in body
    assert "Skilled in 投影机" in body
    assert order.number in body


def test_assigning_a_candidate_assigns_and_takes_the_order_off_the_queue(
    english, dispatcher, engineer, acknowledged
):
    order, other = acknowledged(), acknowledged()

    response = english(dispatcher).post(assign_url(order), {"engineer": engineer.pk}, headers=HTMX)

    assert response.status_code == 200
    order.refresh_from_db()
    assert (order.status, order.assigned_engineer_id) == ("assigned", engineer.pk)
    body = response.content.decode()
    assert f"{order.number} assigned to {engineer}." in body
    queue = body[body.index('id="dispatch-queue"') :]
    assert 'hx-swap-oob="true"' in queue
    assert other.number in queue
    assert f'id="queue-{order.pk}"' not in queue


def test_assigning_without_htmx_redirects_back_to_the_board(
    english, dispatcher, engineer, acknowledged, regions
):
    order = acknowledged()
    url = f"{assign_url(order)}?region={regions['shanghai'].pk}"

    response = english(dispatcher).post(url, {"engineer": engineer.pk})

    assert response.status_code == 302
    assert response["Location"] == f"{BOARD}?region={regions['shanghai'].pk}"
    order.refresh_from_db()
    assert order.assigned_engineer_id == engineer.pk


def test_an_engineer_without_the_skill_is_refused_with_422_and_nothing_written(
    english, dispatcher, engineer, make_staff, regions, acknowledged
):
    unqualified = make_staff("engineer", region=regions["shanghai"], skills=[])
    order = acknowledged()
    before = orders_state(order)

    response = english(dispatcher).post(
        assign_url(order), {"engineer": unqualified.pk}, headers=HTMX
    )

    assert response.status_code == 422
    body = response.content.decode()
    assert "may not take this order" in body
    assert "has no skill for 投影机" in body
    assert str(engineer.name) in body  # the real candidates are listed again
    assert orders_state(order) == before


def test_a_refusal_without_htmx_renders_the_board_with_the_error(
    english, dispatcher, make_staff, regions, acknowledged
):
    unqualified = make_staff("engineer", region=regions["shanghai"], skills=[])
    order = acknowledged()
    before = orders_state(order)

    response = english(dispatcher).post(assign_url(order), {"engineer": unqualified.pk})

    assert response.status_code == 422
    body = response.content.decode()
    assert "<html" in body
    assert "may not take this order" in body
    assert orders_state(order) == before


def test_a_missing_engineer_is_refused_with_422(english, dispatcher, acknowledged):
    order = acknowledged()
    before = orders_state(order)

    response = english(dispatcher).post(assign_url(order), {}, headers=HTMX)

    assert response.status_code == 422
    assert "engineer" in response.content.decode()
    assert orders_state(order) == before


def test_an_order_assigned_meanwhile_answers_409_and_stays_as_it_is(
    english, dispatcher, boss, engineer, make_staff, regions, acknowledged
):
    second = make_staff("engineer", region=regions["shanghai"])
    order = acknowledged()
    service_order_transition(
        actor=boss, order_id=order.pk, action="assign", payload={"engineer": engineer.pk}
    )
    before = orders_state(order)

    response = english(dispatcher).post(assign_url(order), {"engineer": second.pk}, headers=HTMX)

    assert response.status_code == 409
    assert "already assigned" in response.content.decode()
    assert orders_state(order) == before
    assert assign_events(order) == 1


def test_another_regions_order_is_not_on_the_board_and_its_candidates_are_404(
    client_as, make_staff, regions, engineer, acknowledged
):
    beijing_dispatcher = make_staff("dispatcher", region=regions["beijing"])
    order = acknowledged("shanghai")
    before = orders_state(order)
    client = client_as(beijing_dispatcher)

    assert order.number not in client.get(BOARD).content.decode()
    assert client.get(candidates_url(order), headers=HTMX).status_code == 404
    assert client.get(candidates_url(order)).status_code == 404
    assert client.post(assign_url(order), {"engineer": engineer.pk}).status_code == 404
    assert orders_state(order) == before


# --- batch dispatch ------------------------------------------------------------------------


def test_a_dry_run_shows_the_plan_and_writes_nothing(
    english, dispatcher, engineer, acknowledged, regions
):
    orders = [acknowledged(), acknowledged()]
    before = orders_state(*orders)

    response = english(dispatcher).post(
        BATCH, {"region": regions["shanghai"].pk, "dry_run": "on"}, headers=HTMX
    )

    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="batch-panel"')
    assert "Plan only (dry run): nothing was assigned" in body
    for order in orders:
        assert order.number in body
    assert str(engineer.name) in body
    assert "Lower bound (LP)" in body
    assert "Greedy plan" in body
    assert orders_state(*orders) == before


def test_a_batch_run_assigns_and_reports_what_was_left_over(
    english, dispatcher, engineer, acknowledged, regions
):
    orders = [acknowledged(), acknowledged(), acknowledged()]

    response = english(dispatcher).post(
        f"{BATCH}?region={regions['shanghai'].pk}",
        {"region": regions["shanghai"].pk, "max_open_orders": "2"},
        headers=HTMX,
    )

    assert response.status_code == 200
    body = response.content.decode()
    assert "Assignments made" in body
    assert "Left over" in body
    assert "already has 2 open orders" in body
    states = [ServiceOrder.objects.get(pk=o.pk) for o in orders]
    assert sorted(o.status for o in states) == ["acknowledged", "assigned", "assigned"]
    assert {o.assigned_engineer_id for o in states if o.status == "assigned"} == {engineer.pk}
    left = next(o for o in states if o.status == "acknowledged")
    queue = body[body.index('id="dispatch-queue"') :]
    assert "1 order waiting for an engineer" in queue
    assert left.number in queue


def test_a_batch_run_without_htmx_renders_the_board_with_the_result(
    english, dispatcher, engineer, acknowledged, regions
):
    order = acknowledged()

    response = english(dispatcher).post(BATCH, {"region": regions["shanghai"].pk})

    assert response.status_code == 200
    assert "<html" in response.content.decode()
    assert "Assignments made" in response.content.decode()
    order.refresh_from_db()
    assert order.assigned_engineer_id == engineer.pk


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "This field is required."),
        ({"region": "999999"}, "unknown region"),
        ({"region": "beijing"}, "unknown region"),  # not this dispatcher's
        ({"region": "shanghai", "max_open_orders": "0"}, "must be from 1 to 50"),
    ],
)
def test_bad_batch_input_is_refused_with_422_naming_the_field(
    english, dispatcher, engineer, acknowledged, regions, data, message
):
    order = acknowledged()
    before = orders_state(order)
    if data.get("region") in regions:
        data = {**data, "region": regions[data["region"]].pk}

    response = english(dispatcher).post(BATCH, data, headers=HTMX)

    assert response.status_code == 422
    body = response.content.decode()
    assert message in body
    field = "max_open_orders" if "max_open_orders" in data else "region"
    assert re.search(rf'<div class="field has-error">\s*<label for="id_batch_{field}"', body)
    assert orders_state(order) == before


# --- the selectors behind the board ------------------------------------------------------


def test_the_queue_selector_refuses_who_may_not_assign_and_an_unknown_region(
    agent, dispatcher, acknowledged, regions
):
    order = acknowledged()

    with pytest.raises(PermissionDenied):
        dispatch_queue(user=agent)
    assert list(dispatch_queue(user=dispatcher)) == [order]
    assert list(dispatch_queue(user=dispatcher, region_id=regions["shanghai"].pk)) == [order]
    assert list(dispatch_queue(user=dispatcher, region_id=999_999)) == []


def test_the_regions_offered_are_those_the_user_sees(dispatcher, boss, regions):
    assert [r.name for r in dispatch_regions(user=dispatcher)] == ["上海"]
    assert len(dispatch_regions(user=boss)) == len(regions)
