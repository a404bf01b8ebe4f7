"""GET/POST /api/v1/staff (api.md, ORG-2)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from aftersales.accounts.models import User
from aftersales.catalog.services import product_line_create
from aftersales.conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(make_staff):
    return make_staff("admin")


def _body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "username": "eng-zhang",
        "name": "张工",
        "roles": ["engineer"],
        "phone": "13800138000",
        "password": PASSWORD,
    }
    body.update(overrides)
    return body


def _assert_refused(response, status: int, field: str | None = None) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert isinstance(body["detail"], str)
    assert isinstance(body["errors"], dict)
    assert "code" in body
    if field is not None:
        assert field in body["errors"], body
    return body


def test_admin_creates_staff_with_roles_region_and_skills(api_as, admin, regions, product_line):
    response = api_as(admin).post(
        "/staff",
        _body(
            roles=["engineer", "dispatcher"], region=regions["shanghai"].pk, skills=["projector"]
        ),
    )

    assert response.status_code == 201, response.content
    out = response.json()
    assert out["username"] == "eng-zhang"
    assert out["name"] == "张工"
    assert sorted(out["roles"]) == ["dispatcher", "engineer"]
    assert out["region"] == regions["shanghai"].pk
    assert out["skills"] == ["projector"]
    assert out["phone"] == "13800138000"
    assert isinstance(out["id"], int)
    user = User.objects.get(pk=out["id"])
    assert user.role_codes == {"engineer", "dispatcher"}
    assert user.customer_id is None


def test_password_is_write_only_and_works_for_sign_in(api_as, admin):
    response = api_as(admin).post("/staff", _body())

    assert response.status_code == 201, response.content
    assert "password" not in response.json()
    assert PASSWORD not in response.content.decode()
    listed = api_as(admin).get("/staff")
    assert all("password" not in row for row in listed.json()["results"])
    user = User.objects.get(username="eng-zhang")
    assert user.password != PASSWORD  # hashed
    token = api_as(None).post("/auth/token", {"username": "eng-zhang", "password": PASSWORD})
    assert token.status_code == 200


def test_staff_list_shows_roles_region_and_skills(api_as, admin, make_staff, regions, product_line):
    engineer = make_staff("engineer", region=regions["beijing"], skills=[product_line])

    response = api_as(admin).get("/staff")

    assert response.status_code == 200
    rows = {row["id"]: row for row in response.json()["results"]}
    assert rows[engineer.pk]["roles"] == ["engineer"]
    assert rows[engineer.pk]["region"] == regions["beijing"].pk
    assert rows[engineer.pk]["skills"] == ["projector"]
    assert response.json()["count"] == len(rows)


def test_staff_list_leaves_out_customer_sign_ins_and_inactive_staff(
    api_as, admin, make_staff, make_customer, customer_user
):
    gone = make_staff("engineer")
    gone.is_active = False
    gone.save(update_fields=["is_active"])
    portal_user = customer_user(make_customer())

    ids = {row["id"] for row in api_as(admin).get("/staff").json()["results"]}

    assert admin.pk in ids
    assert gone.pk not in ids
    assert portal_user.pk not in ids


def test_staff_list_filters_by_role_and_region(api_as, admin, make_staff, regions):
    in_shanghai = make_staff("engineer", region=regions["shanghai"])
    make_staff("engineer", region=regions["beijing"])
    make_staff("agent", region=regions["shanghai"])

    response = api_as(admin).get("/staff", {"role": "engineer", "region": regions["shanghai"].pk})

    assert [row["id"] for row in response.json()["results"]] == [in_shanghai.pk]
    assert response.json()["count"] == 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"roles": ["wizard"]}, "roles"),
        ({"roles": ["engineer", "customer"]}, "roles"),
        ({"roles": []}, "roles"),
        ({"region": 999999}, "region"),
        ({"skills": ["no-such-line"]}, "skills"),
        ({"password": "123"}, "password"),
        ({"password": "password"}, "password"),
        ({"password": "12345678901"}, "password"),
        ({"phone": "call me"}, "phone"),
        ({"username": "bad name!"}, "username"),
        ({"name": ""}, "name"),
    ],
    ids=[
        "unknown-role",
        "customer-is-not-a-staff-role",
        "no-role",
        "unknown-region",
        "unknown-skill",
        "short-password",
        "common-password",
        "numeric-password",
        "bad-phone",
        "bad-username",
        "empty-name",
    ],
)
def test_bad_staff_input_is_refused_naming_the_field_and_writes_nothing(
    api_as, admin, product_line, overrides, field
):
    before = User.objects.count()

    response = api_as(admin).post("/staff", _body(**overrides))

    _assert_refused(response, 422, field)
    assert User.objects.count() == before
    assert not User.objects.filter(username=_body(**overrides)["username"]).exists()


def test_duplicate_username_is_refused_and_writes_nothing(api_as, admin, make_staff):
    existing = make_staff("agent")
    before = User.objects.count()

    response = api_as(admin).post("/staff", _body(username=existing.username))

    _assert_refused(response, 422, "username")
    assert User.objects.count() == before
    existing.refresh_from_db()
    assert existing.role_codes == {"agent"}


def test_one_unknown_skill_among_known_ones_is_refused(api_as, admin, product_line):
    product_line_create(code="tv", name="电视")
    before = User.objects.count()

    response = api_as(admin).post("/staff", _body(skills=["projector", "tv", "fridge"]))

    _assert_refused(response, 422, "skills")
    assert User.objects.count() == before


@pytest.mark.parametrize(
    "role", ["agent", "dispatcher", "engineer", "manager", "director", "warehouse", "quality"]
)
def test_only_admin_may_create_staff(api_as, make_staff, regions, role):
    actor = make_staff(role, region=regions["east"])
    before = User.objects.count()

    response = api_as(actor).post("/staff", _body())

    _assert_refused(response, 403)
    assert response.json()["code"] == "forbidden"
    assert User.objects.count() == before


def test_customer_user_may_neither_list_nor_create_staff(api_as, make_customer, customer_user):
    portal_user = customer_user(make_customer())
    before = User.objects.count()

    assert api_as(portal_user).get("/staff").status_code == 403
    _assert_refused(api_as(portal_user).post("/staff", _body()), 403)
    assert User.objects.count() == before


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("agent", True),
        ("dispatcher", True),
        ("manager", True),
        ("director", True),
        ("quality", True),
        ("engineer", False),
        ("warehouse", False),
    ],
)
def test_who_may_list_staff(api_as, make_staff, role, allowed):
    actor = make_staff(role)

    response = api_as(actor).get("/staff")

    assert response.status_code == (200 if allowed else 403)


def test_staff_list_pages(api_as, admin, make_staff):
    for _ in range(4):
        make_staff("engineer")

    first = api_as(admin).get("/staff", {"page": 1, "page_size": 2}).json()
    third = api_as(admin).get("/staff", {"page": 3, "page_size": 2}).json()

    assert first["count"] == 5
    assert len(first["results"]) == 2
    assert len(third["results"]) == 1
    assert api_as(admin).get("/staff", {"page_size": 201}).status_code == 422


def test_staff_list_query_count_does_not_grow_with_page_size(api_as, admin, make_staff):
    lines = [product_line_create(code=f"line{i}", name=f"产品线{i}") for i in range(2)]
    for _ in range(30):
        make_staff("engineer", "dispatcher", skills=lines)
    api = api_as(admin)

    with CaptureQueriesContext(connection) as small:
        assert len(api.get("/staff", {"page_size": 3}).json()["results"]) == 3
    with CaptureQueriesContext(connection) as large:
        assert len(api.get("/staff", {"page_size": 30}).json()["results"]) == 30

    assert len(large) == len(small)
