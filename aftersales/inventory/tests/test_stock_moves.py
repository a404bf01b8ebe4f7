"""INV-2/INV-3 over HTTP: ``POST /stock-moves`` for each kind, the balances
(``GET /stock``) and the ledger (``GET /stock-moves``) it leaves; bad input named with
nothing written, 409 when the stock is not there, who may not book; below-minimum
balances; and ``manage.py inventory_check`` on a consistent and a tampered database."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from aftersales.inventory.ledger import post_move
from aftersales.inventory.models import OrderPart, Stock, StockMove

pytestmark = pytest.mark.django_db

EN = {"Accept-Language": "en"}


def written() -> dict[str, Any]:
    """Everything a refused move must leave alone."""
    return {
        "moves": StockMove.objects.count(),
        "stock": list(Stock.objects.values().order_by("id")),
        "order_parts": OrderPart.objects.count(),
    }


def balance(client, warehouse, part) -> dict[str, int] | None:
    response = client.get("/stock", {"warehouse": warehouse.pk, "part": part.pk})
    assert response.status_code == 200, response.json()
    rows = response.json()["results"]
    if not rows:
        return None
    (row,) = rows
    return {k: row[k] for k in ("on_hand", "reserved", "available", "defective")}


def held(on_hand: int = 0, reserved: int = 0, defective: int = 0) -> dict[str, int]:
    return {
        "on_hand": on_hand,
        "reserved": reserved,
        "available": on_hand - reserved,
        "defective": defective,
    }


def reserve(warehouse, part, quantity: int, actor) -> None:
    with transaction.atomic():
        post_move(
            kind="reserve",
            part_id=part.pk,
            part_name=part.name,
            quantity=quantity,
            actor=actor,
            at=timezone.now(),
            from_warehouse_id=warehouse.pk,
        )


@pytest.fixture
def stocked(shanghai_wh, central, part, stock_up):
    """5 of ``part`` in 上海's warehouse, 20 in the central one."""
    stock_up(shanghai_wh, part, 5)
    stock_up(central, part, 20)
    return part


@pytest.fixture
def as_keeper(keeper, api_as):
    return api_as(keeper)


# --- each kind --------------------------------------------------------------------------


def test_a_receipt_adds_to_on_hand_and_is_in_the_ledger(as_keeper, keeper, shanghai_wh, part):
    response = as_keeper.post(
        "/stock-moves",
        {
            "kind": "receipt",
            "part": part.pk,
            "quantity": 10,
            "to_warehouse": shanghai_wh.pk,
            "reason": "采购入库 PO-1",
        },
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    move = StockMove.objects.get()
    assert body["id"] == move.pk
    assert {k: body[k] for k in ("kind", "part", "sku", "quantity", "actor", "reason")} == {
        "kind": "receipt",
        "part": part.pk,
        "sku": part.sku,
        "quantity": 10,
        "actor": keeper.pk,
        "reason": "采购入库 PO-1",
    }
    assert (body["from_warehouse"], body["to_warehouse"], body["service_order"]) == (
        None,
        shanghai_wh.pk,
        None,
    )
    assert balance(as_keeper, shanghai_wh, part) == held(on_hand=10)
    ledger = as_keeper.get("/stock-moves", {"warehouse": shanghai_wh.pk}).json()
    assert ledger["count"] == 1
    assert ledger["results"][0] == body


CASES = {
    "transfer": (
        {"kind": "transfer", "from_warehouse": "sh", "to_warehouse": "van"},
        3,
        {"sh": held(2), "van": held(3), "central": held(20)},
    ),
    "scrap": (
        {"kind": "scrap", "from_warehouse": "sh", "reason": "运输损坏"},
        2,
        {"sh": held(3), "central": held(20)},
    ),
    "adjustment_up": (
        {"kind": "adjustment", "to_warehouse": "sh", "reason": "盘点多出"},
        4,
        {"sh": held(9), "central": held(20)},
    ),
    "adjustment_down": (
        {"kind": "adjustment", "from_warehouse": "sh", "reason": "盘点短少"},
        5,
        {"sh": held(0), "central": held(20)},
    ),
    "defective_return_without_order": (
        {"kind": "defective_return", "to_warehouse": "sh"},
        2,
        {"sh": held(5, defective=2), "central": held(20)},
    ),
}


@pytest.mark.parametrize(("fields", "quantity", "after"), CASES.values(), ids=CASES.keys())
def test_each_kind_of_move_changes_the_balances_it_names(
    as_keeper, shanghai_wh, central, van, stocked, fields, quantity, after
):
    where = {"sh": shanghai_wh, "central": central, "van": van}
    body = {"part": stocked.pk, "quantity": quantity}
    for key, value in fields.items():
        body[key] = where[value].pk if key.endswith("_warehouse") else value
    response = as_keeper.post("/stock-moves", body)
    assert response.status_code == 201, response.json()
    for code, expected in after.items():
        assert balance(as_keeper, where[code], stocked) == expected
    # the ledger holds the two receipts and the new line, newest first
    ledger = as_keeper.get("/stock-moves", {"part": stocked.pk}).json()
    assert ledger["count"] == 3
    newest = ledger["results"][0]
    assert newest["id"] == response.json()["id"]
    assert (newest["kind"], newest["quantity"]) == (fields["kind"], quantity)
    assert newest["from_warehouse"] == body.get("from_warehouse")
    assert newest["to_warehouse"] == body.get("to_warehouse")
    assert newest["reason"] == fields.get("reason", "")
    call_command("inventory_check", stdout=StringIO())  # still the sum of the moves


def test_the_ledger_filters_by_kind(as_keeper, stocked, shanghai_wh):
    as_keeper.post(
        "/stock-moves",
        {
            "kind": "scrap",
            "part": stocked.pk,
            "quantity": 1,
            "from_warehouse": shanghai_wh.pk,
            "reason": "坏",
        },
    )
    kinds = [m["kind"] for m in as_keeper.get("/stock-moves").json()["results"]]
    assert kinds == ["scrap", "receipt", "receipt"]
    only = as_keeper.get("/stock-moves", {"kind": "scrap"}).json()
    assert [m["kind"] for m in only["results"]] == ["scrap"]
    assert as_keeper.get("/stock-moves", {"kind": "borrow"}).status_code == 422


# --- bad input --------------------------------------------------------------------------

SH, VAN, BJ, UNKNOWN = "sh", "van", "bj", "unknown"
BAD = {
    "quantity_0": ({"quantity": 0}, "quantity"),
    "quantity_negative": ({"quantity": -1}, "quantity"),
    "quantity_text": ({"quantity": "x"}, "quantity"),
    "quantity_fraction": ({"quantity": 1.5}, "quantity"),
    "quantity_huge": ({"quantity": 100_001}, "quantity"),
    "quantity_missing": ({"quantity": None}, "quantity"),
    "unknown_part": ({"part": 999_999}, "part"),
    "missing_part": ({"part": None}, "part"),
    "unknown_kind": ({"kind": "borrow"}, "kind"),
    "reserve_refused": ({"kind": "reserve", "to_warehouse": None, "from_warehouse": SH}, "kind"),
    "release_refused": ({"kind": "release", "to_warehouse": None, "from_warehouse": SH}, "kind"),
    "receipt_without_to": ({"to_warehouse": None}, "to_warehouse"),
    "receipt_with_from": ({"from_warehouse": VAN}, "from_warehouse"),
    "transfer_without_from": ({"kind": "transfer"}, "from_warehouse"),
    "transfer_without_to": (
        {"kind": "transfer", "from_warehouse": SH, "to_warehouse": None},
        "to_warehouse",
    ),
    "transfer_to_itself": ({"kind": "transfer", "from_warehouse": SH}, "to_warehouse"),
    "scrap_into_a_warehouse": (
        {"kind": "scrap", "from_warehouse": SH, "reason": "坏"},
        "to_warehouse",
    ),
    "scrap_without_from": ({"kind": "scrap", "reason": "坏"}, "from_warehouse"),
    "scrap_without_reason": (
        {"kind": "scrap", "from_warehouse": SH, "to_warehouse": None},
        "reason",
    ),
    "scrap_with_a_blank_reason": (
        {"kind": "scrap", "from_warehouse": SH, "to_warehouse": None, "reason": "  "},
        "reason",
    ),
    "adjustment_without_reason": ({"kind": "adjustment"}, "reason"),
    "adjustment_both_ways": (
        {"kind": "adjustment", "from_warehouse": VAN, "reason": "盘点"},
        "to_warehouse",
    ),
    "adjustment_neither_way": (
        {"kind": "adjustment", "to_warehouse": None, "reason": "盘点"},
        "to_warehouse",
    ),
    "defective_return_with_from": (
        {"kind": "defective_return", "from_warehouse": VAN},
        "from_warehouse",
    ),
    "issue_without_order": (
        {"kind": "issue", "from_warehouse": SH, "to_warehouse": None},
        "service_order",
    ),
    "unknown_warehouse": ({"to_warehouse": UNKNOWN}, "to_warehouse"),
    "invisible_warehouse": ({"to_warehouse": BJ}, "to_warehouse"),
    "invisible_source": ({"kind": "transfer", "from_warehouse": BJ}, "from_warehouse"),
    "unknown_field": ({"colour": "red"}, "colour"),
    "reason_too_long": ({"reason": "长" * 2001}, "reason"),
}


@pytest.mark.parametrize(("changes", "field"), BAD.values(), ids=BAD.keys())
def test_bad_input_is_named_and_nothing_is_written(
    as_keeper, shanghai_wh, van, beijing_wh, stocked, changes, field
):
    where = {SH: shanghai_wh.pk, VAN: van.pk, BJ: beijing_wh.pk, UNKNOWN: 999_999}
    body: dict[str, Any] = {
        "kind": "receipt",
        "part": stocked.pk,
        "quantity": 1,
        "to_warehouse": SH,
    }
    body.update(changes)
    body = {
        k: (where[v] if k.endswith("_warehouse") and v is not None else v)
        for k, v in body.items()
        if v is not None
    }
    before = written()
    response = as_keeper.post("/stock-moves", body, headers=EN)
    assert response.status_code == 422, response.json()
    payload = response.json()
    assert field in payload["errors"], payload
    assert payload["detail"]
    assert written() == before


def test_quantity_true_is_not_a_number(as_keeper, shanghai_wh, stocked):
    before = written()
    response = as_keeper.post(
        "/stock-moves",
        {"kind": "receipt", "part": stocked.pk, "quantity": True, "to_warehouse": shanghai_wh.pk},
    )
    assert response.status_code == 422, response.json()
    assert "quantity" in response.json()["errors"]
    assert written() == before


def test_a_closed_warehouse_takes_no_moves(as_keeper, shanghai_wh, stocked):
    shanghai_wh.is_active = False
    shanghai_wh.save(update_fields=["is_active"])
    before = written()
    response = as_keeper.post(
        "/stock-moves",
        {"kind": "receipt", "part": stocked.pk, "quantity": 1, "to_warehouse": shanghai_wh.pk},
        headers=EN,
    )
    assert response.status_code == 422
    assert response.json()["errors"]["to_warehouse"] == ["the warehouse is closed"]
    assert written() == before


def test_only_issues_and_defective_returns_name_an_order(
    as_keeper, shanghai_wh, stocked, make_customer, make_unit, make_order
):
    customer = make_customer()
    order = make_order(customer, make_unit(customer))
    before = written()
    response = as_keeper.post(
        "/stock-moves",
        {
            "kind": "receipt",
            "part": stocked.pk,
            "quantity": 1,
            "to_warehouse": shanghai_wh.pk,
            "service_order": order.pk,
        },
    )
    assert response.status_code == 422
    assert "service_order" in response.json()["errors"]
    assert written() == before


def test_a_retried_move_with_the_same_idempotency_key_is_booked_once(
    as_keeper, shanghai_wh, stocked
):
    body = {"kind": "receipt", "part": stocked.pk, "quantity": 4, "to_warehouse": shanghai_wh.pk}
    key = {"Idempotency-Key": "receipt-po-7"}
    first = as_keeper.post("/stock-moves", body, headers=key)
    again = as_keeper.post("/stock-moves", body, headers=key)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert Stock.objects.get(warehouse=shanghai_wh, part=stocked).on_hand == 9  # 5 + 4 once
    assert StockMove.objects.filter(kind="receipt", quantity=4).count() == 1
    other = as_keeper.post("/stock-moves", {**body, "quantity": 5}, headers=key)
    assert other.status_code == 422
    assert Stock.objects.get(warehouse=shanghai_wh, part=stocked).on_hand == 9


# --- not enough stock -------------------------------------------------------------------


@pytest.mark.parametrize(
    "move",
    [
        {"kind": "transfer", "from_warehouse": "sh", "to_warehouse": "central", "quantity": 6},
        {"kind": "scrap", "from_warehouse": "sh", "quantity": 6, "reason": "坏"},
        {"kind": "adjustment", "from_warehouse": "sh", "quantity": 6, "reason": "盘点"},
        # 5 on hand, 3 of them reserved: only 2 may leave
        {"kind": "scrap", "from_warehouse": "sh", "quantity": 3, "reason": "坏", "reserved": 3},
        {"kind": "transfer", "from_warehouse": "sh", "to_warehouse": "bj", "quantity": 1},
    ],
    ids=["transfer", "scrap", "adjustment_down", "reserved_parts_stay", "into_a_new_row"],
)
def test_not_enough_stock_is_a_conflict_and_nothing_is_written(
    boss, api_as, shanghai_wh, central, beijing_wh, stocked, move
):
    where = {"sh": shanghai_wh, "central": central, "bj": beijing_wh}
    move = dict(move)
    reserved = move.pop("reserved", 0)
    if reserved:
        reserve(shanghai_wh, stocked, reserved, boss)
    if move.get("to_warehouse") == "bj":  # 上海 emptied first: the transfer finds none
        reserve(shanghai_wh, stocked, 5, boss)
    body = {
        k: (where[v].pk if k.endswith("_warehouse") else v)
        for k, v in {**move, "part": stocked.pk}.items()
    }
    before = written()
    response = api_as(boss).post("/stock-moves", body, headers=EN)
    assert response.status_code == 409, response.json()
    payload = response.json()
    assert payload["code"] == "insufficient_stock"
    assert payload["detail"].startswith(f"Not enough {stocked.name} in 上海区域仓")
    assert payload["extra"]["available"] == 5 - max(reserved, 5 if "bj" in move.values() else 0)
    assert payload["extra"]["warehouse"] == shanghai_wh.pk
    assert written() == before  # no half move, and no empty balance row for 北京


# --- who may not ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "kind"),
    [
        ("engineer", "receipt"),
        ("engineer", "transfer"),
        ("engineer", "scrap"),
        ("engineer", "adjustment"),
        ("engineer", "defective_return"),
        ("agent", "issue"),
        ("agent", "receipt"),
        ("dispatcher", "issue"),
        ("dispatcher", "receipt"),
        ("quality", "receipt"),
    ],
)
def test_roles_that_may_not_book_a_move_are_refused(
    make_staff, regions, api_as, shanghai_wh, central, stocked, role, kind
):
    user = make_staff(role, region=regions["shanghai"] if role != "agent" else None)
    body: dict[str, Any] = {"kind": kind, "part": stocked.pk, "quantity": 1, "reason": "x"}
    if kind in ("transfer", "scrap", "issue"):
        body["from_warehouse"] = central.pk
    if kind in ("receipt", "transfer", "adjustment", "defective_return"):
        body["to_warehouse"] = shanghai_wh.pk
    before = written()
    response = api_as(user).post("/stock-moves", body)
    assert response.status_code == 403, response.json()
    assert set(response.json()) >= {"detail", "errors"}
    assert written() == before


def test_a_customer_may_neither_book_nor_read(
    make_customer, customer_user, api_as, shanghai_wh, stocked
):
    client = api_as(customer_user(make_customer()))
    before = written()
    response = client.post(
        "/stock-moves",
        {"kind": "receipt", "part": stocked.pk, "quantity": 1, "to_warehouse": shanghai_wh.pk},
    )
    assert response.status_code == 403
    assert written() == before
    assert client.get("/stock").status_code == 403
    assert client.get("/stock-moves").status_code == 403


@pytest.mark.parametrize("role", ["manager", "director", "admin", "warehouse"])
def test_warehouse_staff_managers_directors_and_admins_book_moves(
    make_staff, regions, api_as, shanghai_wh, part, role
):
    user = make_staff(
        role, region=regions["shanghai"] if role in ("manager", "warehouse") else None
    )
    response = api_as(user).post(
        "/stock-moves",
        {"kind": "receipt", "part": part.pk, "quantity": 2, "to_warehouse": shanghai_wh.pk},
    )
    assert response.status_code == 201, response.json()
    assert Stock.objects.get(warehouse=shanghai_wh, part=part).on_hand == 2


# --- reading ----------------------------------------------------------------------------


def test_balances_and_ledger_of_another_region_are_not_seen(
    make_staff, regions, api_as, shanghai_wh, beijing_wh, central, part, stock_up
):
    stock_up(shanghai_wh, part, 5)
    stock_up(beijing_wh, part, 7)
    stock_up(central, part, 9)
    beijing = api_as(make_staff("manager", region=regions["beijing"]))
    rows = beijing.get("/stock").json()["results"]
    assert {(r["warehouse_code"], r["on_hand"], r["available"]) for r in rows} == {
        ("bj", 7, 7),
        ("central", 9, 9),
    }
    assert beijing.get("/stock", {"warehouse": shanghai_wh.pk}).status_code == 404
    assert beijing.get("/stock-moves", {"warehouse": shanghai_wh.pk}).status_code == 404
    moves = beijing.get("/stock-moves").json()["results"]
    assert {m["to_warehouse"] for m in moves} == {beijing_wh.pk, central.pk}


def test_below_minimum_lists_rows_whose_available_stock_is_under_the_minimum(
    as_keeper, boss, shanghai_wh, central, make_part, stock_up
):
    short, exact, reserved_away, unset = (make_part() for _ in range(4))
    for p in (short, exact, reserved_away, unset):
        stock_up(shanghai_wh, p, 5)
    reserve(shanghai_wh, reserved_away, 2, boss)  # 5 on hand, 3 available
    Stock.objects.filter(warehouse=shanghai_wh, part=short).update(min_level=6)
    Stock.objects.filter(warehouse=shanghai_wh, part=exact).update(min_level=5)
    Stock.objects.filter(warehouse=shanghai_wh, part=reserved_away).update(min_level=4)
    rows = as_keeper.get("/stock", {"below_minimum": "true"}).json()["results"]
    assert {(r["sku"], r["available"], r["min_level"]) for r in rows} == {
        (short.sku, 5, 6),
        (reserved_away.sku, 3, 4),
    }
    everything = as_keeper.get("/stock").json()
    assert everything["count"] == 4


# --- inventory_check --------------------------------------------------------------------


def test_inventory_check_says_ok_on_consistent_books(boss, api_as, shanghai_wh, central, stocked):
    response = api_as(boss).post(
        "/stock-moves",
        {
            "kind": "transfer",
            "part": stocked.pk,
            "quantity": 2,
            "from_warehouse": central.pk,
            "to_warehouse": shanghai_wh.pk,
        },
    )
    assert response.status_code == 201, response.json()
    out = StringIO()
    call_command("inventory_check", stdout=out)
    assert out.getvalue().startswith("OK: 2 balances")


def test_inventory_check_fails_on_a_tampered_balance(shanghai_wh, central, stocked):
    Stock.objects.filter(warehouse=shanghai_wh, part=stocked).update(on_hand=F("on_hand") + 1)
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError, match="1 balance"):
        call_command("inventory_check", stdout=out, stderr=err)
    assert f"warehouse {shanghai_wh.pk} part {stocked.pk}: stored on_hand=6" in err.getvalue()
    assert "ledger on_hand=5" in err.getvalue()
    assert "OK" not in out.getvalue()


def test_inventory_check_counts_a_balance_row_without_moves(shanghai_wh, part):
    Stock.objects.create(warehouse=shanghai_wh, part=part, on_hand=3)
    with pytest.raises(CommandError):
        call_command("inventory_check", stdout=StringIO(), stderr=StringIO())
