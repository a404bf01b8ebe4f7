"""INV-1 warehouses: created by directors and admins (service and ``POST /warehouses``),
every bad field named with nothing written, and who sees which warehouse in the list."""

from __future__ import annotations

from typing import Any

import pytest

from aftersales.core.exceptions import PermissionDenied, ValidationFailed
from aftersales.inventory.models import Warehouse
from aftersales.inventory.services import warehouse_create
from aftersales.organisation.services import network_point_create

pytestmark = pytest.mark.django_db

EN = {"Accept-Language": "en"}


def snapshot() -> list[dict[str, Any]]:
    return list(Warehouse.objects.values().order_by("id"))


def codes(response) -> set[str]:
    assert response.status_code == 200, response.json()
    return {row["code"] for row in response.json()["results"]}


# --- creating --------------------------------------------------------------------------


def test_an_admin_creates_a_central_warehouse_without_a_region(boss):
    made = warehouse_create(actor=boss, code="central", name="总仓", kind="central")
    row = Warehouse.objects.get(pk=made.pk)
    assert (row.code, row.name, row.kind, row.region, row.keeper) == (
        "central",
        "总仓",
        "central",
        None,
        None,
    )
    assert row.is_active


def test_a_director_creates_a_network_point_warehouse_over_the_api(make_staff, regions, api_as):
    point = network_point_create(code="np-sh", name="上海黄浦网点", region=regions["shanghai"])
    director = make_staff("director")
    response = api_as(director).post(
        "/warehouses",
        {
            "code": "np-sh-wh",
            "name": "黄浦网点仓",
            "kind": "network_point",
            "region": regions["shanghai"].pk,
            "network_point": point.pk,
        },
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    row = Warehouse.objects.get(code="np-sh-wh")
    assert body == {
        "id": row.pk,
        "code": "np-sh-wh",
        "name": "黄浦网点仓",
        "kind": "network_point",
        "region": regions["shanghai"].pk,
        "region_name": "上海",
        "network_point": point.pk,
        "keeper": None,
        "keeper_name": "",
        "is_active": True,
    }
    assert row.network_point == point


def test_a_van_belongs_to_its_engineer(boss, regions, shanghai_engineer, api_as):
    response = api_as(boss).post(
        "/warehouses",
        {
            "code": "van-1",
            "name": "沪A 随车库",
            "kind": "van",
            "region": regions["shanghai"].pk,
            "keeper": shanghai_engineer.pk,
        },
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["kind"], body["keeper"]) == ("van", shanghai_engineer.pk)
    assert body["keeper_name"] == str(shanghai_engineer)
    assert Warehouse.objects.get(code="van-1").keeper == shanghai_engineer


BAD_INPUTS = {
    "taken_code": ({"code": "sh"}, "code"),
    "blank_code": ({"code": "  "}, "code"),
    "code_not_a_slug": ({"code": "上海 仓"}, "code"),
    "blank_name": ({"name": ""}, "name"),
    "missing_region": ({"region": None}, "region"),
    "unknown_region": ({"region": 999_999}, "region"),
    "unknown_network_point": ({"network_point": 999_999}, "network_point"),
    "bad_kind": ({"kind": "garage"}, "kind"),
    "van_without_keeper": ({"kind": "van"}, "keeper"),
    "van_of_an_unknown_keeper": ({"kind": "van", "keeper": 999_999}, "keeper"),
}


def _create_body(regions, **changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "code": "new-wh",
        "name": "新仓",
        "kind": "regional",
        "region": regions["shanghai"].pk,
    }
    body.update(changes)
    return {k: v for k, v in body.items() if v is not None}


@pytest.mark.parametrize(("changes", "field"), BAD_INPUTS.values(), ids=BAD_INPUTS.keys())
def test_bad_input_over_the_api_is_named_and_nothing_is_written(
    boss, regions, shanghai_wh, api_as, changes, field
):
    before = snapshot()
    response = api_as(boss).post("/warehouses", _create_body(regions, **changes), headers=EN)
    assert response.status_code == 422, response.json()
    body = response.json()
    assert field in body["errors"], body
    assert body["detail"]
    assert snapshot() == before


@pytest.mark.parametrize(
    ("changes", "field"),
    [v for k, v in BAD_INPUTS.items() if k != "bad_kind"]  # the schema refuses that one
    + [({"kind": "garage"}, "kind")],
    ids=[k for k in BAD_INPUTS if k != "bad_kind"] + ["bad_kind"],
)
def test_bad_input_to_the_service_is_named_and_nothing_is_written(
    boss, regions, shanghai_wh, changes, field
):
    body = _create_body(regions, **changes)
    before = snapshot()
    with pytest.raises(ValidationFailed) as refused:
        warehouse_create(
            actor=boss,
            code=body.get("code", ""),
            name=body.get("name", ""),
            kind=body["kind"],
            region_id=body.get("region"),
            network_point_id=body.get("network_point"),
            keeper_id=body.get("keeper"),
        )
    assert field in refused.value.errors
    assert snapshot() == before


def test_an_engineer_gets_one_van(boss, regions, van, shanghai_engineer, api_as):
    before = snapshot()
    response = api_as(boss).post(
        "/warehouses",
        _create_body(regions, code="van-2", kind="van", keeper=shanghai_engineer.pk),
        headers=EN,
    )
    assert response.status_code == 422
    assert response.json()["errors"]["keeper"] == ["already has a van"]
    assert snapshot() == before


def test_a_van_belongs_to_an_engineer_not_to_other_staff(boss, regions, keeper, api_as):
    response = api_as(boss).post(
        "/warehouses", _create_body(regions, kind="van", keeper=keeper.pk), headers=EN
    )
    assert response.status_code == 422
    assert "keeper" in response.json()["errors"]
    assert not Warehouse.objects.exists()


def test_a_customer_sign_in_is_no_keeper(boss, regions, make_customer, customer_user, api_as):
    signed_in = customer_user(make_customer())
    response = api_as(boss).post(
        "/warehouses", _create_body(regions, kind="van", keeper=signed_in.pk), headers=EN
    )
    assert response.status_code == 422
    assert "keeper" in response.json()["errors"]
    assert not Warehouse.objects.exists()


def test_an_unknown_field_is_named(boss, regions, api_as):
    response = api_as(boss).post("/warehouses", _create_body(regions, colour="red"))
    assert response.status_code == 422
    assert "colour" in response.json()["errors"]
    assert not Warehouse.objects.exists()


def test_every_error_is_reported_at_once(boss, regions, shanghai_wh, api_as):
    response = api_as(boss).post(
        "/warehouses",
        {"code": "sh", "name": " ", "kind": "van", "region": 999_999},
        headers=EN,
    )
    assert response.status_code == 422
    assert {"code", "name", "region", "keeper"} <= set(response.json()["errors"])


@pytest.mark.parametrize(
    "role", ["agent", "dispatcher", "engineer", "manager", "warehouse", "quality"]
)
def test_roles_without_warehouse_create_are_refused(make_staff, regions, api_as, role):
    user = make_staff(role, region=regions["shanghai"] if role != "agent" else None)
    response = api_as(user).post("/warehouses", _create_body(regions))
    assert response.status_code == 403, response.json()
    assert set(response.json()) >= {"detail", "errors"}
    with pytest.raises(PermissionDenied):
        warehouse_create(
            actor=user, code="x", name="x", kind="regional", region_id=regions["shanghai"].pk
        )
    assert not Warehouse.objects.exists()


def test_a_customer_may_not_create_a_warehouse(make_customer, customer_user, regions, api_as):
    response = api_as(customer_user(make_customer())).post("/warehouses", _create_body(regions))
    assert response.status_code == 403
    assert not Warehouse.objects.exists()


def test_anonymous_callers_are_unauthenticated(regions, api_as):
    assert api_as(None).post("/warehouses", _create_body(regions)).status_code == 401
    assert api_as(None).get("/warehouses").status_code == 401
    assert not Warehouse.objects.exists()


# --- who sees which ----------------------------------------------------------------------


@pytest.fixture
def everywhere(central, shanghai_wh, beijing_wh, van, boss, regions):
    """central, sh, bj, 杭州's hz and the 上海 engineer's van."""
    warehouse_create(
        actor=boss, code="hz", name="杭州区域仓", kind="regional", region_id=regions["hangzhou"].pk
    )
    return {"central", "sh", "bj", "hz", "van-sh-1"}


def test_a_beijing_manager_sees_beijing_and_central(everywhere, make_staff, regions, api_as):
    manager = make_staff("manager", region=regions["beijing"])
    assert codes(api_as(manager).get("/warehouses")) == {"central", "bj"}


def test_an_east_manager_sees_the_subtree_and_vans_in_it(everywhere, make_staff, regions, api_as):
    manager = make_staff("manager", region=regions["east"])
    assert codes(api_as(manager).get("/warehouses")) == {"central", "sh", "hz", "van-sh-1"}


def test_an_engineer_sees_their_region_central_and_their_van(everywhere, shanghai_engineer, api_as):
    assert codes(api_as(shanghai_engineer).get("/warehouses")) == {"central", "sh", "van-sh-1"}


def test_an_engineer_sees_their_own_van_outside_their_region(
    everywhere, make_staff, regions, boss, api_as
):
    travelling = make_staff("engineer", region=regions["beijing"])
    warehouse_create(
        actor=boss,
        code="van-bj-loan",
        name="借调随车库",
        kind="van",
        region_id=regions["shanghai"].pk,
        keeper_id=travelling.pk,
    )
    assert codes(api_as(travelling).get("/warehouses")) == {"central", "bj", "van-bj-loan"}


@pytest.mark.parametrize("role", ["director", "admin", "agent", "quality"])
def test_national_roles_see_every_warehouse(everywhere, make_staff, api_as, role):
    assert codes(api_as(make_staff(role)).get("/warehouses")) == everywhere


def test_filters_kind_and_region(everywhere, make_staff, regions, api_as):
    director = api_as(make_staff("director"))
    assert codes(director.get("/warehouses", {"kind": "van"})) == {"van-sh-1"}
    assert codes(director.get("/warehouses", {"region": regions["shanghai"].pk})) == {
        "sh",
        "van-sh-1",
    }
    assert director.get("/warehouses", {"kind": "garage"}).status_code == 422


def test_the_list_is_paginated(everywhere, make_staff, api_as):
    director = api_as(make_staff("director"))
    first = director.get("/warehouses", {"page": 1, "page_size": 2}).json()
    second = director.get("/warehouses", {"page": 2, "page_size": 2}).json()
    assert first["count"] == second["count"] == len(everywhere)
    assert [r["code"] for r in first["results"]] == ["bj", "central"]  # by code
    assert [r["code"] for r in second["results"]] == ["hz", "sh"]


def test_a_customer_sees_no_warehouse(everywhere, make_customer, customer_user, api_as):
    response = api_as(customer_user(make_customer())).get("/warehouses")
    assert response.status_code == 403
    assert "results" not in response.json()
