"""GET /service-orders/{id}/report.pdf (SO-5) and /units/{id}/card.pdf (UNIT-2)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from aftersales.accounts.tokens import token_issue
from aftersales.documents.tests.helpers import pdf_pages, pdf_text

pytestmark = pytest.mark.django_db


def _get(user, path, **params):
    headers = {"Authorization": f"Bearer {token_issue(user=user)}"} if user else {}
    return Client().get(path, params, headers=headers)


def _report(user, order, **params):
    return _get(user, f"/api/v1/service-orders/{order.pk}/report.pdf", **params)


def _card(user, unit, **params):
    return _get(user, f"/api/v1/units/{unit.pk}/card.pdf", **params)


def _assert_pdf(response) -> str:
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert response["Cache-Control"] == "private, no-store"
    return pdf_text(response.content)


def test_repair_report_prints_the_order_in_two_copies(admin, accepted_order, unit):
    response = _report(admin, accepted_order, lang="en")

    text = _assert_pdf(response)
    assert accepted_order.number in text
    assert unit.serial_number in text
    for written in ("开机无显示", "电源板老化", "E01", "更换电源板", "服务及时", "张三丰"):
        assert written in text
    assert text.count("Customer signature") == 2
    assert "Customer's copy" in text
    assert "Service provider's copy" in text
    assert "each party keeps one copy" in text
    assert "No charges." in text
    assert "Draft" not in text
    assert f'filename="{accepted_order.number}-report.pdf"' in response["Content-Disposition"]


def test_a_report_of_an_open_order_is_marked_as_a_draft(admin, open_order):
    text = _assert_pdf(_report(admin, open_order, lang="en"))

    assert "Draft: the repair is not completed yet." in text
    assert open_order.number in text


def test_warranty_card_prints_the_unit_and_the_lookup_url(admin, unit):
    response = _card(admin, unit, lang="en")

    text = _assert_pdf(response)
    assert pdf_pages(response.content) == 1
    assert "PJ100-A0001" in text
    assert "WC-778899" in text
    assert "PJ-100" in text
    assert unit.acceptance_date.isoformat() in text
    assert "http://testserver/warranty/lookup?q=WC-778899" in text.replace("\n", "")


def test_the_card_links_to_site_url_when_it_is_set(admin, unit, settings):
    settings.SITE_URL = "https://service.example.com/"

    text = _assert_pdf(_card(admin, unit))

    assert "https://service.example.com/warranty/lookup?q=WC-778899" in text.replace("\n", "")


def test_a_unit_without_a_card_links_by_serial(admin, owner, make_unit):
    bare = make_unit(owner, serial_number="BARE-1")

    text = _assert_pdf(_card(admin, bare))

    assert "lookup?q=BARE-1" in text.replace("\n", "")


def test_documents_are_chinese_by_default(admin, unit):
    text = _assert_pdf(_card(admin, unit))

    assert "PJ100-A0001" in text
    assert "购买日期" in text  # an existing, translated label: the document is zh-hans


@pytest.mark.parametrize("role", ["agent", "quality", "director"])
def test_national_roles_print_any_document(make_staff, role, accepted_order, unit):
    user = make_staff(role)

    assert _report(user, accepted_order).status_code == 200
    assert _card(user, unit).status_code == 200


def test_the_owner_prints_their_own_documents(customer_user, owner, accepted_order, unit):
    user = customer_user(owner)

    assert _report(user, accepted_order).status_code == 200
    assert _card(user, unit).status_code == 200


def test_who_may_not_see_the_record_gets_404(
    make_staff, make_customer, customer_user, regions, accepted_order, unit
):
    outsiders = [
        make_staff("dispatcher", region=regions["beijing"]),
        make_staff("engineer", region=regions["beijing"]),
        customer_user(make_customer()),
    ]
    for user in outsiders:
        for response in (_report(user, accepted_order), _card(user, unit)):
            assert response.status_code == 404
            assert response.json()["code"] == "not_found"


def test_unknown_records_are_404(admin):
    assert _get(admin, "/api/v1/service-orders/999999/report.pdf").status_code == 404
    assert _get(admin, "/api/v1/units/999999/card.pdf").status_code == 404


def test_anonymous_gets_401(accepted_order, unit):
    assert _report(None, accepted_order).status_code == 401
    assert _card(None, unit).status_code == 401


def test_url_names_for_console_links(accepted_order, unit):
    assert reverse("api:service_order_report_pdf", kwargs={"order_id": accepted_order.pk}) == (
        f"/api/v1/service-orders/{accepted_order.pk}/report.pdf"
    )
    assert reverse("api:unit_card_pdf", kwargs={"unit_id": unit.pk}) == (
        f"/api/v1/units/{unit.pk}/card.pdf"
    )


def test_the_console_session_prints_too(admin, accepted_order):
    client = Client()
    client.force_login(admin)

    response = client.get(f"/api/v1/service-orders/{accepted_order.pk}/report.pdf")

    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
