"""GET /api/v1/public/warranty/{number}: no sign-in, no personal data, rate-limited."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

pytestmark = pytest.mark.django_db

FIELDS = {
    "number",
    "product_model",
    "product_model_name",
    "product_line",
    "on",
    "warranty_start",
    "whole_unit_months",
    "whole_unit_until",
    "in_warranty",
    "accessory_months",
    "accessories_until",
    "accessories_in_warranty",
    "three_guarantees_months",
    "three_guarantees_until",
    "in_three_guarantees",
}
PERSONAL = ("张三丰", "13912345678", "中山东一路", "3599", "京东", "customer", "price", "phone")


def _get(number, client=None, **extra):
    return (client or Client()).get(f"/api/v1/public/warranty/{number}", **extra)


@pytest.mark.parametrize("number", ["PJ100-A0001", "WC-778899", " pj100-a0001 ", "ＰＪ100-A0001"])
def test_anyone_finds_a_unit_by_serial_or_card_number(unit, number):
    response = _get(number)

    assert response.status_code == 200, response.content
    body = response.json()
    accepted = unit.acceptance_date
    assert body["product_model"] == "PJ-100"
    assert body["product_line"] == "投影机"
    assert body["warranty_start"] == accepted.isoformat()
    assert (
        body["whole_unit_until"]
        == (accepted.replace(year=accepted.year + 1) - dt.timedelta(days=1)).isoformat()
    )
    assert body["in_warranty"] is True
    assert body["in_three_guarantees"] is True
    assert body["on"] == timezone.localdate().isoformat()


def test_the_answer_holds_no_personal_data_and_does_not_cross_reveal_numbers(unit):
    body = _get("WC-778899").json()

    assert set(body) == FIELDS
    assert body["number"] == "WC-778899"
    text = str(body)
    assert "PJ100-A0001" not in text  # the card does not reveal the serial
    for secret in PERSONAL:
        assert secret not in text


def test_an_expired_unit_is_shown_out_of_warranty(owner, make_unit):
    old = timezone.localdate() - dt.timedelta(days=800)
    make_unit(owner, serial_number="OLD-1", purchase_date=old)

    body = _get("OLD-1").json()

    assert body["in_warranty"] is False
    assert body["accessories_in_warranty"] is False
    assert body["in_three_guarantees"] is False


@pytest.mark.parametrize("number", ["NOPE-1", "x" * 65])
def test_unknown_number_is_404_with_the_error_body(unit, number):
    response = _get(number)

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert set(response.json()) >= {"detail", "errors", "code"}


def test_a_bad_token_does_not_matter(unit):
    response = _get("PJ100-A0001", headers={"Authorization": "Bearer nonsense"})

    assert response.status_code == 200


def test_over_the_limit_answers_429_with_retry_after(unit, settings):
    settings.PUBLIC_LOOKUP_RATE_LIMIT = 3
    client = Client()

    statuses = [_get("PJ100-A0001", client).status_code for _ in range(3)]
    statuses.append(_get("NOPE", client).status_code)  # misses are counted too
    throttled = _get("PJ100-A0001", client)

    assert statuses == [200, 200, 200, 429]
    assert throttled.status_code == 429
    assert throttled.json()["code"] == "throttled"
    assert 1 <= int(throttled["Retry-After"]) <= 60
    assert _get("PJ100-A0001", REMOTE_ADDR="198.51.100.20").status_code == 200


def test_behind_a_proxy_each_forwarded_client_has_its_own_budget(unit, settings):
    settings.PUBLIC_LOOKUP_RATE_LIMIT = 1
    settings.BEHIND_PROXY = True

    first = _get("PJ100-A0001", HTTP_X_FORWARDED_FOR="198.51.100.1")
    second = _get("PJ100-A0001", HTTP_X_FORWARDED_FOR="198.51.100.2")
    again = _get("PJ100-A0001", HTTP_X_FORWARDED_FOR="198.51.100.1")

    assert (first.status_code, second.status_code, again.status_code) == (200, 200, 429)


def test_openapi_shows_the_lookup_without_sign_in():
    schema = Client().get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/public/warranty/{number}"]["get"]

    assert not operation.get("security")
    assert {"200", "404", "429"} <= set(operation["responses"])
