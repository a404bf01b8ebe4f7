"""The public warranty lookup page /warranty/lookup?q=… (PORTAL-1)."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

PERSONAL = ("张三丰", "13912345678", "中山东一路", "3599", "京东")


def test_the_page_needs_no_sign_in_and_shows_the_form():
    response = Client().get("/warranty/lookup")

    assert response.status_code == 200
    assert b'name="q"' in response.content


def test_a_lookup_shows_model_dates_and_status_without_personal_data(unit):
    response = Client().get("/warranty/lookup", {"q": "WC-778899"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "PJ-100" in html
    assert unit.acceptance_date.isoformat() in html
    assert 'class="badge ok"' in html
    for secret in (*PERSONAL, "PJ100-A0001"):
        assert secret not in html
    assert response["X-Robots-Tag"] == "noindex"


def test_the_page_is_chinese_by_default(unit):
    html = Client().get("/warranty/lookup", {"q": "WC-778899"}).content.decode()

    assert '<html lang="zh-hans">' in html


def test_an_unknown_number_says_so(unit):
    response = Client().get("/warranty/lookup", {"q": "NOPE-1"})

    assert response.status_code == 200
    assert "NOPE-1" in response.content.decode()
    assert 'class="alert bad"' in response.content.decode()


def test_too_many_lookups_get_a_friendly_429_page(unit, settings):
    settings.PUBLIC_LOOKUP_RATE_LIMIT = 2
    client = Client()
    for _ in range(2):
        assert client.get("/warranty/lookup", {"q": "WC-778899"}).status_code == 200

    response = client.get("/warranty/lookup", {"q": "WC-778899"})

    assert response.status_code == 429
    assert int(response["Retry-After"]) >= 1
    assert "PJ-100" not in response.content.decode()
    assert client.get("/warranty/lookup").status_code == 200  # the empty form is not counted


def test_only_get_is_allowed():
    assert Client().post("/warranty/lookup", {"q": "x"}).status_code == 405
