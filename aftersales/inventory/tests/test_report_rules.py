"""INV-5 arithmetic without the database: levels, surplus, reorder plans, the 3 % rule."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aftersales.inventory.report_rules import (
    Area,
    Depot,
    Holding,
    Lot,
    Served,
    contains,
    is_below_minimum,
    path_of,
    plan_reorders,
    receiving_warehouse,
    reorder_target,
    required_spares,
    surplus,
    three_percent_plan,
    transfer_rank,
)

D = Decimal

# --- paths ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "path"), [("/1/5/", (1, 5)), ("/7/", (7,)), ("", ()), (None, ())])
def test_path_of_reads_the_materialised_path(text, path):
    assert path_of(text) == path


@pytest.mark.parametrize(
    ("area", "path", "inside"),
    [
        ((1,), (1,), True),
        ((1,), (1, 5), True),
        ((1, 5), (1,), False),
        ((1,), (2, 1), False),
        ((1,), (), False),  # central is in no region
        ((), (1,), False),
    ],
)
def test_contains_is_a_prefix_match(area, path, inside):
    assert contains(area, path) is inside


# --- the 3 % arithmetic ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("units", "percent", "required"),
    [
        (0, D("3"), 0),
        (1, D("3"), 1),
        (33, D("3"), 1),  # 0.99 → 1
        (34, D("3"), 2),  # 1.02 → 2
        (100, D("3"), 3),  # exactly 3
        (101, D("3"), 4),  # 3.03 → 4
        (200, D("2.5"), 5),
        (1000, D("0"), 0),
        (7, D("100"), 7),
    ],
)
def test_required_spares_rounds_up(units, percent, required):
    assert required_spares(units, percent) == required


@pytest.mark.parametrize(("units", "percent"), [(-1, D("3")), (10, D("-1"))])
def test_required_spares_refuses_negatives(units, percent):
    with pytest.raises(ValueError, match="negative"):
        required_spares(units, percent)


@given(
    units=st.integers(min_value=0, max_value=10**7),
    percent=st.decimals(min_value=0, max_value=100, places=2),
)
def test_required_spares_is_the_least_whole_number_covering_the_percentage(units, percent):
    exact = D(units) * percent / 100
    required = required_spares(units, percent)
    assert required >= exact
    assert required - 1 < exact
    assert required_spares(units + 1, percent) >= required


# --- levels and surplus ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("min_level", "max_level", "target"), [(5, 20, 20), (5, None, 5), (0, 0, 0), (3, 3, 3)]
)
def test_reorder_fills_up_to_the_maximum_else_the_minimum(min_level, max_level, target):
    assert reorder_target(min_level, max_level) == target


def h(w: int = 1, part: int = 1, on_hand: int = 0, **kw) -> Holding:
    kw.setdefault("code", f"w{w}")
    return Holding(warehouse_id=w, part_id=part, on_hand=on_hand, **kw)


@pytest.mark.parametrize(
    ("holding", "below"),
    [
        (h(on_hand=5, min_level=5), False),  # at the minimum is enough
        (h(on_hand=4, min_level=5), True),
        (h(on_hand=9, reserved=5, min_level=5), True),  # available 4
        (h(on_hand=0), False),  # no minimum, never below it
        (h(on_hand=0, min_level=0), False),
    ],
)
def test_below_minimum_compares_the_available_quantity(holding, below):
    assert is_below_minimum(holding) is below


@pytest.mark.parametrize(
    ("holding", "spare"),
    [
        (h(on_hand=10), 10),  # no levels: all available
        (h(on_hand=10, reserved=4), 6),
        (h(on_hand=10, min_level=3), 7),
        (h(on_hand=10, min_level=3, max_level=8), 2),  # above the maximum only
        (h(on_hand=5, min_level=3, max_level=8), 0),
        (h(on_hand=2, min_level=3), 0),
        (h(on_hand=10, kind="van"), 0),  # an engineer's working stock
    ],
)
def test_surplus_is_what_is_available_above_the_levels(holding, spare):
    assert surplus(holding) == spare


SH_NP = h(w=1, kind="network_point", region_path=(1, 2))


@pytest.mark.parametrize(
    ("source", "rank"),
    [
        (h(w=2, kind="network_point", region_path=(1, 2)), (0, -2)),  # same city
        (h(w=3, kind="regional", region_path=(1,)), (0, -1)),  # the region above
        (h(w=4, kind="network_point", region_path=(1, 3)), (0, -1)),  # sister city
        (h(w=5, kind="central"), (1, 0)),
        (h(w=6, kind="regional", region_path=(9,)), None),  # another top-level region
        (h(w=7, kind="van", region_path=(1, 2)), None),
        (h(w=1, kind="network_point", region_path=(1, 2)), None),  # itself
    ],
)
def test_transfer_rank_prefers_the_same_region_subtree_then_central(source, rank):
    assert transfer_rank(to=SH_NP, source=source) == rank


# --- reorder plans ------------------------------------------------------------------------


def test_a_reorder_draws_the_nearest_surplus_first_and_buys_the_rest():
    need = h(w=1, on_hand=1, min_level=2, max_level=10, kind="network_point", region_path=(1, 2))
    sister = h(w=2, on_hand=4, kind="network_point", region_path=(1, 3), code="hz")
    central = h(w=3, on_hand=3, kind="central", code="central")
    north = h(w=4, on_hand=50, kind="regional", region_path=(9,))
    [plan] = plan_reorders([need, sister, central, north])
    assert plan.quantity == 9
    assert plan.transfers == ((2, 4), (3, 3))
    assert plan.purchase == 2


def test_a_surplus_is_offered_once():
    first = h(w=1, on_hand=0, min_level=3, region_path=(1, 2))
    second = h(w=2, on_hand=0, min_level=3, region_path=(1, 2))
    giver = h(w=3, on_hand=4, min_level=0, region_path=(1,))
    plans = plan_reorders([first, second, giver])
    assert [(p.holding.warehouse_id, p.transfers, p.purchase) for p in plans] == [
        (1, ((3, 3),), 0),
        (2, ((3, 1),), 2),
    ]


def test_only_the_same_part_is_transferred_and_stock_at_its_minimum_gives_nothing():
    need = h(w=1, part=1, on_hand=0, min_level=2, region_path=(1,))
    other_part = h(w=2, part=2, on_hand=9, region_path=(1,))
    at_min = h(w=3, part=1, on_hand=4, min_level=4, region_path=(1,))
    [plan] = plan_reorders([need, other_part, at_min])
    assert plan.transfers == ()
    assert plan.purchase == 2


def test_rows_at_or_above_their_minimum_get_no_suggestion():
    assert plan_reorders([h(on_hand=5, min_level=5), h(w=2, on_hand=1)]) == []


_paths = st.sampled_from([(), (1,), (1, 2), (1, 3), (4,), (4, 5)])


@st.composite
def holdings(draw):
    rows = []
    seen = set()
    for _ in range(draw(st.integers(0, 12))):
        w, part = draw(st.integers(1, 6)), draw(st.integers(1, 3))
        if (w, part) in seen:
            continue
        seen.add((w, part))
        path = ((), (1,), (1, 2), (1, 3), (4,), (4, 5))[w - 1]
        on_hand = draw(st.integers(0, 30))
        low = draw(st.none() | st.integers(0, 20))
        high = draw(st.none() | st.integers(0, 20))
        if low is not None and high is not None and high < low:
            low, high = high, low
        rows.append(
            h(
                w=w,
                part=part,
                on_hand=on_hand,
                reserved=draw(st.integers(0, on_hand)),
                min_level=low,
                max_level=high,
                kind="central" if not path else draw(st.sampled_from(["regional", "van"])),
                region_path=path,
            )
        )
    return rows


@settings(max_examples=200)
@given(rows=holdings())
def test_reorder_plans_add_up_and_never_overdraw_a_source(rows):
    plans = plan_reorders(rows)
    assert [p.holding for p in plans] == [r for r in rows if is_below_minimum(r)]
    given_by = {}
    for plan in plans:
        need = plan.holding
        assert plan.quantity == reorder_target(need.min_level, need.max_level) - need.available
        assert plan.quantity > 0
        assert sum(q for _, q in plan.transfers) + plan.purchase == plan.quantity
        assert plan.purchase >= 0
        for w, q in plan.transfers:
            assert q > 0
            assert w != need.warehouse_id
            given_by[(w, need.part_id)] = given_by.get((w, need.part_id), 0) + q
    by_key = {(r.warehouse_id, r.part_id): r for r in rows}
    for key, total in given_by.items():
        assert total <= surplus(by_key[key])


# --- the 3 % plan ---------------------------------------------------------------------------

EAST, SH, HZ, NORTH, BJ = 1, 2, 3, 4, 5
AREAS = [
    Area(EAST, (EAST,)),
    Area(SH, (EAST, SH)),
    Area(HZ, (EAST, HZ)),
    Area(NORTH, (NORTH,)),
    Area(BJ, (NORTH, BJ)),
]
PJ, FURN = 10, 20  # product lines
THREE = D("3")


def lot(w, part, on_hand, path, *, lines=(PJ,), kind="network_point", available=None) -> Lot:
    return Lot(
        warehouse_id=w,
        part_id=part,
        on_hand=on_hand,
        available=on_hand if available is None else available,
        lines=frozenset(lines),
        kind="central" if not path else kind,
        region_path=path,
        code=f"w{w}",
        sku=f"P{part}",
    )


def plan(served, lots, *, areas=AREAS, percent=THREE, depots=()):
    rows = three_percent_plan(
        areas=areas, lines=[PJ, FURN], served=served, lots=lots, depots=depots, percent=percent
    )
    return {(r.region_id, r.line_id): r for r in rows}


def moves(row):
    return [(t.from_warehouse_id, t.from_region_id, t.part_id, t.quantity) for t in row.transfers]


def test_units_and_stock_count_in_the_region_and_every_region_above_it():
    rows = plan(
        [Served((EAST, SH), PJ, 100), Served((EAST, HZ), PJ, 33)],
        [lot(1, 1, 2, (EAST, SH)), lot(2, 1, 5, (EAST, HZ), kind="van")],
    )
    assert (rows[(SH, PJ)].units, rows[(SH, PJ)].required, rows[(SH, PJ)].held) == (100, 3, 2)
    assert (rows[(HZ, PJ)].units, rows[(HZ, PJ)].required, rows[(HZ, PJ)].held) == (33, 1, 5)
    assert (rows[(EAST, PJ)].units, rows[(EAST, PJ)].required) == (133, 4)  # ⌈3.99⌉
    assert rows[(EAST, PJ)].held == 7  # a van's stock counts as held
    assert rows[(SH, PJ)].shortfall == 1
    assert rows[(EAST, PJ)].shortfall == 0
    assert (NORTH, PJ) not in rows  # neither units nor stock there
    assert moves(rows[(SH, PJ)]) == []  # the van in 杭州 gives nothing
    assert rows[(SH, PJ)].remaining == 1


def test_zero_units_need_nothing():
    rows = plan([], [lot(1, 1, 4, (EAST, SH))])
    assert (rows[(SH, PJ)].required, rows[(SH, PJ)].shortfall) == (0, 0)


def test_a_configured_percentage_changes_the_requirement():
    rows = plan([Served((EAST, SH), PJ, 100)], [], percent=D("5"))
    assert rows[(SH, PJ)].required == 5


def test_transfers_come_from_the_largest_surplus_first_part_by_part():
    rows = plan(
        [Served((EAST, SH), PJ, 200)],  # needs 6, holds 0
        [
            lot(1, 1, 3, (NORTH, BJ)),  # 华北 surplus 5 in two parts
            lot(1, 2, 2, (NORTH, BJ)),
            lot(9, 1, 4, ()),  # central: surplus 4
        ],
    )
    sh = rows[(SH, PJ)]
    assert sh.shortfall == 6
    assert moves(sh) == [(1, NORTH, 1, 3), (1, NORTH, 2, 2), (9, None, 1, 1)]
    assert sh.remaining == 0
    assert rows[(EAST, PJ)].remaining == 0  # what 上海 received counts for 华东 too
    assert rows[(NORTH, PJ)].held == 5  # the report shows today's stock


def test_a_region_gives_only_what_keeps_it_and_the_regions_under_it_at_their_requirement():
    rows = plan(
        [Served((NORTH, BJ), PJ, 100), Served((EAST, SH), PJ, 300)],  # 北京 needs 3, 上海 9
        [
            lot(1, 1, 3, (NORTH, BJ)),  # 北京 exactly at its requirement
            lot(2, 1, 4, (NORTH,)),  # 华北's regional warehouse: 华北 holds 7, needs 3
        ],
    )
    sh = rows[(SH, PJ)]
    assert moves(sh) == [(2, NORTH, 1, 4)]
    assert sh.remaining == 5
    assert rows[(BJ, PJ)].remaining == 0


def test_a_warehouse_above_the_short_region_supplies_it_without_limit():
    rows = plan(
        [Served((EAST, SH), PJ, 100), Served((EAST, HZ), PJ, 100)],
        [lot(1, 1, 6, (EAST,), kind="regional"), lot(2, 1, 3, (EAST, HZ))],
    )
    # 华东's regional warehouse stocks 上海: 华东's own count does not change
    assert moves(rows[(SH, PJ)]) == [(1, EAST, 1, 3)]
    assert rows[(EAST, PJ)].shortfall == 0


def test_a_part_fitting_two_lines_is_not_taken_where_the_other_line_would_fall_short():
    rows = plan(
        [Served((EAST, SH), PJ, 100), Served((NORTH, BJ), FURN, 100)],
        [lot(1, 1, 4, (NORTH, BJ), lines=(PJ, FURN))],  # 北京 needs 3 of it for furniture
    )
    assert moves(rows[(SH, PJ)]) == [(1, NORTH, 1, 1)]
    assert rows[(BJ, FURN)].remaining == 0


def test_only_available_stock_moves():
    rows = plan([Served((EAST, SH), PJ, 100)], [lot(9, 1, 10, (), available=1)])
    assert moves(rows[(SH, PJ)]) == [(9, None, 1, 1)]
    assert rows[(SH, PJ)].remaining == 2


def test_deeper_regions_are_planned_first():
    rows = plan(
        [Served((EAST, SH), PJ, 100), Served((EAST, HZ), PJ, 100)],  # 华东 needs 6
        [lot(9, 1, 10, ())],
    )
    assert moves(rows[(SH, PJ)]) == [(9, None, 1, 3)]
    assert moves(rows[(HZ, PJ)]) == [(9, None, 1, 3)]
    assert moves(rows[(EAST, PJ)]) == []
    assert rows[(EAST, PJ)].shortfall == 6
    assert rows[(EAST, PJ)].remaining == 0


def test_transfers_are_received_at_the_regions_own_warehouse():
    depots = [
        Depot(1, "network_point", (EAST, SH), "sh-np"),
        Depot(2, "regional", (EAST, SH), "sh"),
        Depot(3, "van", (EAST, SH), "van"),
        Depot(9, "central", (), "central"),
    ]
    rows = plan([Served((EAST, SH), PJ, 100)], [lot(9, 1, 10, ())], depots=depots)
    assert rows[(SH, PJ)].to_warehouse_id == 2
    assert receiving_warehouse((EAST, SH), depots[2:]) == 3  # only a van there
    assert receiving_warehouse((NORTH,), depots) is None


@st.composite
def scenarios(draw):
    served = [
        Served(path, line, draw(st.integers(0, 300)))
        for path in [(EAST, SH), (EAST, HZ), (EAST,), (NORTH, BJ)]
        for line in (PJ, FURN)
        if draw(st.booleans())
    ]
    places = [(), (EAST,), (EAST, SH), (EAST, HZ), (NORTH,), (NORTH, BJ)]
    lots, seen = [], set()
    for _ in range(draw(st.integers(0, 10))):
        w = draw(st.integers(0, len(places) - 1))
        part = draw(st.integers(1, 3))
        if (w, part) in seen:
            continue
        seen.add((w, part))
        on_hand = draw(st.integers(0, 12))
        lots.append(
            lot(
                w,
                part,
                on_hand,
                places[w],
                lines=draw(st.sets(st.sampled_from([PJ, FURN]), max_size=2)),
                kind=draw(st.sampled_from(["regional", "van"])),
                available=draw(st.integers(0, on_hand)),
            )
        )
    return served, lots


@settings(max_examples=200)
@given(case=scenarios())
def test_transfers_never_overdraw_a_lot_nor_leave_a_region_worse_off(case):
    served, lots = case
    rows = plan(served, lots)
    by_lot = {(x.warehouse_id, x.part_id): x for x in lots}
    taken: dict = {}
    final = {k: r.held for k, r in rows.items()}
    paths = {a.region_id: a.path for a in AREAS}
    for (region, _line), row in rows.items():
        assert row.required == required_spares(row.units, D("3"))
        assert row.shortfall == max(0, row.required - row.held)
        assert sum(t.quantity for t in row.transfers) <= row.shortfall
        for t in row.transfers:
            source = by_lot[(t.from_warehouse_id, t.part_id)]
            assert source.kind != "van"
            assert not contains(paths[region], source.region_path)
            key = (t.from_warehouse_id, t.part_id)
            taken[key] = taken.get(key, 0) + t.quantity
            for a in AREAS:
                gives = contains(a.path, source.region_path)
                gets = contains(a.path, paths[region])
                for line in source.lines:
                    if gives != gets and (a.region_id, line) in final:
                        final[(a.region_id, line)] += -t.quantity if gives else t.quantity
    for key, total in taken.items():
        assert total <= by_lot[key].available
    for key, row in rows.items():
        assert final[key] >= min(row.required, row.held)  # nobody made short by a transfer
        assert row.remaining == max(0, row.required - final[key])
