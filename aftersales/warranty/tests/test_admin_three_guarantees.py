"""Admin screens of the three guarantees: the line's TG settings, the unit's link and
entitlement, and the (read-only) settlements."""

from __future__ import annotations

import pytest

from aftersales.catalog.models import ProductLine
from aftersales.units.models import Unit
from aftersales.warranty.models import ThreeGuaranteesSettlement
from aftersales.warranty.services import unit_exchange, unit_refund
from aftersales.warranty.tests.helpers import days_ago

pytestmark = pytest.mark.django_db

LINE = {
    "code": "tv",
    "name": "电视",
    "warranty_months": "24",
    "accessory_warranty_months": "6",
    "three_guarantees_months": "12",
    "depreciation_rate_per_day": "0.001",
    "tg_unrepaired_days": "45",
    "tg_unrepaired_basis": "national",
    "tg_parts_wait_days": "90",
    "tg_repairer_fault_days": "20",
    "tg_early_refund_days": "7",
    "tg_early_exchange_days": "15",
}


@pytest.fixture(autouse=True)
def _english(admin_client):
    """These tests read the admin's English texts."""
    admin_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


def test_adding_a_line_keeps_its_three_guarantees_settings(admin_client):
    response = admin_client.post("/admin/catalog/productline/add/", LINE)

    assert response.status_code == 302, response.content.decode()
    line = ProductLine.objects.get(code="tv")
    assert (line.tg_unrepaired_days, line.tg_unrepaired_basis, line.tg_repairer_fault_days) == (
        45,
        "national",
        20,
    )


def test_changing_the_settings_of_a_line(admin_client, product_line):
    url = f"/admin/catalog/productline/{product_line.pk}/change/"
    response = admin_client.post(url, {**LINE, "code": "projector", "tg_unrepaired_days": "50"})

    assert response.status_code == 302, response.content.decode()
    product_line.refresh_from_db()
    assert product_line.tg_unrepaired_days == 50


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"tg_unrepaired_days": "0"}, "between 1 and 365"),
        ({"tg_parts_wait_days": "400"}, "between 1 and 365"),
        ({"tg_early_refund_days": "20"}, "refund window"),
        ({"tg_unrepaired_basis": "lenient"}, "lenient"),
    ],
)
def test_bad_settings_are_form_errors(admin_client, changes, message):
    response = admin_client.post("/admin/catalog/productline/add/", {**LINE, **changes})

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ProductLine.objects.filter(code="tv").exists()


def test_unit_page_shows_the_exchange_and_the_entitlement(
    admin_client, make_unit, make_customer, agent
):
    unit = make_unit(make_customer(), purchase_date=days_ago(5), invoice_date=days_ago(5))
    settlement = unit_exchange(actor=agent, unit_id=unit.pk, new_serial_number="SN-ADMIN-NEW")
    new = Unit.objects.get(serial_number="SN-ADMIN-NEW")

    old_page = admin_client.get(f"/admin/units/unit/{unit.pk}/change/").content.decode()
    new_page = admin_client.get(f"/admin/units/unit/{new.pk}/change/").content.decode()
    listing = admin_client.get("/admin/warranty/threeguaranteessettlement/").content.decode()
    detail = admin_client.get(f"/admin/warranty/threeguaranteessettlement/{settlement.pk}/change/")

    assert "SN-ADMIN-NEW" in old_page  # replaced by
    assert "Three-guarantees period" in old_page
    assert unit.serial_number in new_page  # replaces
    assert "SN-ADMIN-NEW" in listing
    assert detail.status_code == 200


def test_settlements_cannot_be_added_changed_or_deleted(
    admin_client, make_unit, make_customer, agent
):
    unit = make_unit(make_customer(), purchase_date=days_ago(5), invoice_date=days_ago(5))
    settlement = unit_refund(actor=agent, unit_id=unit.pk)
    base = "/admin/warranty/threeguaranteessettlement/"

    assert admin_client.get(f"{base}add/").status_code == 403
    assert admin_client.post(f"{base}{settlement.pk}/delete/", {"post": "yes"}).status_code == 403
    assert ThreeGuaranteesSettlement.objects.filter(pk=settlement.pk).exists()
