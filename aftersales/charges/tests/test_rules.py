"""Pricing and coverage of charge lines (FEE-1, FEE-2, WAR-4, WAR-5) as pure functions."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aftersales.charges import rules
from aftersales.charges.rules import (
    Band,
    Cover,
    LabourByHours,
    LabourByLevel,
    Level,
    OtherItem,
    PartItem,
    PriceTable,
    Travel,
    band_problems,
    coverage,
    price_item,
    price_items,
)

D = Decimal
TABLE = PriceTable(
    hourly_rate=D("85.50"),
    levels=(
        Level(1, "简单", D("80.00")),
        Level(2, "一般", D("150.00")),
        Level(3, "复杂", D("300.00")),
    ),
    bands=(
        Band(D("0"), D("15"), D("30.00")),
        Band(D("15"), D("30"), D("60.00")),
        Band(D("30"), None, D("100.00")),
    ),
)
IN = Cover(known=True, in_warranty=True, accessories_in_warranty=True)
IN_ACC_OUT = Cover(known=True, in_warranty=True, accessories_in_warranty=False)
OUT = Cover(known=True, in_warranty=False, accessories_in_warranty=False)
OUT_ACC_IN = Cover(known=True, in_warranty=False, accessories_in_warranty=True)
EXCLUDED = Cover(known=True, in_warranty=True, accessories_in_warranty=True, exclusions=("misuse",))
UNKNOWN = rules.UNKNOWN_COVER


def part(warranty_class: str, price: str = "100.00", quantity: int = 1) -> PartItem:
    return PartItem(1, "SKU", "件", warranty_class, D(price), quantity)


# --- coverage: who pays which line ------------------------------------------------------

COVERAGE = [
    # kind, warranty class, always charged, cover, expected code
    ("labour", "", False, IN, "in_warranty"),
    ("travel", "", False, IN, "in_warranty"),
    ("other", "", False, IN, "in_warranty"),
    ("part", "main", False, IN, "in_warranty"),
    ("part", "accessory", False, IN, "accessory_in_warranty"),
    ("part", "consumable", False, IN, "consumable"),
    ("other", "", True, IN, "not_covered"),
    ("part", "accessory", False, IN_ACC_OUT, "accessory_out_of_warranty"),
    ("part", "main", False, IN_ACC_OUT, "in_warranty"),
    ("labour", "", False, IN_ACC_OUT, "in_warranty"),
    ("labour", "", False, OUT, "out_of_warranty"),
    ("travel", "", False, OUT, "out_of_warranty"),
    ("part", "main", False, OUT, "out_of_warranty"),
    ("part", "accessory", False, OUT, "accessory_out_of_warranty"),
    ("part", "accessory", False, OUT_ACC_IN, "accessory_in_warranty"),
    ("labour", "", False, OUT_ACC_IN, "out_of_warranty"),
    ("labour", "", False, EXCLUDED, "exclusion"),
    ("part", "main", False, EXCLUDED, "exclusion"),
    ("part", "accessory", False, EXCLUDED, "exclusion"),
    ("part", "consumable", False, EXCLUDED, "consumable"),
    ("other", "", True, EXCLUDED, "not_covered"),
    ("labour", "", False, UNKNOWN, "warranty_unknown"),
    ("part", "consumable", False, UNKNOWN, "warranty_unknown"),
]


@pytest.mark.parametrize(("kind", "wclass", "always", "cover", "expected"), COVERAGE)
def test_coverage_follows_the_documented_rule(kind, wclass, always, cover, expected):
    code = coverage(kind=kind, cover=cover, warranty_class=wclass, always_charged=always)
    assert code == expected


# --- prices of single lines --------------------------------------------------------------

PRICES = [
    # item, cover, (quantity, unit price, list amount, charge)
    (LabourByLevel(1), OUT, ("1", "80.00", "80.00", "80.00")),
    (LabourByLevel(3), OUT, ("1", "300.00", "300.00", "300.00")),
    (LabourByLevel(2), IN, ("1", "150.00", "150.00", "0.00")),
    (LabourByHours(D("1.5")), OUT, ("1.5", "85.50", "128.25", "128.25")),
    # 85.50 × 1.25 = 106.875 → 106.88; 85.50 × 0.03 = 2.565 → 2.57 (half-up, where
    # banker's rounding would give 2.56)
    (LabourByHours(D("1.25")), OUT, ("1.25", "85.50", "106.88", "106.88")),
    (LabourByHours(D("0.03")), OUT, ("0.03", "85.50", "2.57", "2.57")),
    (Travel(D("0")), OUT, ("1", "30.00", "30.00", "30.00")),
    (Travel(D("14.9")), OUT, ("1", "30.00", "30.00", "30.00")),
    (Travel(D("15")), OUT, ("1", "60.00", "60.00", "60.00")),
    (Travel(D("250")), OUT, ("1", "100.00", "100.00", "100.00")),
    (Travel(D("12")), IN, ("1", "30.00", "30.00", "0.00")),
    (part("main", "420.00", 2), OUT, ("2", "420.00", "840.00", "840.00")),
    (part("main", "420.00", 2), IN, ("2", "420.00", "840.00", "0.00")),
    (part("consumable", "899.00", 1), IN, ("1", "899.00", "899.00", "899.00")),
    (part("accessory", "65.50", 3), IN_ACC_OUT, ("3", "65.50", "196.50", "196.50")),
    (part("accessory", "65.50", 3), IN, ("3", "65.50", "196.50", "0.00")),
    (OtherItem("拆装吊架", D("50.00")), IN, ("1", "50.00", "50.00", "0.00")),
    (OtherItem("额外安装", D("50.00"), always_charged=True), IN, ("1", "50.00", "50.00", "50.00")),
]


@pytest.mark.parametrize(("item", "cover", "expected"), PRICES)
def test_each_line_is_priced_from_the_table(item, cover, expected):
    line = price_item(item, table=TABLE, cover=cover)
    quantity, unit_price, amount, charge = (D(x) for x in expected)
    assert (line.quantity, line.unit_price, line.list_amount, line.charge) == (
        quantity,
        unit_price,
        amount,
        charge,
    )
    assert line.covered is (line.charge == 0 and line.list_amount > 0)


def test_a_level_or_band_missing_from_the_table_is_refused():
    with pytest.raises(ValueError, match="fault level 9"):
        price_item(LabourByLevel(9), table=TABLE, cover=OUT)
    gappy = PriceTable(hourly_rate=D("1"), bands=(Band(D("0"), D("10"), D("5.00")),))
    with pytest.raises(ValueError, match="no travel band"):
        price_item(Travel(D("10")), table=gappy, cover=OUT)


def test_in_warranty_quote_shows_list_amounts_and_charges_only_the_consumable():
    totals = price_items(
        [LabourByLevel(2), Travel(D("20")), part("main", "420.00"), part("consumable", "899.00")],
        table=TABLE,
        cover=IN,
    )
    assert totals.list_total == D("1529.00")
    assert totals.charge_total == D("899.00")
    assert totals.covered_total == D("630.00")


# --- distance bands -----------------------------------------------------------------------

BANDS = [
    ([], []),
    ([(D(0), D(10)), (D(10), D(20)), (D(20), None)], []),
    ([(D(0), D(10)), (D(20), None)], []),  # a gap is allowed
    ([(D(0), D(10)), (D(5), D(20))], ["overlap"]),
    ([(D(0), None), (D(10), D(20))], ["overlap"]),
    ([(D(0), None), (D(10), None)], ["overlap"]),
    ([(D(0), D(10)), (D(0), D(20))], ["overlap"]),
    ([(D(10), D(10))], ["empty"]),
    ([(D(10), D(5))], ["empty"]),
    ([(D(-1), D(5))], ["negative"]),
]


@pytest.mark.parametrize(("bands", "problems"), BANDS)
def test_band_problems(bands, problems):
    assert band_problems(bands) == problems


# --- properties ---------------------------------------------------------------------------

money = st.decimals(min_value=0, max_value=100000, places=2, allow_nan=False)
hours = st.decimals(min_value=D("0.01"), max_value=999, places=2, allow_nan=False)
km = st.decimals(min_value=0, max_value=1000, places=1, allow_nan=False)
covers = st.builds(
    Cover,
    known=st.booleans(),
    in_warranty=st.booleans(),
    accessories_in_warranty=st.booleans(),
    exclusions=st.sampled_from([(), ("misuse",), ("clearance_sale", "force_majeure")]),
)
items = st.one_of(
    st.builds(LabourByLevel, fault_level=st.integers(1, 3)),
    st.builds(LabourByHours, hours=hours),
    st.builds(Travel, distance_km=km),
    st.builds(
        PartItem,
        part_id=st.integers(1, 99),
        sku=st.just("SKU"),
        name=st.just("件"),
        warranty_class=st.sampled_from(["main", "accessory", "consumable"]),
        unit_price=money,
        quantity=st.integers(1, 999),
    ),
    st.builds(OtherItem, description=st.just("其他"), amount=money, always_charged=st.booleans()),
)
tables = st.builds(
    PriceTable,
    hourly_rate=money,
    levels=st.tuples(
        st.builds(Level, st.just(1), st.just("a"), money),
        st.builds(Level, st.just(2), st.just("b"), money),
        st.builds(Level, st.just(3), st.just("c"), money),
    ),
    bands=st.tuples(
        st.builds(Band, st.just(D(0)), st.just(D(50)), money),
        st.builds(Band, st.just(D(50)), st.none(), money),
    ),
)


@given(table=tables, cover=covers, wanted=st.lists(items, max_size=12))
def test_totals_are_the_sums_of_lines_and_never_negative(table, cover, wanted):
    totals = price_items(wanted, table=table, cover=cover)
    assert totals.list_total == sum((x.list_amount for x in totals.lines), D(0))
    assert totals.charge_total == sum((x.charge for x in totals.lines), D(0))
    assert D(0) <= totals.charge_total <= totals.list_total
    for line in totals.lines:
        assert line.charge in (D(0), line.list_amount)
        assert line.list_amount >= 0
        # rounded to the fen, half-up, from the exact product
        exact = line.unit_price * line.quantity
        assert line.list_amount == exact.quantize(D("0.01"), rounding=ROUND_HALF_UP)
        assert line.list_amount.as_tuple().exponent == -2


@given(table=tables, wanted=st.lists(items, max_size=12))
def test_in_warranty_without_exclusions_charges_only_consumables_and_extras(table, wanted):
    totals = price_items(wanted, table=table, cover=IN)
    for line, item in zip(totals.lines, wanted, strict=True):
        paid = (isinstance(item, PartItem) and item.warranty_class == "consumable") or (
            isinstance(item, OtherItem) and item.always_charged
        )
        assert line.charge == (line.list_amount if paid else D(0))


@given(table=tables, wanted=st.lists(items, max_size=12))
def test_out_of_warranty_excluded_or_unknown_charges_everything(table, wanted):
    for cover in (OUT, EXCLUDED, UNKNOWN):
        totals = price_items(wanted, table=table, cover=cover)
        assert totals.charge_total == totals.list_total
