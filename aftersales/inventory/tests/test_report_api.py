"""INV-5 over HTTP: PUT /stock-levels, GET /stock/reorder-suggestions and
GET /stock/three-percent."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.test import Client

from aftersales.inventory.models import Stock
from aftersales.units.models import Unit

pytestmark = pytest.mark.django_db


def put_levels(api, body):
    return api.client.put(
        "/api/v1/stock-levels",
        json.dumps(body),
        content_type="application/json",
        headers=api._headers(None),
    )


def body(warehouse, part, min_level=2, max_level=8):
    return {
        "warehouse": warehouse.pk,
        "part": part.pk,
        "min_level": min_level,
        "max_level": max_level,
    }


# --- PUT /stock-levels --------------------------------------------------------------------


def test_a_keeper_sets_levels_and_gets_the_stock_row(api_as, keeper, shanghai_wh, part):
    Stock.objects.create(warehouse=shanghai_wh, part=part, on_hand=5, reserved=1)
    response = put_levels(api_as(keeper), body(shanghai_wh, part))
    assert response.status_code == 200, response.content
    assert response.json() == {
        "warehouse": shanghai_wh.pk,
        "warehouse_code": "sh",
        "part": part.pk,
        "sku": part.sku,
        "part_name": part.name,
        "on_hand": 5,
        "reserved": 1,
        "available": 4,
        "defective": 0,
        "min_level": 2,
        "max_level": 8,
    }


def test_left_out_levels_are_cleared(api_as, keeper, shanghai_wh, part):
    Stock.objects.create(warehouse=shanghai_wh, part=part, min_level=1, max_level=3)
    response = put_levels(api_as(keeper), {"warehouse": shanghai_wh.pk, "part": part.pk})
    assert response.status_code == 200
    assert (response.json()["min_level"], response.json()["max_level"]) == (None, None)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"min_level": -1}, "min_level"),
        ({"min_level": 9, "max_level": 8}, "max_level"),
        ({"part": 999_999}, "part"),
        ({"min_level": "many"}, "min_level"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_bad_bodies_are_422_naming_the_field_and_write_nothing(
    api_as, keeper, shanghai_wh, part, change, field
):
    response = put_levels(api_as(keeper), body(shanghai_wh, part) | change)
    assert response.status_code == 422, response.content
    assert response.json()["code"] == "invalid"
    assert field in response.json()["errors"]
    assert not Stock.objects.exists()


def test_an_engineer_may_not_set_levels(api_as, shanghai_engineer, shanghai_wh, part):
    response = put_levels(api_as(shanghai_engineer), body(shanghai_wh, part))
    assert response.status_code == 403
    assert not Stock.objects.exists()


def test_another_regions_warehouse_is_404(api_as, keeper, beijing_wh, part):
    response = put_levels(api_as(keeper), body(beijing_wh, part))
    assert response.status_code == 404
    assert not Stock.objects.exists()


def test_anonymous_callers_are_401(shanghai_wh, part):
    response = Client().put(
        "/api/v1/stock-levels", json.dumps(body(shanghai_wh, part)), content_type="application/json"
    )
    assert response.status_code == 401
    assert not Stock.objects.exists()


# --- GET /stock/reorder-suggestions -------------------------------------------------------


@pytest.fixture
def short(shanghai_wh, central, beijing_wh, part):
    Stock.objects.create(warehouse=shanghai_wh, part=part, on_hand=1, min_level=3, max_level=6)
    Stock.objects.create(warehouse=central, part=part, on_hand=2)
    Stock.objects.create(warehouse=beijing_wh, part=part, on_hand=1, min_level=2)


def test_reorder_suggestions_say_what_to_transfer_and_buy(api_as, keeper, short, part):
    response = api_as(keeper).get("/stock/reorder-suggestions")
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 1
    [row] = data["results"]
    assert (row["warehouse_code"], row["sku"], row["available"], row["quantity"]) == (
        "sh",
        part.sku,
        1,
        5,
    )
    assert [(t["warehouse_code"], t["quantity"]) for t in row["transfers"]] == [("central", 2)]
    assert row["purchase"] == 3


def test_reorder_suggestions_filter_by_warehouse_and_region(
    api_as, make_staff, short, beijing_wh, regions
):
    api = api_as(make_staff("director"))
    by_warehouse = api.get("/stock/reorder-suggestions", {"warehouse": beijing_wh.pk}).json()
    assert [r["warehouse_code"] for r in by_warehouse["results"]] == ["bj"]
    by_region = api.get("/stock/reorder-suggestions", {"region": regions["east"].pk}).json()
    assert [r["warehouse_code"] for r in by_region["results"]] == ["sh"]


def test_reorder_suggestions_of_an_invisible_warehouse_are_404(api_as, keeper, short, beijing_wh):
    response = api_as(keeper).get("/stock/reorder-suggestions", {"warehouse": beijing_wh.pk})
    assert response.status_code == 404


def test_customers_get_403_from_the_reports(api_as, customer_user, make_customer):
    api = api_as(customer_user(make_customer()))
    assert api.get("/stock/reorder-suggestions").status_code == 403
    assert api.get("/stock/three-percent").status_code == 403


# --- GET /stock/three-percent -------------------------------------------------------------


def test_the_three_percent_report(api_as, keeper, regions, make_customer, make_unit, short, part):
    customer = make_customer(region=regions["shanghai"])
    for _ in range(34):
        make_unit(customer)
    response = api_as(keeper).get("/stock/three-percent")
    assert response.status_code == 200
    data = response.json()
    assert data["percent"] == "3"
    rows = {r["region_name"]: r for r in data["results"]}
    assert set(rows) == {"上海"}  # the keeper sees 上海 (and central as a source)
    sh = rows["上海"]
    assert (sh["units"], sh["required"], sh["held"], sh["shortfall"]) == (34, 2, 1, 1)
    assert sh["transfers"] == [
        {
            "from_warehouse": sh["transfers"][0]["from_warehouse"],
            "from_warehouse_code": "central",
            "from_region": None,
            "from_region_name": "",
            "part": part.pk,
            "sku": part.sku,
            "part_name": part.name,
            "quantity": 1,
        }
    ]
    assert (sh["to_warehouse_code"], sh["remaining"]) == ("sh", 0)
    assert Unit.objects.count() == 34


def test_the_three_percent_report_of_an_invisible_region_is_404(api_as, keeper, regions):
    response = api_as(keeper).get("/stock/three-percent", {"region": regions["north"].pk})
    assert response.status_code == 404


def test_the_percentage_in_force_is_reported(settings, api_as, keeper):
    settings.SPARE_STOCK_PERCENT = Decimal("2.5")
    assert api_as(keeper).get("/stock/three-percent").json()["percent"] == "2.5"


def test_the_endpoints_are_documented(db):
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    for path, method in (
        ("/api/v1/stock-levels", "put"),
        ("/api/v1/stock/reorder-suggestions", "get"),
        ("/api/v1/stock/three-percent", "get"),
    ):
        operation = paths[path][method]
        assert "INV-5" in operation["summary"]
        assert operation["description"]
