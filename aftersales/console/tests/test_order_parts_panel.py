"""The order page's parts panel (INV-2, INV-4): reserve a part, use it, release it,
use one straight from the engineer's van; the balances follow, refusals show why and
write nothing, and an order the user cannot see is 404 whatever is posted."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from aftersales.catalog.services import part_create
from aftersales.inventory.ledger import post_move
from aftersales.inventory.models import DefectiveReturn, OrderPart, Stock, StockMove
from aftersales.inventory.order_parts import order_part_reserve
from aftersales.inventory.services import warehouse_create
from aftersales.service_orders.models import ServiceOrderEvent

from .conftest import HTMX

pytestmark = pytest.mark.django_db


# --- local fixtures (the inventory tests' conftest is not imported) ------------------


@pytest.fixture(autouse=True)
def _product_line_first(product_model):
    """The product line exists before any engineer is made: engineers get its skill."""
    return product_model


@pytest.fixture
def boss(make_staff):
    return make_staff("admin")


@pytest.fixture
def wh(boss, regions, shanghai_engineer):
    """总仓 (central), 上海区域仓, and the 上海 engineer's van."""
    return {
        "central": warehouse_create(actor=boss, code="central", name="总仓", kind="central"),
        "sh": warehouse_create(
            actor=boss,
            code="sh",
            name="上海区域仓",
            kind="regional",
            region_id=regions["shanghai"].pk,
        ),
        "van": warehouse_create(
            actor=boss,
            code="van-sh",
            name="沪A 随车库",
            kind="van",
            region_id=regions["shanghai"].pk,
            keeper_id=shanghai_engineer.pk,
        ),
    }


@pytest.fixture
def lamp(product_model):
    return part_create(
        sku="LAMP-200",
        name="投影灯泡",
        warranty_class="main",
        price=Decimal("380.00"),
        fits=[product_model],
    )


@pytest.fixture
def cable(db):
    return part_create(
        sku="CABLE-1", name="电源线", warranty_class="consumable", price=Decimal("25.00"), fits=[]
    )


@pytest.fixture
def stocked(boss, wh, lamp):
    """5 lamps in 上海区域仓, 2 in the van."""
    for warehouse, quantity in ((wh["sh"], 5), (wh["van"], 2)):
        with transaction.atomic():
            post_move(
                kind="receipt",
                part_id=lamp.pk,
                part_name=lamp.name,
                quantity=quantity,
                actor=boss,
                at=timezone.now(),
                to_warehouse_id=warehouse.pk,
            )
    return wh


def balance(warehouse, part) -> tuple[int, int]:
    s = Stock.objects.get(warehouse=warehouse, part=part)
    return s.on_hand, s.reserved


def books() -> tuple:
    return (
        list(StockMove.objects.values_list("pk", flat=True).order_by("pk")),
        list(Stock.objects.values_list("pk", "on_hand", "reserved").order_by("pk")),
        list(OrderPart.objects.values_list("pk", "status").order_by("pk")),
        DefectiveReturn.objects.count(),
        ServiceOrderEvent.objects.count(),
    )


def detail(order) -> str:
    return reverse("console:order_detail", args=[order.pk])


def reserve_url(order) -> str:
    return reverse("console:order_parts_reserve", args=[order.pk])


def issue_url(used) -> str:
    return reverse("console:order_part_issue", args=[used.order_id, used.pk])


def release_url(used) -> str:
    return reverse("console:order_part_release", args=[used.order_id, used.pk])


# --- what the panel shows -------------------------------------------------------------


def test_the_order_page_offers_the_reserve_form_with_fitting_parts_first(
    english, agent, stocked, lamp, cable, shanghai_order
):
    body = english(agent).get(detail(shanghai_order)).content.decode()
    assert '<section id="parts-panel" class="card parts">' in body
    assert "No parts reserved or used on this order." in body
    assert "Reserve a part" in body
    fits, others = body.index("Fits this unit&#x27;s model"), body.index("Other parts")
    assert fits < body.index("LAMP-200 · 投影灯泡") < others < body.index("CABLE-1 · 电源线")
    assert 'name="use_now"' not in body  # agents may reserve, not use parts


def test_an_engineer_gets_their_van_first_and_preselected_and_may_use_parts_now(
    english, shanghai_engineer, drive, stocked, shanghai_order
):
    drive(shanghai_order, "on_site")
    response = english(shanghai_engineer).get(detail(shanghai_order))
    form = response.context["pp"]["form"]
    choices = [value for value, _label in form.fields["warehouse"].choices if value]
    assert choices[0] == stocked["van"].pk
    assert form.initial["warehouse"] == stocked["van"].pk
    assert 'name="use_now"' in response.content.decode()


def test_a_user_who_may_not_reserve_sees_no_panel_on_an_order_without_parts(
    english, make_staff, stocked, shanghai_order
):
    response = english(make_staff("quality")).get(detail(shanghai_order))
    assert response.context["pp"] is None
    assert '<section id="parts-panel" hidden></section>' in response.content.decode()


# --- reserve, issue, release ----------------------------------------------------------


def test_reserving_through_htmx_sets_the_part_aside_and_answers_with_the_panel(
    english, agent, stocked, lamp, shanghai_order
):
    response = english(agent).post(
        reserve_url(shanghai_order),
        {"part": lamp.pk, "warehouse": stocked["sh"].pk, "quantity": "2"},
        headers=HTMX,
    )
    body = response.content.decode()
    assert response.status_code == 200, body[:3000]
    assert body.lstrip().startswith('<section id="parts-panel" class="card parts">')
    assert '<section id="quote-panel" class="card" hx-swap-oob="true">' in body
    assert '<section id="timeline" class="card" hx-swap-oob="true">' in body
    assert "Reserved: 2 × 投影灯泡 in 上海区域仓." in body
    used = OrderPart.objects.get()
    assert (used.status, used.quantity, used.chargeable) == ("reserved", 2, False)
    assert balance(stocked["sh"], lamp) == (5, 2)
    assert "in warranty" in body
    assert release_url(used) in body
    assert issue_url(used) not in body  # agents reserve and release; engineers use parts


def test_reserving_without_htmx_redirects_to_the_order_with_a_message(
    english, agent, stocked, lamp, shanghai_order
):
    response = english(agent).post(
        reserve_url(shanghai_order),
        {"part": lamp.pk, "warehouse": stocked["sh"].pk, "quantity": "1"},
        follow=True,
    )
    assert response.redirect_chain == [(detail(shanghai_order), 302)]
    assert "Reserved: 1 × 投影灯泡 in 上海区域仓." in response.content.decode()


def test_issuing_a_reservation_uses_the_part_and_owes_the_defective_original(
    english, shanghai_engineer, boss, drive, stocked, lamp, shanghai_order
):
    drive(shanghai_order, "in_progress")
    used = order_part_reserve(
        actor=boss,
        order_id=shanghai_order.pk,
        part_id=lamp.pk,
        warehouse_id=stocked["sh"].pk,
        quantity=1,
    )
    client = english(shanghai_engineer)
    assert issue_url(used) in client.get(detail(shanghai_order)).content.decode()
    response = client.post(issue_url(used), headers=HTMX)
    body = response.content.decode()
    assert response.status_code == 200, body[:3000]
    used.refresh_from_db()
    assert used.status == "issued"
    assert balance(stocked["sh"], lamp) == (4, 0)
    assert DefectiveReturn.objects.get(order_part=used).status == "pending"
    assert "Used: 1 × 投影灯泡 from 上海区域仓." in body
    assert "owed" in body
    assert issue_url(used) not in body


def test_releasing_puts_the_part_back(english, agent, boss, stocked, lamp, shanghai_order):
    used = order_part_reserve(
        actor=boss,
        order_id=shanghai_order.pk,
        part_id=lamp.pk,
        warehouse_id=stocked["sh"].pk,
        quantity=3,
    )
    response = english(agent).post(release_url(used))
    assert response.status_code == 302
    used.refresh_from_db()
    assert used.status == "released"
    assert balance(stocked["sh"], lamp) == (5, 0)
    page = english(agent).get(detail(shanghai_order)).content.decode()
    assert 'class="part-released"' in page
    assert release_url(used) not in page


def test_a_part_used_now_comes_straight_from_the_engineers_van(
    english, shanghai_engineer, drive, stocked, lamp, old_order
):
    drive(old_order, "on_site")
    response = english(shanghai_engineer).post(
        reserve_url(old_order),
        {"part": lamp.pk, "warehouse": stocked["van"].pk, "quantity": "1", "use_now": "on"},
        headers=HTMX,
    )
    body = response.content.decode()
    assert response.status_code == 200, body[:3000]
    used = OrderPart.objects.get()
    assert (used.status, used.chargeable, used.unit_price) == ("issued", True, Decimal("380.00"))
    assert balance(stocked["van"], lamp) == (1, 0)
    assert not DefectiveReturn.objects.exists()  # chargeable: nothing owed back
    assert "Used: 1 × 投影灯泡 from 沪A 随车库." in body
    assert "chargeable" in body
    assert "380.00" in body


# --- refusals -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"quantity": "0"}, "quantity", "must be between 1 and"),
        ({"quantity": "x"}, "quantity", "Enter a whole number."),
        ({"warehouse": ""}, "warehouse", "is required"),
        ({"part": ""}, "part", "is required"),
        ({"use_now": "on", "warehouse": ""}, "warehouse", "is required for a issue"),
        ({"use_now": "on", "quantity": "0"}, "quantity", "must be at least 1"),
    ],
)
def test_a_bad_reservation_is_422_on_its_field_and_writes_nothing(
    english, shanghai_engineer, drive, stocked, lamp, shanghai_order, data, field, message
):
    drive(shanghai_order, "on_site")
    before = books()
    values = {"part": lamp.pk, "warehouse": stocked["van"].pk, "quantity": "1", **data}
    response = english(shanghai_engineer).post(reserve_url(shanghai_order), values, headers=HTMX)
    assert response.status_code == 422
    errors = response.context["pp"]["form"].errors
    assert any(message in e for e in errors[field]), errors
    assert 'details class="action" open' in response.content.decode()
    assert books() == before


@pytest.mark.parametrize("use_now", ["", "on"])
def test_more_than_is_available_is_409_in_the_panel_and_writes_nothing(
    english, shanghai_engineer, drive, stocked, lamp, shanghai_order, use_now
):
    drive(shanghai_order, "on_site")
    before = books()
    response = english(shanghai_engineer).post(
        reserve_url(shanghai_order),
        {"part": lamp.pk, "warehouse": stocked["van"].pk, "quantity": "3", "use_now": use_now},
        headers=HTMX,
    )
    assert response.status_code == 409
    assert "Not enough 投影灯泡 in 沪A 随车库: 2 available, 3 needed." in response.content.decode()
    assert books() == before


def test_a_role_without_the_permission_gets_the_services_403_and_nothing_is_written(
    english, make_staff, boss, stocked, lamp, shanghai_order
):
    used = order_part_reserve(
        actor=boss,
        order_id=shanghai_order.pk,
        part_id=lamp.pk,
        warehouse_id=stocked["sh"].pk,
        quantity=1,
    )
    quality = english(make_staff("quality"))  # sees every order, may not touch parts
    before = books()
    for url, data in (
        (reserve_url(shanghai_order), {"part": lamp.pk, "warehouse": stocked["sh"].pk}),
        (issue_url(used), {}),
        (release_url(used), {}),
    ):
        response = quality.post(url, {"quantity": "1", **data}, headers=HTMX)
        assert response.status_code == 403, url
        assert 'role="alert"' in response.content.decode()
    assert books() == before


def test_an_invisible_order_is_404_whatever_is_posted(
    client_as, make_staff, regions, boss, stocked, lamp, shanghai_order
):
    used = order_part_reserve(
        actor=boss,
        order_id=shanghai_order.pk,
        part_id=lamp.pk,
        warehouse_id=stocked["sh"].pk,
        quantity=1,
    )
    beijing = client_as(make_staff("dispatcher", region=regions["beijing"]))
    before = books()
    for url in (reserve_url(shanghai_order), issue_url(used), release_url(used)):
        assert beijing.post(url, {"part": lamp.pk, "quantity": "1"}).status_code == 404
    assert books() == before


def test_a_part_of_another_order_is_404(
    client_as, agent, boss, stocked, lamp, shanghai_order, old_order
):
    used = order_part_reserve(
        actor=boss,
        order_id=old_order.pk,
        part_id=lamp.pk,
        warehouse_id=stocked["sh"].pk,
        quantity=1,
    )
    url = reverse("console:order_part_release", args=[shanghai_order.pk, used.pk])
    assert client_as(agent).post(url).status_code == 404
    assert OrderPart.objects.get().status == "reserved"


def test_no_reserve_form_or_issue_button_once_the_order_is_accepted(
    english, agent, boss, drive, stocked, lamp, shanghai_order
):
    used = order_part_reserve(
        actor=boss,
        order_id=shanghai_order.pk,
        part_id=lamp.pk,
        warehouse_id=stocked["sh"].pk,
        quantity=1,
    )
    drive(shanghai_order, "accepted")  # the acceptance released the unused reservation
    response = english(agent).get(detail(shanghai_order))
    body = response.content.decode()
    assert response.context["pp"]["form"] is None
    assert issue_url(used) not in body
    assert release_url(used) not in body
    # a forged issue is the service's 409, shown in the panel; nothing written
    before = books()
    response = english(boss).post(issue_url(used), headers=HTMX)
    assert response.status_code == 409
    assert "The part is already released." in response.content.decode()
    assert books() == before


def test_cancelling_the_order_releases_its_reservations(
    english, agent, boss, stocked, lamp, shanghai_order
):
    order_part_reserve(
        actor=boss,
        order_id=shanghai_order.pk,
        part_id=lamp.pk,
        warehouse_id=stocked["sh"].pk,
        quantity=2,
    )
    url = reverse("console:order_action", args=[shanghai_order.pk, "cancel"])
    response = english(agent).post(url, {"reason": "客户取消"}, headers=HTMX)
    assert response.status_code == 200
    assert OrderPart.objects.get().status == "released"
    assert balance(stocked["sh"], lamp) == (5, 0)
    assert '<section id="parts-panel" class="card parts" hx-swap-oob="true">' in (
        response.content.decode()
    )


def test_a_regional_engineer_reserves_from_the_central_warehouse_but_uses_nothing_from_it(
    english, shanghai_engineer, boss, drive, stocked, lamp, shanghai_order
):
    with transaction.atomic():
        post_move(
            kind="receipt",
            part_id=lamp.pk,
            part_name=lamp.name,
            quantity=4,
            actor=boss,
            at=timezone.now(),
            to_warehouse_id=stocked["central"].pk,
        )
    drive(shanghai_order, "on_site")
    client = english(shanghai_engineer)
    values = {"part": lamp.pk, "warehouse": stocked["central"].pk, "quantity": "1"}
    before = books()
    response = client.post(reserve_url(shanghai_order), {**values, "use_now": "on"}, headers=HTMX)
    assert response.status_code == 403
    assert "Only head office books moves" in response.content.decode()
    assert books() == before
    response = client.post(reserve_url(shanghai_order), values, headers=HTMX)
    assert response.status_code == 200
    assert balance(stocked["central"], lamp) == (4, 1)
