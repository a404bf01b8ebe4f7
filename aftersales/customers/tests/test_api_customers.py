"""GET/POST/PATCH /api/v1/customers and POST /customers/{id}/users (CUS-1..3)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from aftersales.accounts.models import User
from aftersales.conftest import PASSWORD
from aftersales.customers.models import Contact, Customer

pytestmark = pytest.mark.django_db


def _assert_refused(response, status: int, field: str | None = None) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert isinstance(body["detail"], str)
    assert isinstance(body["errors"], dict)
    assert "code" in body
    if field is not None:
        assert field in body["errors"], body
    return body


def _body(regions, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": "上海光华学校",
        "kind": "enterprise",
        "phone": "021-62345678",
        "email": "it@guanghua.example.cn",
        "region": regions["shanghai"].pk,
        "address": "上海市徐汇区漕溪北路1号",
    }
    body.update(overrides)
    return body


def _snapshot(customer: Customer) -> dict[str, Any]:
    row = Customer.objects.filter(pk=customer.pk).values().get()
    row.pop("updated_at")
    return row


# --- create and read ---------------------------------------------------------------


def test_agent_creates_a_customer(api_as, agent, regions):
    response = api_as(agent).post("/customers", _body(regions))

    assert response.status_code == 201, response.content
    out = response.json()
    assert out["name"] == "上海光华学校"
    assert out["kind"] == "enterprise"
    assert out["phone"] == "021-62345678"
    assert out["region"] == regions["shanghai"].pk
    assert out["contract_warranty_months"] is None
    assert Customer.objects.filter(pk=out["id"]).exists()


def test_project_customer_keeps_its_contract_periods(api_as, agent, regions):
    response = api_as(agent).post(
        "/customers",
        _body(
            regions,
            kind="project",
            contract_warranty_months=36,
            contract_accessory_warranty_months=12,
        ),
    )

    assert response.status_code == 201, response.content
    assert response.json()["contract_warranty_months"] == 36
    assert response.json()["contract_accessory_warranty_months"] == 12


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"kind": "consumer", "contract_warranty_months": 24}, "contract_warranty_months"),
        (
            {"kind": "enterprise", "contract_accessory_warranty_months": 12},
            "contract_accessory_warranty_months",
        ),
        ({"kind": "project", "contract_warranty_months": 37}, "contract_warranty_months"),
        (
            {"kind": "project", "contract_accessory_warranty_months": 48},
            "contract_accessory_warranty_months",
        ),
        ({"kind": "project", "contract_warranty_months": -1}, "contract_warranty_months"),
        ({"kind": "vip"}, "kind"),
        ({"phone": "no phone"}, "phone"),
        ({"phone": ""}, "phone"),
        ({"name": "   "}, "name"),
        ({"email": "not-an-email"}, "email"),
        ({"region": 999999}, "region"),
    ],
)
def test_bad_customer_is_refused_naming_the_field_and_writes_nothing(
    api_as, agent, regions, overrides, field
):
    response = api_as(agent).post("/customers", _body(regions, **overrides))

    _assert_refused(response, 422, field)
    assert Customer.objects.count() == 0


@pytest.mark.parametrize("role", ["engineer", "warehouse", "quality"])
def test_roles_without_customer_create_are_refused(api_as, make_staff, regions, role):
    actor = make_staff(role, region=regions["shanghai"])

    _assert_refused(api_as(actor).post("/customers", _body(regions)), 403)
    assert Customer.objects.count() == 0


def test_customer_user_may_not_create_customers(api_as, make_customer, customer_user, regions):
    portal_user = customer_user(make_customer())
    before = Customer.objects.count()

    _assert_refused(api_as(portal_user).post("/customers", _body(regions)), 403)
    assert Customer.objects.count() == before


def test_customer_is_read_by_id(api_as, agent, make_customer):
    customer = make_customer()

    response = api_as(agent).get(f"/customers/{customer.pk}")

    assert response.status_code == 200
    assert response.json()["id"] == customer.pk
    assert response.json()["name"] == customer.name


def test_unknown_customer_is_404(api_as, agent, db):
    _assert_refused(api_as(agent).get("/customers/999999"), 404)


# --- lookup by phone (CUS-3) -------------------------------------------------------


def test_phone_lookup_finds_the_customer_by_its_own_phone(api_as, agent, make_customer):
    wanted = make_customer(phone="13912345678")
    make_customer(phone="13900000000")

    response = api_as(agent).get("/customers", {"phone": "13912345678"})

    assert [row["id"] for row in response.json()["results"]] == [wanted.pk]
    assert response.json()["count"] == 1


def test_phone_lookup_finds_the_customer_by_a_contacts_phone(api_as, agent, make_customer):
    wanted = make_customer(phone="021-60000001")
    Contact.objects.create(customer=wanted, name="王老师", phone="13712345678")
    make_customer(phone="021-60000002")

    response = api_as(agent).get("/customers", {"phone": "13712345678"})

    assert [row["id"] for row in response.json()["results"]] == [wanted.pk]


def test_phone_lookup_lists_a_customer_once_even_with_several_matches(api_as, agent, make_customer):
    wanted = make_customer(phone="13712345678")
    Contact.objects.create(customer=wanted, name="王老师", phone="13712345678")
    Contact.objects.create(customer=wanted, name="李老师", phone="13712345678")

    response = api_as(agent).get("/customers", {"phone": "13712345678"})

    assert [row["id"] for row in response.json()["results"]] == [wanted.pk]
    assert response.json()["count"] == 1


def test_phone_lookup_accepts_the_number_as_typed_with_spaces(api_as, agent, make_customer):
    """Phones are stored normalised (spaces removed); the lookup normalises the same way."""
    wanted = make_customer(phone="139 1234 5678")

    response = api_as(agent).get("/customers", {"phone": "139 1234 5678"})

    assert [row["id"] for row in response.json()["results"]] == [wanted.pk]


def test_phone_lookup_finds_nothing_for_an_unknown_number(api_as, agent, make_customer):
    make_customer()

    response = api_as(agent).get("/customers", {"phone": "13000000000"})

    assert response.json() == {"count": 0, "results": []}


# --- PATCH -------------------------------------------------------------------------


def test_patch_changes_only_the_given_fields(api_as, agent, make_customer):
    customer = make_customer(email="old@example.cn")
    before = _snapshot(customer)

    response = api_as(agent).patch(f"/customers/{customer.pk}", {"address": "上海市静安区2号"})

    assert response.status_code == 200, response.content
    assert response.json()["address"] == "上海市静安区2号"
    after = _snapshot(customer)
    assert after.pop("address") == "上海市静安区2号"
    before.pop("address")
    assert after == before


def test_patch_turns_a_customer_into_a_project_customer_with_a_contract(
    api_as, agent, make_customer
):
    customer = make_customer(kind="enterprise")

    response = api_as(agent).patch(
        f"/customers/{customer.pk}", {"kind": "project", "contract_warranty_months": 24}
    )

    assert response.status_code == 200, response.content
    customer.refresh_from_db()
    assert (customer.kind, customer.contract_warranty_months) == ("project", 24)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"phone": "bad phone"}, "phone"),
        ({"kind": "vip"}, "kind"),
        ({"contract_warranty_months": 12}, "contract_warranty_months"),
        ({"region": 999999}, "region"),
        ({"region": None}, "region"),
        ({"name": ""}, "name"),
        ({"email": "nope"}, "email"),
        ({"address": "新地址", "phone": "bad phone"}, "phone"),
    ],
)
def test_patch_with_a_bad_field_leaves_the_row_unchanged(api_as, agent, make_customer, body, field):
    customer = make_customer()
    before = _snapshot(customer)

    response = api_as(agent).patch(f"/customers/{customer.pk}", body)

    _assert_refused(response, 422, field)
    assert _snapshot(customer) == before


def test_patch_making_a_project_customer_a_consumer_keeps_its_contract(
    api_as, agent, make_customer
):
    customer = make_customer(kind="project", contract_warranty_months=36)
    before = _snapshot(customer)

    response = api_as(agent).patch(f"/customers/{customer.pk}", {"kind": "consumer"})

    _assert_refused(response, 422, "contract_warranty_months")
    assert _snapshot(customer) == before


def test_patch_over_36_contract_months_is_refused(api_as, agent, make_customer):
    customer = make_customer(kind="project", contract_warranty_months=24)
    before = _snapshot(customer)

    response = api_as(agent).patch(f"/customers/{customer.pk}", {"contract_warranty_months": 37})

    _assert_refused(response, 422, "contract_warranty_months")
    assert _snapshot(customer) == before


def test_engineer_may_see_but_not_patch_a_customer(api_as, make_staff, make_customer, regions):
    customer = make_customer(region=regions["shanghai"])
    engineer = make_staff("engineer", region=regions["shanghai"])
    before = _snapshot(customer)

    response = api_as(engineer).patch(f"/customers/{customer.pk}", {"name": "改名"})

    _assert_refused(response, 403)
    assert _snapshot(customer) == before


def test_patch_of_an_invisible_customer_is_404_and_changes_nothing(
    api_as, make_staff, make_customer, regions
):
    customer = make_customer(region=regions["shanghai"])
    manager = make_staff("manager", region=regions["north"])
    before = _snapshot(customer)

    _assert_refused(api_as(manager).patch(f"/customers/{customer.pk}", {"name": "改名"}), 404)
    assert _snapshot(customer) == before


# --- customer sign-ins -------------------------------------------------------------


def test_customer_sign_in_sees_only_its_own_customer(api_as, agent, make_customer):
    own = make_customer()
    other = make_customer()

    created = api_as(agent).post(
        f"/customers/{own.pk}/users", {"username": "guanghua", "password": PASSWORD}
    )

    assert created.status_code == 201, created.content
    assert created.json()["customer"] == own.pk
    assert "password" not in created.json()
    token = api_as(None).post("/auth/token", {"username": "guanghua", "password": PASSWORD})
    assert token.status_code == 200
    api = api_as(User.objects.get(username="guanghua"))
    listed = api.get("/customers")
    assert listed.json()["count"] == 1
    assert [row["id"] for row in listed.json()["results"]] == [own.pk]
    assert api.get(f"/customers/{own.pk}").status_code == 200
    _assert_refused(api.get(f"/customers/{other.pk}"), 404)


def test_customer_sign_in_is_not_staff(api_as, agent, make_customer):
    customer = make_customer()

    api_as(agent).post(f"/customers/{customer.pk}/users", {"username": "c1", "password": PASSWORD})

    user = User.objects.get(username="c1")
    assert user.customer_id == customer.pk
    assert not user.is_staff
    assert not user.is_superuser
    assert user.role_codes == {"customer"}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"username": "taken", "password": PASSWORD}, "username"),
        ({"username": "fresh", "password": "123"}, "password"),
        ({"username": "fresh", "password": "password"}, "password"),
        ({"username": "", "password": PASSWORD}, "username"),
        ({"username": "fresh"}, "password"),
    ],
)
def test_bad_customer_sign_in_is_refused_and_writes_nothing(
    api_as, agent, make_staff, make_customer, body, field
):
    make_staff("agent", username="taken")
    customer = make_customer()
    before = User.objects.count()

    response = api_as(agent).post(f"/customers/{customer.pk}/users", body)

    _assert_refused(response, 422, field)
    assert User.objects.count() == before


@pytest.mark.parametrize(("role", "status"), [("engineer", 403), ("dispatcher", 403)])
def test_roles_without_the_right_may_not_create_customer_sign_ins(
    api_as, make_staff, make_customer, regions, role, status
):
    customer = make_customer(region=regions["shanghai"])
    actor = make_staff(role, region=regions["shanghai"])
    before = User.objects.count()

    response = api_as(actor).post(
        f"/customers/{customer.pk}/users", {"username": "x1", "password": PASSWORD}
    )

    _assert_refused(response, status)
    assert User.objects.count() == before


def test_customer_user_may_not_create_further_sign_ins(api_as, make_customer, customer_user):
    customer = make_customer()
    portal_user = customer_user(customer)
    before = User.objects.count()

    response = api_as(portal_user).post(
        f"/customers/{customer.pk}/users", {"username": "x2", "password": PASSWORD}
    )

    _assert_refused(response, 403)
    assert User.objects.count() == before


def test_sign_in_for_an_invisible_customer_is_404(api_as, make_staff, make_customer, regions):
    customer = make_customer(region=regions["shanghai"])
    manager = make_staff("manager", region=regions["north"])
    before = User.objects.count()

    response = api_as(manager).post(
        f"/customers/{customer.pk}/users", {"username": "x3", "password": PASSWORD}
    )

    _assert_refused(response, 404)
    assert User.objects.count() == before


# --- lists -------------------------------------------------------------------------


def test_customer_list_filters_by_kind_and_region(api_as, agent, make_customer, regions):
    wanted = make_customer(kind="project", region=regions["beijing"])
    make_customer(kind="project", region=regions["shanghai"])
    make_customer(kind="consumer", region=regions["beijing"])

    response = api_as(agent).get("/customers", {"kind": "project", "region": regions["beijing"].pk})

    assert [row["id"] for row in response.json()["results"]] == [wanted.pk]


def test_customer_list_pages_and_counts(api_as, agent, make_customer):
    for _ in range(5):
        make_customer()

    page = api_as(agent).get("/customers", {"page": 2, "page_size": 2}).json()

    assert page["count"] == 5
    assert len(page["results"]) == 2


def test_customer_list_query_count_does_not_grow_with_page_size(api_as, agent, make_customer):
    for _ in range(30):
        make_customer()
    api = api_as(agent)

    with CaptureQueriesContext(connection) as small:
        assert len(api.get("/customers", {"page_size": 3}).json()["results"]) == 3
    with CaptureQueriesContext(connection) as large:
        assert len(api.get("/customers", {"page_size": 30}).json()["results"]) == 30

    assert len(large) == len(small)
