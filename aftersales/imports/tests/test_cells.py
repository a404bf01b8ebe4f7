"""Reading one cell the way users fill spreadsheets (UNIT-3)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aftersales.imports.cells import (
    CellError,
    as_text,
    parse_bool,
    parse_date,
    parse_int,
    parse_money,
    parse_text,
)
from aftersales.imports.columns import COLUMNS, normalise_header


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("2025-03-10", dt.date(2025, 3, 10)),
        ("2025/3/10", dt.date(2025, 3, 10)),
        ("2025.03.10", dt.date(2025, 3, 10)),
        ("2025年3月10日", dt.date(2025, 3, 10)),
        ("20250310", dt.date(2025, 3, 10)),
        (" 2025-03-10 00:00:00 ", dt.date(2025, 3, 10)),
        ("２０２５-０３-１０", dt.date(2025, 3, 10)),  # full-width digits
        (dt.datetime(2025, 3, 10, 14, 30), dt.date(2025, 3, 10)),
        (dt.date(2024, 2, 29), dt.date(2024, 2, 29)),
        ("", None),
        (None, None),
    ],
)
def test_dates_are_read_in_the_forms_users_write(cell, expected):
    assert parse_date(cell) == expected


@pytest.mark.parametrize("cell", ["2025-02-30", "10/03/2025", "March 10", "2025-13-01", 45000])
def test_what_is_not_a_date_is_refused(cell):
    with pytest.raises(CellError, match="YYYY-MM-DD"):
        parse_date(cell)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("3599", Decimal("3599")),
        ("3,599.00", Decimal("3599.00")),
        ("¥3599.5", Decimal("3599.5")),
        ("￥1 299.99元", Decimal("1299.99")),
        (3599, Decimal("3599")),
        (1299.99, Decimal("1299.99")),
        (0.1, Decimal("0.1")),
        ("-1", Decimal("-1")),  # the service refuses it, naming the field
        ("", None),
    ],
)
def test_amounts_are_exact_decimals(cell, expected):
    assert parse_money(cell) == expected


@pytest.mark.parametrize("cell", ["abc", "1.001", "NaN", "Infinity", True, "1e-3"])
def test_what_is_not_an_amount_in_fen_is_refused(cell):
    with pytest.raises(CellError):
        parse_money(cell)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("是", True),
        ("否", False),
        ("Y", True),
        ("no", False),
        (1, True),
        ("0", False),
        (True, True),
        ("TRUE", True),
        ("√", True),
        ("", None),
    ],
)
def test_yes_and_no(cell, expected):
    assert parse_bool(cell) is expected


def test_an_unclear_yes_or_no_is_refused():
    with pytest.raises(CellError):
        parse_bool("maybe")


@pytest.mark.parametrize(
    ("cell", "expected"), [("12", 12), (12, 12), (12.0, 12), ("", None), ("１２", 12)]
)
def test_whole_numbers(cell, expected):
    assert parse_int(cell) == expected


@pytest.mark.parametrize("cell", ["12.5", 12.5, "twelve", "12个月"])
def test_what_is_not_a_whole_number_is_refused(cell):
    with pytest.raises(CellError):
        parse_int(cell)


def test_numbers_excel_made_of_phones_and_serials_read_back_as_typed():
    assert as_text(13800138000) == "13800138000"
    assert as_text(13800138000.0) == "13800138000"
    assert as_text("  SN-001 ") == "SN-001"


def test_text_longer_than_the_field_is_refused():
    assert parse_text("x" * 5, max_length=5) == "xxxxx"
    with pytest.raises(CellError, match="too long"):
        parse_text("x" * 6, max_length=5)


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("Serial Number", "serial_number"),
        (" serial-number ", "serial_number"),
        ("序列号*", "序列号"),
        ("售价（元）", "售价"),
        ("Purchase date (YYYY-MM-DD)", "purchase_date"),
    ],
)
def test_headers_are_compared_without_case_spaces_marks_or_units(header, expected):
    assert normalise_header(header) == expected


@pytest.mark.parametrize("kind", list(COLUMNS))
def test_every_header_names_one_column_only(kind):
    seen: dict[str, str] = {}
    for column in COLUMNS[kind]:
        for header in column.headers:
            assert header not in seen, (header, seen.get(header), column.name)
            seen[header] = column.name


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2999, 12, 31)))
def test_every_date_reads_back_from_each_written_form(day):
    for text in (
        day.isoformat(),
        f"{day.year}/{day.month}/{day.day}",
        f"{day.year}年{day.month}月{day.day}日",
        day.strftime("%Y%m%d"),
    ):
        assert parse_date(text) == day


@given(st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False))
def test_every_amount_in_fen_reads_back_exactly(amount):
    assert parse_money(str(amount)) == amount
    assert parse_money(f"¥{amount:,}") == amount
