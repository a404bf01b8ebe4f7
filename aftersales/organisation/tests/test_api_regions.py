"""GET/POST /api/v1/regions: the region tree (ORG-1)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from aftersales.organisation.models import Region
from aftersales.organisation.selectors import region_subtree_ids

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(make_staff):
    return make_staff("admin")


def _assert_refused(response, status: int, field: str | None = None) -> None:
    assert response.status_code == status, response.content
    body = response.json()
    assert isinstance(body["detail"], str)
    assert isinstance(body["errors"], dict)
    assert "code" in body
    if field is not None:
        assert field in body["errors"], body


def test_admin_creates_a_top_level_region(api_as, admin):
    response = api_as(admin).post("/regions", {"code": "south", "name": "华南"})

    assert response.status_code == 201, response.content
    out = response.json()
    assert out["code"] == "south"
    assert out["name"] == "华南"
    assert out["parent"] is None
    assert Region.objects.get(pk=out["id"]).parent_id is None


def test_child_region_hangs_under_its_parent(api_as, admin, regions):
    response = api_as(admin).post(
        "/regions", {"code": "suzhou", "name": "苏州", "parent": regions["east"].pk}
    )

    assert response.status_code == 201, response.content
    child_id = response.json()["id"]
    assert response.json()["parent"] == regions["east"].pk
    assert child_id in region_subtree_ids(region=regions["east"])
    assert child_id not in region_subtree_ids(region=regions["north"])


def test_grandchild_region_is_in_the_subtree_of_the_root(api_as, admin, regions):
    api = api_as(admin)
    district = api.post(
        "/regions", {"code": "pudong", "name": "浦东", "parent": regions["shanghai"].pk}
    ).json()

    assert district["parent"] == regions["shanghai"].pk
    assert district["id"] in region_subtree_ids(region=regions["east"])


def test_region_list_shows_the_tree_with_parents(api_as, agent, regions):
    response = api_as(agent).get("/regions")

    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 5
    by_code = {row["code"]: row for row in data["results"]}
    assert by_code["east"]["parent"] is None
    assert by_code["shanghai"]["parent"] == regions["east"].pk
    assert by_code["hangzhou"]["parent"] == regions["east"].pk
    assert by_code["beijing"]["parent"] == regions["north"].pk
    assert by_code["shanghai"]["name"] == "上海"
    # tree order: a parent comes before its children
    order = [row["code"] for row in data["results"]]
    assert order.index("east") < order.index("shanghai")
    assert order.index("north") < order.index("beijing")


def test_any_signed_in_user_may_read_regions(api_as, make_customer, customer_user):
    portal_user = customer_user(make_customer())

    assert api_as(portal_user).get("/regions").status_code == 200


def test_anonymous_may_not_read_regions(api_as, regions):
    _assert_refused(api_as(None).get("/regions"), 401)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"code": "", "name": "华南"}, "code"),
        ({"code": "has space", "name": "华南"}, "code"),
        ({"code": "x" * 33, "name": "华南"}, "code"),
        ({"code": "south", "name": ""}, "name"),
        ({"code": "south"}, "name"),
        ({"name": "华南"}, "code"),
        ({"code": "south", "name": "华南", "parent": 999999}, "parent"),
        ({"code": "south", "name": "华南", "parent": "east"}, "parent"),
    ],
    ids=[
        "empty-code",
        "code-with-space",
        "code-too-long",
        "empty-name",
        "no-name",
        "no-code",
        "unknown-parent",
        "parent-not-an-id",
    ],
)
def test_bad_region_input_is_refused_naming_the_field_and_writes_nothing(
    api_as, admin, regions, body: dict[str, Any], field
):
    before = Region.objects.count()

    response = api_as(admin).post("/regions", body)

    _assert_refused(response, 422, field)
    assert Region.objects.count() == before


def test_duplicate_region_code_is_refused_and_writes_nothing(api_as, admin, regions):
    before = Region.objects.count()

    response = api_as(admin).post("/regions", {"code": "east", "name": "另一个华东"})

    _assert_refused(response, 422, "code")
    assert Region.objects.count() == before
    assert Region.objects.get(code="east").name == "华东"


@pytest.mark.parametrize(
    "role", ["agent", "dispatcher", "engineer", "manager", "director", "warehouse", "quality"]
)
def test_only_admin_may_create_regions(api_as, make_staff, regions, role):
    actor = make_staff(role, region=regions["east"])
    before = Region.objects.count()

    response = api_as(actor).post("/regions", {"code": "south", "name": "华南"})

    _assert_refused(response, 403)
    assert response.json()["code"] == "forbidden"
    assert Region.objects.count() == before


def test_customer_user_may_not_create_regions(api_as, make_customer, customer_user):
    portal_user = customer_user(make_customer())
    before = Region.objects.count()

    _assert_refused(api_as(portal_user).post("/regions", {"code": "s", "name": "南"}), 403)
    assert Region.objects.count() == before


def test_region_list_pages(api_as, agent, regions):
    api = api_as(agent)

    first = api.get("/regions", {"page": 1, "page_size": 2}).json()
    last = api.get("/regions", {"page": 3, "page_size": 2}).json()

    assert first["count"] == 5
    assert len(first["results"]) == 2
    assert len(last["results"]) == 1
    _assert_refused(api.get("/regions", {"page_size": 201}), 422, "page_size")
    _assert_refused(api.get("/regions", {"page": 0}), 422, "page")


def test_region_list_query_count_does_not_grow_with_page_size(api_as, agent, make_region):
    root = make_region("root", "全国")
    for i in range(30):
        make_region(f"leaf{i}", f"区域{i}", parent=root)
    api = api_as(agent)

    with CaptureQueriesContext(connection) as small:
        assert len(api.get("/regions", {"page_size": 3}).json()["results"]) == 3
    with CaptureQueriesContext(connection) as large:
        assert len(api.get("/regions", {"page_size": 30}).json()["results"]) == 30

    assert len(large) == len(small)
