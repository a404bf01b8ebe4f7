"""The ledger's arithmetic (INV-2, INV-3), pure: each move's effect, and — for any
sequence of moves — balances that stay valid and equal the sum of the accepted moves."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aftersales.inventory.rules import Balance, Move, apply, deltas, ledger_sums

A, B = 1, 2  # warehouses
P = 7  # a part


@pytest.mark.parametrize(
    ("move", "expected"),
    [
        (Move("receipt", P, 5, to_warehouse=A), {(A, P): {"on_hand": 5}}),
        (
            Move("transfer", P, 2, from_warehouse=A, to_warehouse=B),
            {(A, P): {"on_hand": -2}, (B, P): {"on_hand": 2}},
        ),
        (Move("reserve", P, 3, from_warehouse=A), {(A, P): {"reserved": 3}}),
        (Move("release", P, 3, from_warehouse=A), {(A, P): {"reserved": -3}}),
        (Move("issue", P, 1, from_warehouse=A), {(A, P): {"on_hand": -1}}),
        (Move("defective_return", P, 1, to_warehouse=B), {(B, P): {"defective": 1}}),
        (Move("scrap", P, 4, from_warehouse=A), {(A, P): {"on_hand": -4}}),
        (Move("adjustment", P, 4, to_warehouse=A), {(A, P): {"on_hand": 4}}),
        (Move("adjustment", P, 4, from_warehouse=A), {(A, P): {"on_hand": -4}}),
    ],
    ids=lambda v: v.kind if isinstance(v, Move) else "",
)
def test_each_kind_of_move_changes_what_it_says(move, expected):
    assert deltas(move) == expected


@pytest.mark.parametrize(
    ("start", "move", "ok"),
    [
        (Balance(5, 0), Move("issue", P, 5, from_warehouse=A), True),
        (Balance(5, 0), Move("issue", P, 6, from_warehouse=A), False),  # never negative
        (Balance(5, 2), Move("issue", P, 4, from_warehouse=A), False),  # 2 are someone's
        (Balance(5, 2), Move("reserve", P, 3, from_warehouse=A), True),
        (Balance(5, 2), Move("reserve", P, 4, from_warehouse=A), False),
        (Balance(5, 2), Move("release", P, 3, from_warehouse=A), False),
        (Balance(5, 2), Move("scrap", P, 3, from_warehouse=A), True),
        (Balance(5, 2), Move("adjustment", P, 4, from_warehouse=A), False),
        (Balance(0, 0), Move("transfer", P, 1, from_warehouse=A, to_warehouse=B), False),
    ],
)
def test_a_move_that_would_break_a_balance_is_refused(start, move, ok):
    before = {(A, P): start}
    if ok:
        assert apply(before, move)[(A, P)].valid()
    else:
        with pytest.raises(ValueError, match="leaves"):
            apply(before, move)
    assert before == {(A, P): start}  # the caller's balances never change


moves = st.builds(
    Move,
    kind=st.sampled_from(
        ["receipt", "transfer", "reserve", "release", "issue", "defective_return", "scrap"]
    ),
    part=st.sampled_from([P, P + 1]),
    quantity=st.integers(min_value=1, max_value=6),
).flatmap(
    lambda m: st.sampled_from([A, B]).flatmap(
        lambda w1: st.sampled_from([w for w in (A, B) if w != w1]).map(
            lambda w2: Move(
                m.kind,
                m.part,
                m.quantity,
                from_warehouse=w1 if m.kind not in ("receipt", "defective_return") else None,
                to_warehouse=(
                    w2
                    if m.kind == "transfer"
                    else w1
                    if m.kind in ("receipt", "defective_return")
                    else None
                ),
            )
        )
    )
)


@settings(max_examples=300)
@given(st.lists(moves, max_size=40))
def test_any_sequence_keeps_balances_valid_and_equal_to_the_accepted_moves(sequence):
    balances: dict = {}
    accepted = []
    for move in sequence:
        try:
            balances = apply(balances, move)
        except ValueError:
            continue
        accepted.append(move)
    assert all(b.valid() for b in balances.values())
    assert {k: v for k, v in balances.items() if v != Balance()} == {
        k: v for k, v in ledger_sums(accepted).items() if v != Balance()
    }
