"""The order list: visibility, search, filters, the htmx table partial, paging."""

from __future__ import annotations

import pytest
from django.urls import reverse

from aftersales.service_orders.services import service_order_transition

from .conftest import HTMX

pytestmark = pytest.mark.django_db

URL = reverse("console:order_list")


def numbers(response) -> list[str]:
    return [row.order.number for row in response.context["rows"]]


def test_a_regional_dispatcher_sees_only_the_orders_of_the_region(
    client_as, make_staff, regions, shanghai_order, beijing_order
):
    dispatcher = make_staff("dispatcher", region=regions["east"])
    response = client_as(dispatcher).get(URL)
    assert response.status_code == 200
    assert numbers(response) == [shanghai_order.number]
    assert beijing_order.number not in response.content.decode()


def test_an_engineer_sees_only_assigned_orders(
    client_as, make_staff, shanghai_order, beijing_order, agent
):
    engineer = make_staff("engineer")
    assert numbers(client_as(engineer).get(URL)) == []
    dispatcher = make_staff("dispatcher")
    service_order_transition(actor=agent, order_id=beijing_order.pk, action="acknowledge")
    service_order_transition(
        actor=dispatcher,
        order_id=beijing_order.pk,
        action="assign",
        payload={"engineer": engineer.pk},
    )
    assert numbers(client_as(engineer).get(URL)) == [beijing_order.number]


@pytest.mark.parametrize("field", ["number", "phone", "serial"])
def test_search_finds_an_order_by_number_phone_or_serial(
    field, client_as, agent, shanghai_order, beijing_order
):
    q = {
        "number": shanghai_order.number.lower(),
        "phone": shanghai_order.contact_phone,
        "serial": shanghai_order.unit.serial_number,
    }[field]
    response = client_as(agent).get(URL, {"q": q})
    assert numbers(response) == [shanghai_order.number]


def test_status_filter(client_as, agent, shanghai_order, beijing_order):
    service_order_transition(actor=agent, order_id=beijing_order.pk, action="acknowledge")
    response = client_as(agent).get(URL, {"status": "acknowledged"})
    assert numbers(response) == [beijing_order.number]


def test_region_and_sla_filters(client_as, agent, regions, shanghai_order, beijing_order):
    client = client_as(agent)
    assert numbers(client.get(URL, {"region": regions["beijing"].pk})) == [beijing_order.number]
    assert numbers(client.get(URL, {"sla": "breached"})) == []
    assert set(numbers(client.get(URL, {"sla": "ok"}))) == {
        shanghai_order.number,
        beijing_order.number,
    }


def test_invalid_filter_values_are_ignored(client_as, agent, shanghai_order):
    response = client_as(agent).get(URL, {"status": "bogus", "region": "x", "page": "zz"})
    assert response.status_code == 200
    assert numbers(response) == [shanghai_order.number]


def test_an_htmx_filter_request_answers_only_the_table(client_as, agent, shanghai_order):
    response = client_as(agent).get(URL, {"q": shanghai_order.number}, headers=HTMX)
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<div id="order-table"')
    assert "<html" not in body
    assert shanghai_order.number in body


def test_the_full_page_has_the_htmx_filter_form(client_as, agent):
    body = client_as(agent).get(URL).content.decode()
    assert 'hx-target="#order-table"' in body
    assert "console/htmx.min.js" in body


def test_the_engineer_filter_is_offered_only_to_those_who_may_list_staff(
    client_as, agent, make_staff
):
    assert "engineer" in client_as(agent).get(URL).context["form"].fields
    engineer = make_staff("engineer")
    assert "engineer" not in client_as(engineer).get(URL).context["form"].fields


def test_phones_are_masked_for_roles_that_do_not_need_them(client_as, make_staff, shanghai_order):
    keeper = make_staff("quality")
    body = client_as(keeper).get(URL).content.decode()
    phone = shanghai_order.contact_phone
    assert phone not in body
    assert phone[:3] + "****" + phone[-4:] in body


def test_the_list_pages_by_fifty(client_as, agent, make_customer, make_order):
    customer = make_customer()
    for _ in range(51):
        make_order(customer)
    client = client_as(agent)
    first = client.get(URL)
    assert len(first.context["rows"]) == 50
    second = client.get(URL, {"page": 2})
    assert len(second.context["rows"]) == 1


def test_the_new_order_link_is_shown_only_to_those_who_may_take_reports(
    client_as, agent, make_staff
):
    new = reverse("console:order_create")
    assert f'href="{new}"' in client_as(agent).get(URL).content.decode()
    assert f'href="{new}"' not in client_as(make_staff("engineer")).get(URL).content.decode()
