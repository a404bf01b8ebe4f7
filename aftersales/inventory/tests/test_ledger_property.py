"""INV-2/INV-3 as a property of the real services: any sequence of moves — valid or
not — leaves every balance equal to the sum of its ledger and never negative, and a
refused move (bad input or not enough stock) changes nothing."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aftersales.core.exceptions import InsufficientStock, ValidationFailed
from aftersales.inventory import rules
from aftersales.inventory.checks import ledger_mismatches
from aftersales.inventory.models import OrderPart, Stock, StockMove
from aftersales.inventory.order_parts import order_part_release, order_part_reserve
from aftersales.inventory.services import stock_move_create

pytestmark = pytest.mark.django_db

ops = st.lists(
    st.tuples(
        st.sampled_from(
            ["receipt", "transfer", "scrap", "adjust_up", "adjust_down", "reserve", "release"]
        ),
        st.integers(min_value=0, max_value=1),  # which warehouse
        st.integers(min_value=-1, max_value=6),  # quantity; < 1 is bad input
    ),
    max_size=25,
)


def balances():
    return {
        (w, p): rules.Balance(on_hand, reserved, defective)
        for w, p, on_hand, reserved, defective in Stock.objects.values_list(
            "warehouse_id", "part_id", "on_hand", "reserved", "defective"
        )
        if (on_hand, reserved, defective) != (0, 0, 0)
    }


def written():
    return (StockMove.objects.count(), OrderPart.objects.count(), balances())


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(sequence=ops)
def test_any_sequence_of_moves_keeps_the_books(
    sequence, boss, shanghai_wh, central, part, make_customer, make_unit, make_order, regions
):
    customer = make_customer(region=regions["shanghai"])
    order = make_order(customer, make_unit(customer))
    warehouses = [shanghai_wh, central]
    with transaction.atomic():
        model: dict = {}
        for kind, which, quantity in sequence:
            here, there = warehouses[which], warehouses[1 - which]
            before = written()
            move: rules.Move | None = None
            try:
                if kind == "reserve":
                    move = rules.Move("reserve", part.pk, quantity, from_warehouse=here.pk)
                    order_part_reserve(
                        actor=boss,
                        order_id=order.pk,
                        part_id=part.pk,
                        warehouse_id=here.pk,
                        quantity=quantity,
                    )
                elif kind == "release":
                    reserved = OrderPart.objects.filter(order=order, status="reserved").last()
                    if reserved is None:
                        continue
                    move = rules.Move(
                        "release", part.pk, reserved.quantity, from_warehouse=reserved.warehouse_id
                    )
                    order_part_release(actor=boss, order_id=order.pk, order_part_id=reserved.pk)
                else:
                    api_kind = "adjustment" if kind.startswith("adjust") else kind
                    source = here.pk if kind in ("transfer", "scrap", "adjust_down") else None
                    target = (
                        there.pk
                        if kind == "transfer"
                        else here.pk
                        if kind in ("receipt", "adjust_up")
                        else None
                    )
                    move = rules.Move(api_kind, part.pk, quantity, source, target)
                    stock_move_create(
                        actor=boss,
                        kind=api_kind,
                        part_id=part.pk,
                        quantity=quantity,
                        from_warehouse_id=source,
                        to_warehouse_id=target,
                        reason="count",
                    )
            except ValidationFailed as exc:
                invalid: dict | None = exc.errors
            except InsufficientStock:
                assert move is not None
                with pytest.raises(ValueError, match="leaves"):
                    rules.apply(model, move)  # the rules agree it had to be refused
                assert written() == before
                continue
            else:
                invalid = None
            if invalid is not None:
                assert quantity < 1
                assert "quantity" in invalid
                assert written() == before  # nothing of it was written
                continue
            assert quantity >= 1 or kind == "release"
            assert move is not None
            model = rules.apply(model, move)
        assert ledger_mismatches() == []
        assert balances() == {k: v for k, v in model.items() if v != rules.Balance()}
        assert all(b.valid() for b in balances().values())
        transaction.set_rollback(True)


def test_a_move_locks_its_balance_rows_before_changing_them(
    boss, shanghai_wh, central, part, stock_up
):
    stock_up(shanghai_wh, part, 3)
    with CaptureQueriesContext(connection) as captured:
        stock_move_create(
            actor=boss,
            kind="transfer",
            part_id=part.pk,
            quantity=2,
            from_warehouse_id=shanghai_wh.pk,
            to_warehouse_id=central.pk,
        )
    sql = [q["sql"] for q in captured.captured_queries if "inventory_stock" in q["sql"]]
    locked = next(i for i, s in enumerate(sql) if s.lstrip().startswith("SELECT"))
    first_write = next(i for i, s in enumerate(sql) if s.lstrip().startswith("UPDATE"))
    assert locked < first_write
    if connection.vendor == "postgresql":
        assert "FOR UPDATE" in sql[locked]
        assert 'ORDER BY "inventory_stock"."id"' in sql[locked]
