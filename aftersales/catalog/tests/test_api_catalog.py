"""GET/POST /api/v1/product-lines, /product-models and /parts (CAT-1..3)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from aftersales.catalog.models import Part, ProductLine, ProductModel
from aftersales.catalog.services import part_create, product_line_create, product_model_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(make_staff):
    return make_staff("admin")


@pytest.fixture
def director(make_staff):
    return make_staff("director")


def _assert_refused(response, status: int, field: str | None = None) -> None:
    assert response.status_code == status, response.content
    body = response.json()
    assert isinstance(body["detail"], str)
    assert isinstance(body["errors"], dict)
    assert "code" in body
    if field is not None:
        assert field in body["errors"], body


def _line(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "code": "tv",
        "name": "电视",
        "warranty_months": 24,
        "accessory_warranty_months": 6,
        "three_guarantees_months": 12,
        "depreciation_rate_per_day": "0.0015",
    }
    body.update(overrides)
    return body


def _model(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "code": "PJ-200",
        "name": "投影机 PJ-200",
        "product_line": "projector",
        "list_price": "4999.00",
    }
    body.update(overrides)
    return body


def _part(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "sku": "LAMP-200",
        "name": "灯泡",
        "warranty_class": "main",
        "price": "299.50",
    }
    body.update(overrides)
    return body


# --- product lines -----------------------------------------------------------------


@pytest.mark.parametrize("creator", ["admin", "director"])
def test_admin_or_director_creates_a_product_line(api_as, request, creator):
    response = api_as(request.getfixturevalue(creator)).post("/product-lines", _line())

    assert response.status_code == 201, response.content
    out = response.json()
    assert out["code"] == "tv"
    assert out["warranty_months"] == 24
    assert out["accessory_warranty_months"] == 6
    assert out["three_guarantees_months"] == 12
    assert Decimal(out["depreciation_rate_per_day"]) == Decimal("0.0015")
    assert isinstance(out["depreciation_rate_per_day"], str)
    line = ProductLine.objects.get(code="tv")
    assert line.depreciation_rate_per_day == Decimal("0.0015")


def test_product_line_defaults_follow_war_2(api_as, admin):
    response = api_as(admin).post("/product-lines", {"code": "tv", "name": "电视"})

    assert response.status_code == 201, response.content
    out = response.json()
    assert (out["warranty_months"], out["accessory_warranty_months"]) == (12, 6)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"warranty_months": -1}, "warranty_months"),
        ({"accessory_warranty_months": -6}, "accessory_warranty_months"),
        ({"three_guarantees_months": -12}, "three_guarantees_months"),
        ({"warranty_months": 121}, "warranty_months"),
        ({"depreciation_rate_per_day": "-0.001"}, "depreciation_rate_per_day"),
        ({"depreciation_rate_per_day": "1.5"}, "depreciation_rate_per_day"),
        ({"depreciation_rate_per_day": "abc"}, "depreciation_rate_per_day"),
        ({"code": "has space"}, "code"),
        ({"code": ""}, "code"),
        ({"name": ""}, "name"),
    ],
)
def test_bad_product_line_is_refused_and_writes_nothing(api_as, admin, overrides, field):
    response = api_as(admin).post("/product-lines", _line(**overrides))

    _assert_refused(response, 422, field)
    assert ProductLine.objects.count() == 0


def test_duplicate_product_line_code_is_refused(api_as, admin, product_line):
    response = api_as(admin).post("/product-lines", _line(code="projector"))

    _assert_refused(response, 422, "code")
    assert ProductLine.objects.count() == 1
    assert ProductLine.objects.get().name == "投影机"


def test_product_lines_are_listed(api_as, agent, product_line):
    response = api_as(agent).get("/product-lines")

    assert response.status_code == 200
    assert response.json()["count"] == 1
    assert response.json()["results"][0]["code"] == "projector"


# --- product models ----------------------------------------------------------------


def test_product_model_is_created_under_a_line_given_by_code(api_as, admin, product_line):
    response = api_as(admin).post("/product-models", _model(warranty_months=18))

    assert response.status_code == 201, response.content
    out = response.json()
    assert out["product_line"] == "projector"
    assert out["list_price"] == "4999.00"
    assert out["warranty_months"] == 18
    model = ProductModel.objects.get(code="PJ-200")
    assert model.product_line_id == product_line.pk


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"product_line": "no-such-line"}, "product_line"),
        ({"product_line": str(10**6)}, "product_line"),
        ({"list_price": "-0.01"}, "list_price"),
        ({"list_price": "12.345"}, "list_price"),
        ({"warranty_months": -1}, "warranty_months"),
        ({"code": "bad code"}, "code"),
    ],
)
def test_bad_product_model_is_refused_and_writes_nothing(
    api_as, admin, product_line, overrides, field
):
    response = api_as(admin).post("/product-models", _model(**overrides))

    _assert_refused(response, 422, field)
    assert ProductModel.objects.count() == 0


def test_duplicate_product_model_code_is_refused(api_as, admin, product_model):
    response = api_as(admin).post("/product-models", _model(code=product_model.code))

    _assert_refused(response, 422, "code")
    assert ProductModel.objects.count() == 1


def test_product_models_filter_by_line_code(api_as, agent, product_model):
    other = product_line_create(code="tv", name="电视")
    product_model_create(code="TV-1", name="电视1", product_line=other, list_price=Decimal(1))
    api = api_as(agent)

    response = api.get("/product-models", {"product_line": "projector"})

    assert [row["code"] for row in response.json()["results"]] == ["PJ-100"]
    assert response.json()["results"][0]["product_line"] == "projector"
    assert api.get("/product-models").json()["count"] == 2


# --- parts -------------------------------------------------------------------------


@pytest.mark.parametrize("warranty_class", ["main", "accessory", "consumable"])
def test_part_is_created_with_each_warranty_class(api_as, admin, warranty_class):
    response = api_as(admin).post("/parts", _part(warranty_class=warranty_class))

    assert response.status_code == 201, response.content
    out = response.json()
    assert out["warranty_class"] == warranty_class
    assert out["price"] == "299.50"
    assert Part.objects.get(sku="LAMP-200").warranty_class == warranty_class


def test_part_records_the_models_it_fits(api_as, admin, product_model):
    other = product_model_create(
        code="PJ-300", name="PJ-300", product_line=product_model.product_line, list_price=1
    )

    response = api_as(admin).post("/parts", _part(fits=["PJ-100", "PJ-300"]))

    assert response.status_code == 201, response.content
    part = Part.objects.get(pk=response.json()["id"])
    assert set(part.fits.values_list("pk", flat=True)) == {product_model.pk, other.pk}


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"price": "-1.00"}, "price"),
        ({"warranty_class": "wear"}, "warranty_class"),
        ({"warranty_class": ""}, "warranty_class"),
        ({"fits": ["PJ-100", "NO-SUCH"]}, "fits"),
        ({"sku": "bad sku"}, "sku"),
        ({"name": ""}, "name"),
    ],
)
def test_bad_part_is_refused_and_writes_nothing(api_as, admin, product_model, overrides, field):
    response = api_as(admin).post("/parts", _part(**overrides))

    _assert_refused(response, 422, field)
    assert Part.objects.count() == 0
    assert Part.fits.through.objects.count() == 0


def test_duplicate_sku_is_refused(api_as, admin):
    part_create(sku="LAMP-200", name="旧灯泡", warranty_class="main", price=Decimal(10))

    response = api_as(admin).post("/parts", _part())

    _assert_refused(response, 422, "sku")
    assert Part.objects.count() == 1
    assert Part.objects.get().name == "旧灯泡"


def test_parts_are_searchable(api_as, agent):
    part_create(sku="LAMP-1", name="灯泡", warranty_class="main", price=Decimal(10))
    part_create(sku="REMOTE-1", name="遥控器", warranty_class="accessory", price=Decimal(5))

    response = api_as(agent).get("/parts", {"q": "遥控"})

    assert [row["sku"] for row in response.json()["results"]] == ["REMOTE-1"]


# --- who may write -----------------------------------------------------------------

CREATES = [
    ("/product-lines", _line(), ProductLine),
    ("/product-models", _model(), ProductModel),
    ("/parts", _part(), Part),
]


@pytest.mark.parametrize(
    "role", ["agent", "dispatcher", "engineer", "manager", "warehouse", "quality"]
)
@pytest.mark.parametrize(("path", "body", "model"), CREATES, ids=["lines", "models", "parts"])
def test_only_admin_or_director_may_write_the_catalogue(
    api_as, make_staff, product_line, role, path, body, model
):
    before = model.objects.count()

    response = api_as(make_staff(role)).post(path, body)

    _assert_refused(response, 403)
    assert response.json()["code"] == "forbidden"
    assert model.objects.count() == before


@pytest.mark.parametrize(("path", "body", "model"), CREATES, ids=["lines", "models", "parts"])
def test_customer_user_may_not_write_the_catalogue(
    api_as, make_customer, customer_user, product_line, path, body, model
):
    before = model.objects.count()

    response = api_as(customer_user(make_customer())).post(path, body)

    _assert_refused(response, 403)
    assert model.objects.count() == before


@pytest.mark.parametrize(("path", "body", "model"), CREATES, ids=["lines", "models", "parts"])
def test_anonymous_may_not_read_or_write_the_catalogue(api_as, product_line, path, body, model):
    before = model.objects.count()

    _assert_refused(api_as(None).post(path, body), 401)
    _assert_refused(api_as(None).get(path), 401)
    assert model.objects.count() == before


# --- query counts ------------------------------------------------------------------


def _assert_constant_queries(api, path: str) -> None:
    with CaptureQueriesContext(connection) as small:
        assert len(api.get(path, {"page_size": 3}).json()["results"]) == 3
    with CaptureQueriesContext(connection) as large:
        assert len(api.get(path, {"page_size": 30}).json()["results"]) == 30
    assert len(large) == len(small)


def test_product_line_list_query_count_does_not_grow_with_page_size(api_as, agent):
    for i in range(30):
        product_line_create(code=f"line{i:02d}", name=f"产品线{i}")

    _assert_constant_queries(api_as(agent), "/product-lines")


def test_product_model_list_query_count_does_not_grow_with_page_size(api_as, agent):
    for i in range(30):
        line = product_line_create(code=f"line{i:02d}", name=f"产品线{i}")
        product_model_create(code=f"M{i:02d}", name=f"型号{i}", product_line=line, list_price=1)

    _assert_constant_queries(api_as(agent), "/product-models")


def test_part_list_query_count_does_not_grow_with_page_size(api_as, agent, product_model):
    for i in range(30):
        part_create(
            sku=f"P{i:02d}",
            name=f"备件{i}",
            warranty_class="main",
            price=Decimal(1),
            fits=[product_model],
        )

    _assert_constant_queries(api_as(agent), "/parts")
