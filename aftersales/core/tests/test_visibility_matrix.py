"""SEC-2: who sees which customers, units and warranty answers.

The owner customer is in 上海 (under 华东); another customer is in 北京 (under 华北) and
a third in 杭州 (under 华东). A record someone may not see answers 404, as an unknown one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from aftersales.accounts.models import User
from aftersales.conftest import PASSWORD
from aftersales.customers.models import Customer
from aftersales.units.models import Unit

pytestmark = pytest.mark.django_db


@dataclass
class World:
    owner: Customer
    other: Customer
    hangzhou: Customer
    owner_unit: Unit
    other_unit: Unit
    hangzhou_unit: Unit
    viewers: dict[str, Any]


@pytest.fixture
def world(regions, make_customer, make_unit, make_staff, customer_user) -> World:
    owner = make_customer(region=regions["shanghai"])
    other = make_customer(region=regions["beijing"])
    hangzhou = make_customer(region=regions["hangzhou"])
    viewers = {
        "anonymous": lambda: None,
        "owner_customer_user": lambda: customer_user(owner),
        "other_customer_user": lambda: customer_user(other),
        "engineer_in_region": lambda: make_staff("engineer", region=regions["shanghai"]),
        "engineer_other_region": lambda: make_staff("engineer", region=regions["beijing"]),
        "engineer_without_region": lambda: make_staff("engineer"),
        "manager_of_parent_region": lambda: make_staff("manager", region=regions["east"]),
        "manager_of_other_region": lambda: make_staff("manager", region=regions["north"]),
        "dispatcher_other_region": lambda: make_staff("dispatcher", region=regions["north"]),
        "agent": lambda: make_staff("agent"),
        "quality": lambda: make_staff("quality"),
        "director": lambda: make_staff("director"),
        "admin": lambda: make_staff("admin"),
        "superuser": lambda: User.objects.create_superuser("root", "r@example.cn", PASSWORD),
    }
    return World(
        owner=owner,
        other=other,
        hangzhou=hangzhou,
        owner_unit=make_unit(owner),
        other_unit=make_unit(other),
        hangzhou_unit=make_unit(hangzhou),
        viewers=viewers,
    )


# viewer → status for the owner's records (上海)
MATRIX = [
    ("anonymous", 401),
    ("owner_customer_user", 200),
    ("other_customer_user", 404),
    ("engineer_in_region", 200),
    ("engineer_other_region", 404),
    ("engineer_without_region", 404),
    ("manager_of_parent_region", 200),
    ("manager_of_other_region", 404),
    ("dispatcher_other_region", 404),
    ("agent", 200),
    ("quality", 200),
    ("director", 200),
    ("admin", 200),
    ("superuser", 200),
]

# viewer → which of (owner, other, hangzhou) its lists show
LISTS = {
    "owner_customer_user": {"owner"},
    "other_customer_user": {"other"},
    "engineer_in_region": {"owner"},
    "engineer_other_region": {"other"},
    "engineer_without_region": set(),
    "manager_of_parent_region": {"owner", "hangzhou"},
    "manager_of_other_region": {"other"},
    "dispatcher_other_region": {"other"},
    "agent": {"owner", "other", "hangzhou"},
    "quality": {"owner", "other", "hangzhou"},
    "director": {"owner", "other", "hangzhou"},
    "admin": {"owner", "other", "hangzhou"},
    "superuser": {"owner", "other", "hangzhou"},
}


def _check(response, status: int) -> None:
    assert response.status_code == status, response.content
    if status != 200:
        body = response.json()
        assert isinstance(body["detail"], str)
        assert body["errors"] == {}
        assert body["code"] == {401: "unauthenticated", 404: "not_found"}[status]


@pytest.mark.parametrize(("viewer", "status"), MATRIX)
def test_customer_read_follows_the_organisation(api_as, world, viewer, status):
    api = api_as(world.viewers[viewer]())

    response = api.get(f"/customers/{world.owner.pk}")

    _check(response, status)
    if status == 200:
        assert response.json()["id"] == world.owner.pk


@pytest.mark.parametrize(("viewer", "status"), MATRIX)
def test_unit_read_follows_the_organisation(api_as, world, viewer, status):
    api = api_as(world.viewers[viewer]())

    response = api.get(f"/units/{world.owner_unit.pk}")

    _check(response, status)
    if status == 200:
        assert response.json()["serial_number"] == world.owner_unit.serial_number


@pytest.mark.parametrize(("viewer", "status"), MATRIX)
def test_warranty_read_follows_the_organisation(api_as, world, viewer, status):
    api = api_as(world.viewers[viewer]())

    response = api.get(f"/warranty/{world.owner_unit.serial_number}")

    _check(response, status)
    if status == 200:
        assert response.json()["serial_number"] == world.owner_unit.serial_number


@pytest.mark.parametrize("viewer", [viewer for viewer, status in MATRIX if status == 404])
def test_invisible_answers_exactly_like_unknown(api_as, world, viewer):
    api = api_as(world.viewers[viewer]())

    hidden = api.get(f"/customers/{world.owner.pk}")
    unknown = api.get("/customers/999999")

    assert hidden.status_code == unknown.status_code == 404
    assert hidden.json() == unknown.json()


@pytest.mark.parametrize("viewer", sorted(LISTS))
def test_customer_list_shows_only_visible_customers(api_as, world, viewer):
    api = api_as(world.viewers[viewer]())
    expected = {getattr(world, name).pk for name in LISTS[viewer]}

    data = api.get("/customers").json()

    assert {row["id"] for row in data["results"]} == expected
    assert data["count"] == len(expected)


@pytest.mark.parametrize("viewer", sorted(LISTS))
def test_unit_list_shows_only_visible_units(api_as, world, viewer):
    api = api_as(world.viewers[viewer]())
    expected = {getattr(world, f"{name}_unit").pk for name in LISTS[viewer]}

    data = api.get("/units").json()

    assert {row["id"] for row in data["results"]} == expected
    assert data["count"] == len(expected)


@pytest.mark.parametrize("viewer", sorted(LISTS))
def test_phone_lookup_does_not_reveal_invisible_customers(api_as, world, viewer):
    api = api_as(world.viewers[viewer]())
    visible = "owner" in LISTS[viewer]

    data = api.get("/customers", {"phone": world.owner.phone}).json()

    assert [row["id"] for row in data["results"]] == ([world.owner.pk] if visible else [])


@pytest.mark.parametrize("viewer", sorted(LISTS))
def test_list_filter_by_invisible_customer_shows_nothing(api_as, world, viewer):
    api = api_as(world.viewers[viewer]())
    visible = "owner" in LISTS[viewer]

    data = api.get("/units", {"customer": world.owner.pk}).json()

    assert [row["id"] for row in data["results"]] == ([world.owner_unit.pk] if visible else [])


def test_engineer_sees_the_customer_of_an_order_assigned_to_him_elsewhere(
    api_as, world, make_staff, make_order, regions
):
    """SEC-2: engineers see their assigned orders (and so those customers) outside the region."""
    engineer = make_staff("engineer", region=regions["beijing"])
    dispatcher = api_as(make_staff("dispatcher"))
    order = make_order(world.owner, unit=world.owner_unit)
    assert dispatcher.post(f"/service-orders/{order.pk}/acknowledge").status_code == 200
    assigned = dispatcher.post(f"/service-orders/{order.pk}/assign", {"engineer": engineer.pk})
    assert assigned.status_code == 200, assigned.content
    api = api_as(engineer)

    assert api.get(f"/customers/{world.owner.pk}").status_code == 200
    assert api.get(f"/customers/{world.hangzhou.pk}").status_code == 404
    listed = {row["id"] for row in api.get("/customers").json()["results"]}
    assert listed == {world.owner.pk, world.other.pk}
