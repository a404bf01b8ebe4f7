"""Taking a report through the form: look-ups, the warranty badge, create, errors."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from aftersales.service_orders.models import ServiceOrder, ServiceOrderEvent

pytestmark = pytest.mark.django_db

URL = reverse("console:order_create")
CUSTOMERS = reverse("console:customer_lookup")
UNIT = reverse("console:unit_lookup")


def test_the_page_renders_for_an_agent(client_as, agent):
    response = client_as(agent).get(URL)
    assert response.status_code == 200
    assert 'name="lookup_phone"' in response.content.decode()


def test_an_engineer_may_not_take_reports(client_as, make_staff):
    assert client_as(make_staff("engineer")).get(URL).status_code == 403


def test_customer_lookup_by_phone_lists_visible_customers_only(
    client_as, make_staff, regions, make_customer, make_unit
):
    east = make_customer(region=regions["shanghai"], phone="13911112222")
    make_unit(east, serial_number="SN-EAST-1")
    north = make_customer(region=regions["beijing"], phone="13911112222")
    dispatcher = make_staff("dispatcher", region=regions["east"])
    response = client_as(dispatcher).get(CUSTOMERS, {"lookup_phone": "139 1111 2222"})
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<div id="customer-matches"')
    assert east.name in body
    assert "SN-EAST-1" in body
    assert north.name not in body


def test_customer_lookup_says_when_nothing_matches(client_as, agent):
    body = client_as(agent).get(CUSTOMERS, {"lookup_phone": "13000000000"}).content.decode()
    assert "13000000000" in body
    assert 'name="customer"' not in body


def badge(client, serial, **params) -> str:
    client.cookies["django_language"] = "en"
    response = client.get(UNIT, {"serial_number": serial, **params})
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="unit-badge"')
    return body


def test_unit_lookup_shows_in_warranty(client_as, agent, make_customer, make_unit):
    unit = make_unit(make_customer())
    body = badge(client_as(agent), unit.serial_number)
    assert '<span class="badge ok">In warranty</span>' in body
    assert "In warranty until" in body  # the reason text


def test_unit_lookup_shows_out_of_warranty(client_as, agent, make_customer, make_unit):
    unit = make_unit(make_customer(), purchase_date=dt.date.today() - dt.timedelta(days=800))
    body = badge(client_as(agent), unit.serial_number)
    assert '<span class="badge bad">Out of warranty</span>' in body
    assert "repairs are charged" in body


def test_unit_lookup_shows_chargeable_with_the_reason(client_as, agent, make_customer, make_unit):
    unit = make_unit(make_customer(), clearance_sale=True)
    body = badge(client_as(agent), unit.serial_number)
    assert '<span class="badge warn">Chargeable</span>' in body
    assert "Chargeable because of: sold at clearance." in body


def test_unit_lookup_by_warranty_card_number(client_as, agent, make_customer, make_unit):
    unit = make_unit(make_customer(), warranty_card_number="WC-778899")
    body = badge(client_as(agent), "WC-778899")
    assert unit.serial_number in body


def test_unit_lookup_hides_units_the_user_may_not_see(
    client_as, make_staff, regions, make_customer, make_unit
):
    unit = make_unit(make_customer(region=regions["beijing"]))
    dispatcher = make_staff("dispatcher", region=regions["east"])
    body = badge(client_as(dispatcher), unit.serial_number)
    assert "No unit you may see has the serial" in body
    assert "badge" not in body.replace('id="unit-badge" class="unit-badge"', "")


def test_unit_lookup_warns_when_the_unit_belongs_to_another_customer(
    client_as, agent, make_customer, make_unit
):
    unit = make_unit(make_customer())
    other = make_customer()
    body = badge(client_as(agent), unit.serial_number, customer=other.pk)
    assert "belongs to another customer" in body


def test_unit_lookup_as_field_returns_the_input_with_the_badge(
    client_as, agent, make_customer, make_unit
):
    unit = make_unit(make_customer())
    response = client_as(agent).get(UNIT, {"serial_number": unit.serial_number, "field": "1"})
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="unit-field"')
    assert f'value="{unit.serial_number}"' in body
    assert 'id="unit-badge"' in body


def form_data(customer, unit, **extra):
    data = {
        "lookup_phone": customer.phone,
        "customer": customer.pk,
        "serial_number": unit.serial_number if unit else "",
        "kind": "repair",
        "channel": "phone",
        "priority": "high",
        "fault_description": "开机无显示，指示灯闪烁",
        "contact_phone": "",
        "address": "",
    }
    data.update(extra)
    return data


def test_creating_an_order_redirects_to_its_detail(client_as, agent, make_customer, make_unit):
    customer = make_customer()
    unit = make_unit(customer)
    response = client_as(agent).post(URL, form_data(customer, unit))
    order = ServiceOrder.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("console:order_detail", args=[order.pk])
    assert order.unit == unit
    assert order.priority == "high"
    assert order.contact_phone == customer.phone  # defaulted by the service
    assert order.created_by == agent


def test_bad_input_shows_field_errors_and_writes_nothing(
    client_as, agent, make_customer, make_unit
):
    customer = make_customer()
    unit = make_unit(make_customer())  # another customer's unit
    response = client_as(agent).post(
        URL, form_data(customer, unit, fault_description="  ", contact_phone="abc")
    )
    assert response.status_code == 422
    errors = response.context["form"].errors
    assert set(errors) >= {"fault_description", "contact_phone", "serial_number"}
    body = response.content.decode()
    assert 'class="errorlist"' in body
    assert ServiceOrder.objects.count() == 0
    assert ServiceOrderEvent.objects.count() == 0
    # what was typed is still there, with the look-ups re-run
    assert customer.name in body
    assert response.context["unit"] == unit


def test_a_missing_customer_is_reported(client_as, agent):
    response = client_as(agent).post(
        URL, {"kind": "repair", "channel": "phone", "priority": "normal"}
    )
    assert response.status_code == 422
    assert "customer" in response.context["form"].errors
    assert ServiceOrder.objects.count() == 0


def test_a_bad_choice_is_refused_before_the_service(client_as, agent, make_customer):
    customer = make_customer()
    response = client_as(agent).post(URL, form_data(customer, None, kind="teleport"))
    assert response.status_code == 422
    assert "kind" in response.context["form"].errors
    assert ServiceOrder.objects.count() == 0
