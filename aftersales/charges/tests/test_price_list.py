"""FEE-1: the published price list — which list is in force, publishing one, reading it,
the admin screens, and quotes keeping the prices they were issued with."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client

from aftersales.charges.demo import ensure_demo_price_list
from aftersales.charges.models import LabourRate, PriceList, TravelBand
from aftersales.charges.selectors import price_list_in_force
from aftersales.charges.services import price_list_create
from aftersales.core.exceptions import ValidationFailed

D = Decimal
DAY = dt.date


def _list(valid_from: dt.date, valid_until: dt.date | None = None, rate: str = "100.00"):
    return price_list_create(
        name=f"价目表 {valid_from}",
        valid_from=valid_from,
        valid_until=valid_until,
        hourly_rate=D(rate),
    )


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (DAY(2023, 12, 31), None),  # before any list
        (DAY(2024, 1, 1), "a"),
        (DAY(2024, 12, 31), "a"),
        (DAY(2025, 1, 1), "b"),  # the newer list wins from its first day
        (DAY(2025, 6, 30), "b"),
        (DAY(2025, 7, 1), "a"),  # b ended: a (open-ended) applies again
        (DAY(2026, 1, 1), "c"),
    ],
)
def test_the_list_in_force_is_the_latest_started_one_that_has_not_ended(db, on, expected):
    lists = {
        "a": _list(DAY(2024, 1, 1)),
        "b": _list(DAY(2025, 1, 1), DAY(2025, 6, 30)),
        "c": _list(DAY(2026, 1, 1)),
    }
    found = price_list_in_force(on=on)
    assert found == (lists[expected] if expected else None)


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"name": " "}, "name"),
        ({"valid_until": DAY(2023, 1, 1)}, "valid_until"),
        ({"hourly_rate": D("-1")}, "hourly_rate"),
        ({"labour_rates": [(1, "a", D("1")), (1, "b", D("2"))]}, "labour_rates"),
        ({"labour_rates": [(0, "a", D("1"))]}, "labour_rates"),
        ({"labour_rates": [(1, "", D("1"))]}, "labour_rates"),
        ({"travel_bands": [(D(0), D(10), D(1)), (D(5), None, D(2))]}, "travel_bands"),
        ({"travel_bands": [(D(0), None, D(1)), (D(5), None, D(2))]}, "travel_bands"),
        ({"travel_bands": [(D(0), D(10), D(-1))]}, "travel_bands"),
    ],
)
def test_a_bad_price_list_is_refused_and_nothing_is_written(db, fields, error):
    base = {"name": "价目表", "valid_from": DAY(2024, 1, 1), "hourly_rate": D("100.00")}
    with pytest.raises(ValidationFailed) as refused:
        price_list_create(**{**base, **fields})
    assert error in refused.value.errors
    assert not PriceList.objects.exists()
    assert not LabourRate.objects.exists()
    assert not TravelBand.objects.exists()


def test_two_lists_may_not_start_on_the_same_day(db):
    _list(DAY(2024, 1, 1))
    with pytest.raises(ValidationFailed) as refused:
        _list(DAY(2024, 1, 1))
    assert "valid_from" in refused.value.errors
    assert PriceList.objects.count() == 1


def test_get_price_list_answers_the_list_in_force(api_as, make_customer, customer_user, price_list):
    api = api_as(customer_user(make_customer()))  # customers may read the published list
    response = api.get("/price-list")
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["id"], body["hourly_rate"]) == (price_list.pk, "120.00")
    assert body["labour_rates"][1] == {"fault_level": 2, "name": "一般故障", "price": "150.00"}
    assert body["travel_bands"][0] == {"km_from": "0.0", "km_to": "15.0", "fee": "30.00"}
    assert body["travel_bands"][-1]["km_to"] is None
    before = (price_list.valid_from - dt.timedelta(days=1)).isoformat()
    assert api.get("/price-list", {"on": before}).status_code == 404
    assert api.get("/price-list", {"on": "2025-13-01"}).status_code == 422
    assert api_as(None).get("/price-list").status_code == 401


def test_a_new_list_changes_new_quotes_but_not_issued_ones(api_as, engineer, order_in, price_list):
    order = order_in("in_progress", warranty="expired")
    api = api_as(engineer)
    first = api.post(f"/service-orders/{order.pk}/quote", {"labour": {"fault_level": 2}}).json()
    today = dt.date.fromisoformat(first["priced_on"])
    price_list_create(
        name="2026 价目表",
        valid_from=today,
        hourly_rate=D("150.00"),
        labour_rates=[(2, "一般故障", D("180.00"))],
    )
    second = api.post(f"/service-orders/{order.pk}/quote", {"labour": {"fault_level": 2}}).json()
    assert (second["charge_total"], second["price_list_name"]) == ("180.00", "2026 价目表")
    revisions = api.get(f"/service-orders/{order.pk}/quotes").json()["results"]
    assert [(q["revision"], q["charge_total"]) for q in revisions] == [(2, "180.00"), (1, "150.00")]


def test_the_demo_price_list_is_created_once(db):
    first = ensure_demo_price_list()
    assert ensure_demo_price_list() == first
    assert PriceList.objects.count() == 1
    assert first.labour_rates.count() == 3
    assert price_list_in_force(on=DAY(2026, 1, 1)) == first


# --- admin ------------------------------------------------------------------------------


def _inline(prefix: str, rows: list[dict[str, str]]) -> dict[str, str]:
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        data.update({f"{prefix}-{i}-{k}": v for k, v in row.items()})
    return data


@pytest.fixture
def admin_role(make_staff):
    client = Client()
    client.force_login(make_staff("admin"))
    return client


def test_the_admin_publishes_a_price_list_with_levels_and_bands(admin_role):
    fields = {
        "name": "后台价目表",
        "valid_from": "2024-01-01",
        "valid_until": "",
        "hourly_rate": "100.00",
        "note": "",
        **_inline("labour_rates", [{"fault_level": "1", "name": "简单", "price": "50.00"}]),
    }
    overlapping = _inline(
        "travel_bands",
        [{"km_from": "0", "km_to": "20", "fee": "10"}, {"km_from": "10", "km_to": "", "fee": "20"}],
    )
    response = admin_role.post("/admin/charges/pricelist/add/", {**fields, **overlapping})
    assert response.status_code == 200  # the form again, with the band error
    assert not PriceList.objects.exists()

    good = _inline(
        "travel_bands",
        [{"km_from": "0", "km_to": "20", "fee": "10"}, {"km_from": "20", "km_to": "", "fee": "20"}],
    )
    response = admin_role.post("/admin/charges/pricelist/add/", {**fields, **good})
    assert response.status_code == 302, response.content.decode()
    created = PriceList.objects.get()
    assert [b.fee for b in created.travel_bands.all()] == [D("10.00"), D("20.00")]
    assert created.labour_rates.get().price == D("50.00")


def test_a_price_list_used_by_a_quote_is_locked_in_the_admin(
    admin_role, api_as, engineer, order_in, price_list
):
    url = f"/admin/charges/pricelist/{price_list.pk}/change/"
    assert 'name="hourly_rate"' in admin_role.get(url).content.decode()
    order = order_in("in_progress", warranty="expired")
    api_as(engineer).post(f"/service-orders/{order.pk}/quote", {"labour": {"fault_level": 1}})
    page = admin_role.get(url).content.decode()
    assert 'name="hourly_rate"' not in page
    assert 'name="labour_rates-0-price"' not in page
    assert admin_role.get("/admin/charges/quote/").status_code == 200
    quote_id = order.quotes.get().pk
    assert admin_role.get(f"/admin/charges/quote/{quote_id}/change/").status_code == 200
    assert admin_role.get("/admin/charges/quote/add/").status_code == 403
