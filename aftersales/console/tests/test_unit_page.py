"""The unit page: facts, owner, warranty, entitlement on a date, repair history, the
refund quote, and the exchange and refund settlements for the roles that may."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from aftersales.service_orders.models import ServiceOrderEvent
from aftersales.service_orders.services import service_order_record_exclusion
from aftersales.units.models import Unit
from aftersales.warranty.models import ThreeGuaranteesSettlement

from .conftest import HTMX, days_ago

pytestmark = pytest.mark.django_db


def page(unit) -> str:
    return reverse("console:unit_detail", args=[unit.pk])


def written() -> dict:
    return {
        "units": list(Unit.objects.values().order_by("pk")),
        "settlements": ThreeGuaranteesSettlement.objects.count(),
        "events": ServiceOrderEvent.objects.count(),
    }


@pytest.fixture
def unit(regions, make_customer, make_unit):
    customer = make_customer(region=regions["shanghai"], phone="13912345678")
    return make_unit(
        customer,
        purchase_date=days_ago(100),
        invoice_date=days_ago(100),
        warranty_card_number="WC-1",
    )


def test_the_page_shows_the_unit_owner_warranty_entitlement_and_history(
    english, agent, unit, make_order, drive
):
    earlier = make_order(unit.customer, unit, reported_at=timezone.now() - dt.timedelta(days=40))
    drive(earlier, "closed")
    current = make_order(unit.customer, unit)
    service_order_record_exclusion(actor=agent, order_id=current.pk, reason="misuse", note="进水")
    response = english(agent).get(page(unit))
    body = response.content.decode()
    assert response.status_code == 200
    for text in (unit.serial_number, "WC-1", unit.customer.name, "13912345678", "上海"):
        assert text in body
    assert '<span class="badge ok">In warranty</span>' in body
    assert response.context["entitlement"].rule == "standard_repair"
    assert response.context["entitlement"].extension_days == 40
    history = response.context["history"]
    assert [(r.order.number, r.excluded, r.counted) for r in history] == [
        (current.number, True, False),
        (earlier.number, False, True),
    ]
    assert history[1].completed_on == timezone.localdate()
    assert reverse("console:order_detail", args=[earlier.pk]) in body
    assert reverse("api:unit_card_pdf", kwargs={"unit_id": unit.pk}) in body
    assert "进水" in body


def test_the_order_page_and_the_order_list_link_to_the_unit(english, agent, shanghai_order):
    client = english(agent)
    url = page(shanghai_order.unit)
    assert (
        f'href="{url}"'
        in client.get(reverse("console:order_detail", args=[shanghai_order.pk])).content.decode()
    )
    assert f'href="{url}"' in client.get(reverse("console:order_list")).content.decode()


def test_phones_are_masked_for_roles_that_do_not_call_customers(english, make_staff, unit):
    body = english(make_staff("quality")).get(page(unit)).content.decode()
    assert "139****5678" in body
    assert "13912345678" not in body


def test_an_invisible_or_missing_unit_is_not_found(client_as, make_staff, regions, unit):
    outsider = make_staff("dispatcher", region=regions["north"])
    client = client_as(outsider)
    for url in (
        page(unit),
        reverse("console:unit_entitlement", args=[unit.pk]),
        reverse("console:unit_refund_quote", args=[unit.pk]) + "?return_date=2026-01-01",
    ):
        assert client.get(url).status_code == 404
    before = written()
    assert client.post(reverse("console:unit_refund", args=[unit.pk]), {}).status_code == 404
    assert written() == before
    assert client_as(make_staff("admin")).get("/units/999999/").status_code == 404


def test_the_entitlement_on_a_chosen_date_is_an_htmx_partial(english, agent, unit):
    url = reverse("console:unit_entitlement", args=[unit.pk])
    client = english(agent)
    early = unit.purchase_date + dt.timedelta(days=3)
    response = client.get(url, {"on": early.isoformat()}, headers=HTMX)
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<div id="entitlement">')
    assert 'data-rule="early_7_days"' in body
    assert "May refund, exchange or repair · fault within 7 days of purchase" in body
    refused = client.get(url, {"on": days_ago(200).isoformat()}, headers=HTMX)
    assert refused.status_code == 422
    assert "must not be before the purchase date" in refused.content.decode()
    assert client.get(url, {"on": "31/02/2026"}, headers=HTMX).status_code == 422


def test_the_refund_quote_shows_the_figures_and_records_nothing(english, agent, unit):
    url = reverse("console:unit_refund_quote", args=[unit.pk])
    before = written()
    response = english(agent).get(url, {"return_date": timezone.localdate()}, headers=HTMX)
    body = response.content.decode()
    assert response.status_code == 200
    quote = response.context["quote"]
    assert (quote.used_days, quote.repair_days_excluded) == (100, 0)
    assert str(quote.depreciation_fee) == "350.00"  # 3500 × 0.001 × 100
    assert str(quote.refund_amount) == "3150.00"
    assert "<strong>3150.00</strong>" in body
    assert "0.001" in body
    assert written() == before


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"return_date": ""}, "return_date"),
        ({"return_date": "not-a-date"}, "return_date"),
        ({"return_date": "2000-01-01"}, "return_date"),  # before the invoice date
    ],
)
def test_bad_refund_quote_dates_are_field_errors(english, agent, unit, params, field):
    url = reverse("console:unit_refund_quote", args=[unit.pk])
    response = english(agent).get(url, params, headers=HTMX)
    assert response.status_code == 422
    assert field in response.context["refund_quote_form"].errors


def test_a_unit_without_invoice_date_cannot_be_quoted(
    english, agent, regions, make_customer, make_unit
):
    unit = make_unit(make_customer(region=regions["shanghai"]))
    url = reverse("console:unit_refund_quote", args=[unit.pk])
    response = english(agent).get(url, {"return_date": timezone.localdate()}, headers=HTMX)
    assert response.status_code == 422
    assert "no invoice date" in response.content.decode()


def test_an_agent_exchanges_the_unit_and_the_pages_link_old_and_new(english, agent, unit):
    client = english(agent)
    response = client.post(
        reverse("console:unit_exchange", args=[unit.pk]),
        {"new_serial_number": "SN-NEW-1", "note": "两次维修未修复"},
        headers=HTMX,
    )
    assert response.status_code == 200
    assert response["HX-Redirect"] == page(unit)
    new = Unit.objects.get(serial_number="SN-NEW-1")
    assert new.replaces == unit
    assert new.purchase_date == timezone.localdate()
    settlement = ThreeGuaranteesSettlement.objects.get()
    assert (settlement.kind, settlement.recorded_by) == ("exchange", agent)
    old_page = client.get(page(unit))
    body = old_page.content.decode()
    assert f'href="{page(new)}"' in body
    assert old_page.context["exchange_form"] is None  # settled once
    assert old_page.context["refund_form"] is None
    assert "Exchanged on" in body
    assert f'href="{page(unit)}"' in client.get(page(new)).content.decode()


def test_bad_exchange_input_shows_field_errors_and_writes_nothing(english, agent, unit, make_unit):
    make_unit(unit.customer, serial_number="TAKEN-1")
    before = written()
    client = english(agent)
    url = reverse("console:unit_exchange", args=[unit.pk])
    response = client.post(url, {"new_serial_number": ""}, headers=HTMX)
    assert response.status_code == 422
    assert response.content.decode().lstrip().startswith('<section id="settle-panel"')
    assert "new_serial_number" in response.context["exchange_form"].errors
    response = client.post(
        url,
        {"new_serial_number": "TAKEN-1", "exchange_date": "2099-01-01", "price_difference": "5"},
        headers=HTMX,
    )
    assert response.status_code == 422
    errors = response.context["exchange_form"].errors
    assert {"new_serial_number", "exchange_date", "price_difference"} <= set(errors)
    assert written() == before


def test_a_refund_is_recorded_with_its_figures(english, agent, unit):
    response = english(agent).post(
        reverse("console:unit_refund", args=[unit.pk]),
        {"return_date": timezone.localdate().isoformat(), "note": "七日内退货"},
    )
    assert response.status_code == 302
    settlement = ThreeGuaranteesSettlement.objects.get()
    assert (settlement.kind, str(settlement.refund_amount)) == ("refund", "3150.00")
    assert "Refunded on" in english(agent).get(page(unit)).content.decode()


def test_a_refund_in_the_future_is_refused_and_writes_nothing(english, agent, unit):
    before = written()
    response = english(agent).post(
        reverse("console:unit_refund", args=[unit.pk]),
        {"return_date": "2099-01-01"},
        headers=HTMX,
    )
    assert response.status_code == 422
    assert "return_date" in response.context["refund_form"].errors
    assert written() == before


@pytest.mark.parametrize("role", ["dispatcher", "engineer", "quality", "warehouse"])
def test_roles_that_may_not_settle_get_no_forms_and_are_refused(
    english, make_staff, regions, unit, role
):
    client = english(make_staff(role, region=regions["shanghai"]))
    response = client.get(page(unit))
    assert response.status_code == 200
    assert (response.context["exchange_form"], response.context["refund_form"]) == (None, None)
    body = response.content.decode()
    assert reverse("console:unit_exchange", args=[unit.pk]) not in body
    assert reverse("console:unit_refund", args=[unit.pk]) not in body
    before = written()
    refused = client.post(
        reverse("console:unit_exchange", args=[unit.pk]),
        {"new_serial_number": "SN-X"},
        headers=HTMX,
    )
    assert refused.status_code == 403
    assert written() == before


def test_the_unit_page_is_chinese_by_default(client_as, agent, unit):
    body = client_as(agent).get(page(unit)).content.decode()
    assert '<html lang="zh-hans">' in body
    assert "保修期内" in body  # "In warranty", translated
    assert "整机保修至" in body  # "Whole unit until"
