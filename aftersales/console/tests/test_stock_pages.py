"""The spare-parts pages (INV-1, INV-2): stock by warehouse and part, the move history
and the move form — who sees which warehouse, the filters, and that every refused move
shows why and writes nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from aftersales.catalog.services import part_create
from aftersales.inventory.ledger import post_move
from aftersales.inventory.models import DefectiveReturn, OrderPart, Stock, StockMove
from aftersales.inventory.order_parts import order_part_issue
from aftersales.inventory.selectors import stock_search
from aftersales.inventory.services import warehouse_create
from aftersales.service_orders.selectors import service_order_by_number

from .conftest import HTMX

pytestmark = pytest.mark.django_db

STOCK = reverse("console:stock")
MOVES = reverse("console:stock_moves")
NEW_MOVE = reverse("console:stock_move_new")


# --- local fixtures (the inventory tests' conftest is not imported) ------------------


@pytest.fixture
def boss(make_staff):
    return make_staff("admin")


@pytest.fixture
def wh(boss, regions):
    """总仓 (central), 上海区域仓, 北京区域仓."""
    return {
        "central": warehouse_create(actor=boss, code="central", name="总仓", kind="central"),
        "sh": warehouse_create(
            actor=boss,
            code="sh",
            name="上海区域仓",
            kind="regional",
            region_id=regions["shanghai"].pk,
        ),
        "bj": warehouse_create(
            actor=boss,
            code="bj",
            name="北京区域仓",
            kind="regional",
            region_id=regions["beijing"].pk,
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
def fan(product_model):
    return part_create(
        sku="FAN-10", name="散热风扇", warranty_class="main", price=Decimal("60.00"), fits=[]
    )


@pytest.fixture
def receive(boss):
    """``receive(warehouse, part, n)``: a receipt through the ledger."""

    def go(warehouse, part, quantity: int) -> StockMove:
        with transaction.atomic():
            return post_move(
                kind="receipt",
                part_id=part.pk,
                part_name=part.name,
                quantity=quantity,
                actor=boss,
                at=timezone.now(),
                to_warehouse_id=warehouse.pk,
            )

    return go


@pytest.fixture
def bj_keeper(make_staff, regions):
    return make_staff("warehouse", region=regions["beijing"])


@pytest.fixture
def sh_keeper(make_staff, regions):
    return make_staff("warehouse", region=regions["shanghai"])


def balance(warehouse, part) -> tuple[int, int, int]:
    s = Stock.objects.filter(warehouse=warehouse, part=part).first()
    return (s.on_hand, s.reserved, s.defective) if s else (0, 0, 0)


def books() -> tuple:
    """Everything a refused move must leave alone."""
    return (
        list(StockMove.objects.values_list("pk", flat=True).order_by("pk")),
        list(Stock.objects.values_list("pk", "on_hand", "reserved", "defective").order_by("pk")),
        list(DefectiveReturn.objects.values_list("pk", "status").order_by("pk")),
    )


# --- the stock page -------------------------------------------------------------------


def test_a_beijing_keeper_sees_beijing_and_central_stock_but_not_shanghai(
    english, bj_keeper, wh, lamp, receive
):
    for name in ("central", "sh", "bj"):
        receive(wh[name], lamp, 4)
    response = english(bj_keeper).get(STOCK)
    body = response.content.decode()
    assert response.status_code == 200
    assert [s.warehouse.code for s in response.context["page"]] == ["bj", "central"]
    assert "北京区域仓" in body
    assert "总仓" in body
    assert "上海区域仓" not in body  # neither a row nor a filter choice
    assert f'href="{MOVES}?warehouse={wh["bj"].pk}&amp;part={lamp.pk}"' in body


def test_stock_filters_by_warehouse_part_search_and_below_minimum(
    english, boss, wh, lamp, fan, receive
):
    receive(wh["sh"], lamp, 3)
    receive(wh["sh"], fan, 9)
    receive(wh["bj"], lamp, 8)
    Stock.objects.filter(warehouse=wh["sh"], part=lamp).update(min_level=5, max_level=10)
    Stock.objects.filter(warehouse=wh["bj"], part=lamp).update(min_level=5)
    client = english(boss)

    def rows(**params) -> list[tuple[str, str]]:
        page = client.get(STOCK, params).context["page"]
        return [(s.warehouse.code, s.part.sku) for s in page]

    assert rows(warehouse=wh["sh"].pk) == [("sh", "FAN-10"), ("sh", "LAMP-200")]
    assert rows(q="lamp") == [("bj", "LAMP-200"), ("sh", "LAMP-200")]
    assert rows(q="风扇") == [("sh", "FAN-10")]
    assert rows(below_minimum="on") == [("sh", "LAMP-200")]
    body = client.get(STOCK, {"warehouse": wh["sh"].pk}).content.decode()
    assert body.count('class="below-min"') == 1
    assert "below minimum" in body
    assert "5 / 10" in body


def test_the_highlight_is_the_below_minimum_filter(boss, wh, lamp, fan, receive):
    receive(wh["sh"], lamp, 3)
    receive(wh["sh"], fan, 5)
    Stock.objects.filter(part=lamp).update(min_level=4)
    Stock.objects.filter(part=fan).update(min_level=5)  # at the minimum: not below
    marked = {s.pk for s in stock_search(user=boss) if s.is_below_minimum}
    assert marked == {s.pk for s in stock_search(user=boss, below_minimum=True)}
    assert marked == {Stock.objects.get(part=lamp).pk}


def test_a_warehouse_the_user_does_not_see_filters_nothing_and_says_so(
    english, bj_keeper, wh, lamp, receive
):
    receive(wh["sh"], lamp, 2)
    response = english(bj_keeper).get(STOCK, {"warehouse": wh["sh"].pk})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 0
    assert response.context["form"].errors["warehouse"]


def test_the_stock_filter_answers_htmx_with_the_table_only(english, boss, wh, lamp, receive):
    receive(wh["sh"], lamp, 2)
    response = english(boss).get(STOCK, {"q": "LAMP"}, headers=HTMX)
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<div id="stock-table"')
    assert "<html" not in body


def test_the_stock_page_is_paginated_by_50(english, boss, wh, product_model, receive):
    for n in range(51):
        receive(wh["central"], part_create(sku=f"P-{n:03d}", name=f"件{n}", **_part()), 1)
    client = english(boss)
    assert len(client.get(STOCK).context["page"].object_list) == 50
    assert [s.part.sku for s in client.get(STOCK, {"page": 2}).context["page"]] == ["P-050"]


def _part() -> dict:
    return {"warranty_class": "consumable", "price": Decimal("1.00"), "fits": []}


def test_customers_get_403_and_anonymous_visitors_the_sign_in_page(
    client_as, customer_user, make_customer, client
):
    customer = customer_user(make_customer())
    for url in (STOCK, MOVES, NEW_MOVE):
        assert client_as(customer).get(url).status_code == 403
        response = client.get(url)
        assert response.status_code == 302
        assert reverse("console:login") in response["Location"]


def test_the_top_bar_links_inventory_for_staff(english, make_staff):
    body = english(make_staff("quality")).get(STOCK).content.decode()
    assert f'<a href="{STOCK}">Inventory</a>' in body


# --- the move history -----------------------------------------------------------------


def test_the_move_history_lists_visible_moves_newest_first_with_filters(
    english, boss, bj_keeper, wh, lamp, fan, receive, shanghai_order
):
    receive(wh["bj"], lamp, 5)
    receive(wh["sh"], lamp, 5)
    receive(wh["central"], fan, 7)
    order_part_issue(
        actor=boss,
        order_id=shanghai_order.pk,
        part_id=lamp.pk,
        warehouse_id=wh["sh"].pk,
        quantity=1,
    )
    client = english(boss)

    def kinds(user_client=client, **params) -> list[tuple[str, str]]:
        page = user_client.get(MOVES, params).context["page"]
        return [(m.kind, m.part.sku) for m in page]

    assert kinds() == [
        ("issue", "LAMP-200"),
        ("receipt", "FAN-10"),
        ("receipt", "LAMP-200"),
        ("receipt", "LAMP-200"),
    ]
    assert kinds(warehouse=wh["sh"].pk, part=lamp.pk) == [
        ("issue", "LAMP-200"),
        ("receipt", "LAMP-200"),
    ]
    assert kinds(kind="receipt", part=fan.pk) == [("receipt", "FAN-10")]
    assert kinds(order=shanghai_order.number.lower()) == [("issue", "LAMP-200")]
    # the 北京 keeper sees 北京's and the central warehouse's lines only
    assert kinds(english(bj_keeper)) == [("receipt", "FAN-10"), ("receipt", "LAMP-200")]

    body = client.get(MOVES, {"kind": "issue"}).content.decode()
    order_url = reverse("console:order_detail", args=[shanghai_order.pk])
    assert f'<a class="num" href="{order_url}">{shanghai_order.number}</a>' in body
    assert "上海区域仓 → —" in body
    assert str(boss) in body


def test_the_move_history_answers_htmx_with_the_table_only(english, boss, wh, lamp, receive):
    receive(wh["sh"], lamp, 1)
    response = english(boss).get(MOVES, {"kind": "receipt"}, headers=HTMX)
    assert response.content.decode().lstrip().startswith('<div id="move-table"')


# --- the move form --------------------------------------------------------------------


@pytest.mark.parametrize("role", ["engineer", "agent", "dispatcher", "quality"])
def test_the_move_form_is_403_without_stock_move(english, make_staff, regions, wh, lamp, role):
    client = english(make_staff(role, region=regions["shanghai"]))
    assert client.get(NEW_MOVE).status_code == 403
    response = client.post(
        NEW_MOVE, {"kind": "receipt", "part": lamp.pk, "quantity": 1, "to_warehouse": wh["sh"].pk}
    )
    assert response.status_code == 403
    assert StockMove.objects.count() == 0


def test_the_move_form_offers_the_keepers_warehouses_and_prefills_from_the_stock_page(
    english, sh_keeper, wh, lamp
):
    response = english(sh_keeper).get(
        NEW_MOVE, {"kind": "receipt", "part": lamp.pk, "to_warehouse": wh["sh"].pk}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "上海区域仓" in body
    assert "总仓" in body
    assert "北京区域仓" not in body
    assert f'<option value="{wh["sh"].pk}" selected>' in body
    assert '.move-form:has(#id_kind option[value="receipt"]:checked) .for-from' in body


def test_a_receipt_is_booked_and_the_history_follows_with_a_message(english, sh_keeper, wh, lamp):
    client = english(sh_keeper)
    response = client.post(
        NEW_MOVE,
        {
            "kind": "receipt",
            "part": lamp.pk,
            "quantity": "6",
            "to_warehouse": wh["sh"].pk,
            "from_warehouse": wh["sh"].pk,  # left from another kind: ignored
            "reason": "采购入库",
        },
        follow=True,
    )
    assert response.redirect_chain == [(MOVES, 302)]
    assert "Booked: receipt of 6 × 投影灯泡." in response.content.decode()
    move = StockMove.objects.get()
    assert (move.kind, move.from_warehouse_id, move.to_warehouse_id) == (
        "receipt",
        None,
        wh["sh"].pk,
    )
    assert move.actor == sh_keeper
    assert move.reason == "采购入库"
    assert balance(wh["sh"], lamp) == (6, 0, 0)


def test_transfers_and_count_adjustments_move_the_balances(english, sh_keeper, wh, lamp, receive):
    receive(wh["sh"], lamp, 10)
    client = english(sh_keeper)
    for data in (
        {"kind": "transfer", "from_warehouse": wh["sh"].pk, "to_warehouse": wh["central"].pk},
        {"kind": "adjustment_up", "to_warehouse": wh["sh"].pk, "reason": "盘点多出"},
        {"kind": "adjustment_down", "from_warehouse": wh["sh"].pk, "reason": "盘点短少"},
        {"kind": "scrap", "from_warehouse": wh["sh"].pk, "reason": "运输损坏"},
    ):
        response = client.post(NEW_MOVE, {"part": lamp.pk, "quantity": "2", **data})
        assert response.status_code == 302, response.content.decode()[:2000]
    assert balance(wh["central"], lamp) == (2, 0, 0)
    assert balance(wh["sh"], lamp) == (10 - 2 + 2 - 2 - 2, 0, 0)
    adjustments = StockMove.objects.filter(kind="adjustment").order_by("pk")
    assert [(m.from_warehouse_id, m.to_warehouse_id) for m in adjustments] == [
        (None, wh["sh"].pk),
        (wh["sh"].pk, None),
    ]


def test_a_regional_keeper_books_nothing_out_of_or_into_the_central_warehouse(
    english, boss, sh_keeper, wh, lamp, receive
):
    receive(wh["central"], lamp, 10)
    client = english(sh_keeper)
    form = client.get(NEW_MOVE).context["form"]
    sources = [v for v, _label in form.fields["from_warehouse"].choices if v]
    targets = [v for v, _label in form.fields["to_warehouse"].choices if v]
    assert sources == [wh["sh"].pk]
    assert targets == [wh["central"].pk, wh["sh"].pk]
    before = books()
    response = client.post(
        NEW_MOVE,
        {"kind": "receipt", "part": lamp.pk, "quantity": "1", "to_warehouse": wh["central"].pk},
    )
    assert response.status_code == 403
    assert "Only head office books moves" in response.content.decode()
    assert books() == before
    response = client.post(
        NEW_MOVE,
        {
            "kind": "transfer",
            "part": lamp.pk,
            "quantity": "1",
            "from_warehouse": wh["central"].pk,
            "to_warehouse": wh["sh"].pk,
        },
    )
    assert response.status_code == 422
    assert response.context["form"].errors["from_warehouse"]
    assert books() == before
    # head office may
    response = english(boss).post(
        NEW_MOVE,
        {
            "kind": "transfer",
            "part": lamp.pk,
            "quantity": "3",
            "from_warehouse": wh["central"].pk,
            "to_warehouse": wh["sh"].pk,
        },
    )
    assert response.status_code == 302
    assert balance(wh["sh"], lamp) == (3, 0, 0)


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"part": ""}, "part", "is required"),
        ({"quantity": "0"}, "quantity", "must be at least 1"),
        ({"quantity": ""}, "quantity", "must be a whole number"),
        ({"quantity": "zwei"}, "quantity", "Enter a whole number."),
        ({"to_warehouse": ""}, "to_warehouse", "is required for a transfer"),
        ({"from_warehouse": ""}, "from_warehouse", "is required for a transfer"),
        ({"to_warehouse": "SAME"}, "to_warehouse", "must differ from from_warehouse"),
        ({"to_warehouse": "BJ"}, "to_warehouse", "Select a valid choice."),
        ({"kind": "reserve"}, "kind", "Select a valid choice."),
        ({"kind": "scrap", "reason": "  "}, "reason", "is required for a scrap"),
        ({"kind": "adjustment_down", "reason": ""}, "reason", "is required for a count"),
        ({"kind": "adjustment_up", "to_warehouse": ""}, "to_warehouse", "count up"),
    ],
)
def test_a_bad_move_is_422_on_its_field_and_writes_nothing(
    english, sh_keeper, wh, lamp, receive, data, field, message
):
    receive(wh["sh"], lamp, 10)
    before = books()
    values = {
        "kind": "transfer",
        "part": lamp.pk,
        "quantity": "2",
        "from_warehouse": wh["sh"].pk,
        "to_warehouse": wh["central"].pk,
        "reason": "",
        **data,
    }
    for key in ("from_warehouse", "to_warehouse"):
        values[key] = {"SAME": wh["sh"].pk, "BJ": wh["bj"].pk}.get(values[key], values[key])
    response = english(sh_keeper).post(NEW_MOVE, values)
    assert response.status_code == 422
    errors = response.context["form"].errors
    assert any(message in e for e in errors[field]), errors
    assert "Please correct the errors below." in response.content.decode()
    assert books() == before


def test_not_enough_stock_is_409_above_the_form_and_writes_nothing(
    english, sh_keeper, wh, lamp, receive
):
    receive(wh["sh"], lamp, 3)
    before = books()
    response = english(sh_keeper).post(
        NEW_MOVE,
        {
            "kind": "transfer",
            "part": lamp.pk,
            "quantity": "5",
            "from_warehouse": wh["sh"].pk,
            "to_warehouse": wh["central"].pk,
        },
    )
    body = response.content.decode()
    assert response.status_code == 409
    assert "Not enough 投影灯泡 in 上海区域仓: 3 available, 5 needed." in body
    assert 'role="alert"' in body
    assert 'name="quantity"' in body
    assert books() == before


def test_a_defective_return_names_the_order_and_receives_what_is_owed(
    english, boss, sh_keeper, wh, lamp, receive, shanghai_order
):
    receive(wh["sh"], lamp, 2)
    order_part_issue(
        actor=boss,
        order_id=shanghai_order.pk,
        part_id=lamp.pk,
        warehouse_id=wh["sh"].pk,
        quantity=1,
    )
    owed = DefectiveReturn.objects.get()
    client = english(sh_keeper)
    base = {"kind": "defective_return", "part": lamp.pk, "to_warehouse": wh["sh"].pk}

    before = books()
    for data, field in (
        ({"quantity": "1", "order": "SO-NOPE"}, "order"),
        ({"quantity": "2", "order": shanghai_order.number}, "quantity"),
    ):
        response = client.post(NEW_MOVE, {**base, **data})
        assert response.status_code == 422
        assert field in response.context["form"].errors
        assert books() == before

    response = client.post(NEW_MOVE, {**base, "quantity": "1", "order": shanghai_order.number})
    assert response.status_code == 302
    owed.refresh_from_db()
    assert owed.status == "received"
    assert balance(wh["sh"], lamp) == (1, 0, 1)
    assert OrderPart.objects.get().status == "issued"


def test_a_defective_return_for_an_order_with_nothing_owed_is_422_on_the_order(
    english, sh_keeper, wh, lamp, shanghai_order
):
    response = english(sh_keeper).post(
        NEW_MOVE,
        {
            "kind": "defective_return",
            "part": lamp.pk,
            "quantity": "1",
            "to_warehouse": wh["sh"].pk,
            "order": shanghai_order.number,
        },
    )
    assert response.status_code == 422
    assert (
        "has no defective return of this part pending"
        in response.context["form"].errors["order"][0]
    )
    assert StockMove.objects.count() == 0


def test_an_order_number_is_looked_up_only_among_visible_orders(
    bj_keeper, sh_keeper, shanghai_order
):
    assert service_order_by_number(user=sh_keeper, number=f" {shanghai_order.number.lower()} ")
    assert service_order_by_number(user=bj_keeper, number=shanghai_order.number) is None
    assert service_order_by_number(user=sh_keeper, number="") is None
