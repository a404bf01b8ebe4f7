"""Reading an uploaded file: formats, encodings, headers, line numbers (UNIT-3)."""

from __future__ import annotations

import datetime as dt

import pytest

from aftersales.core.exceptions import ValidationFailed
from aftersales.imports.columns import CUSTOMER_COLUMNS, UNIT_COLUMNS
from aftersales.imports.readers import read_sheet
from aftersales.imports.tests.helpers import csv_bytes, xlsx_bytes

HEADER = ["名称", "电话", "区域"]
ROWS = [HEADER, ["张三", "13800138000", "上海"], ["李四", "021-62345678", "杭州"]]


def _read(content: bytes, filename: str = "customers.csv", max_rows: int = 100):
    return read_sheet(
        content=content, filename=filename, columns=CUSTOMER_COLUMNS, max_rows=max_rows
    )


def _file_error(content: bytes, filename: str = "customers.csv", **kwargs) -> str:
    with pytest.raises(ValidationFailed) as exc:
        _read(content, filename, **kwargs)
    assert list(exc.value.errors) == ["file"]
    return exc.value.errors["file"][0]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_csv_in_every_encoding_chinese_excel_writes(encoding):
    sheet = _read(csv_bytes(ROWS, encoding=encoding))

    assert sheet.headers == {"name": "名称", "phone": "电话", "region": "区域"}
    assert [r.cells["name"] for r in sheet.rows] == ["张三", "李四"]
    assert [r.line for r in sheet.rows] == [2, 3]


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_csv_delimiters(delimiter):
    sheet = _read(csv_bytes(ROWS, delimiter=delimiter))

    assert sheet.rows[1].cells == {"name": "李四", "phone": "021-62345678", "region": "杭州"}


def test_xlsx_first_sheet_with_typed_cells():
    rows = [
        ["serial_number", "product_model", "customer_phone", "purchase_date", "sale_price"],
        ["SN1", "PJ-100", 13800138000, dt.datetime(2025, 3, 10), 3599.5],
    ]

    sheet = read_sheet(
        content=xlsx_bytes(rows), filename="UNITS.XLSX", columns=UNIT_COLUMNS, max_rows=10
    )

    cells = sheet.rows[0].cells
    assert cells["customer_phone"] == 13800138000
    assert cells["purchase_date"] == dt.datetime(2025, 3, 10)
    assert sheet.rows[0].line == 2


def test_blank_rows_are_skipped_but_keep_their_line_numbers():
    sheet = _read(csv_bytes([HEADER, ["", "", ""], ["王五", "13900000000", "上海"]]))

    assert [r.line for r in sheet.rows] == [3]


def test_a_multi_line_cell_counts_as_one_row_as_in_excel():
    sheet = _read(
        csv_bytes(
            [
                ["名称", "电话", "区域", "地址"],
                ["张三", "13800138000", "上海", "黄浦区\n中山东一路1号"],
                ["李四", "13800138001", "上海", ""],
            ]
        )
    )

    assert [r.line for r in sheet.rows] == [2, 3]


def test_empty_header_columns_without_values_are_ignored():
    sheet = _read(csv_bytes([[*HEADER, ""], ["张三", "13800138000", "上海", ""]]))

    assert set(sheet.rows[0].cells) == {"name", "phone", "region"}


@pytest.mark.parametrize(
    ("rows", "filename", "fragment"),
    [
        ([HEADER, ["张三", "1", "上海"]], "customers.pdf", ".xlsx or .csv"),
        ([["", ""]], "customers.csv", "empty"),
        ([HEADER], "customers.csv", "no rows"),
        ([[*HEADER, "备注"], ["张三", "1", "上海", "x"]], "customers.csv", "unknown columns: 备注"),
        ([["名称", "电话"], ["张三", "1"]], "customers.csv", "required columns missing: region"),
        ([[*HEADER, "手机"], ["张三", "1", "上海", "2"]], "customers.csv", "same field phone"),
        ([HEADER, ["张三", "1", "上海", "stray"]], "customers.csv", "line 2"),
    ],
)
def test_files_that_cannot_be_read_are_refused_whole(rows, filename, fragment):
    assert fragment in _file_error(csv_bytes(rows), filename)


def test_a_file_that_is_not_text_is_refused():
    assert "UTF-8 or GBK" in _file_error(b"\xff\xfe\x00\x81\x00\xfe\xff" * 10)


def test_a_broken_xlsx_is_refused():
    assert "Excel" in _file_error(b"PK\x03\x04 not really a zip", "customers.xlsx")


def test_too_many_rows_are_refused():
    rows = [HEADER] + [["n", "13800138000", "上海"]] * 4

    assert "more than 3 rows" in _file_error(csv_bytes(rows), max_rows=3)
