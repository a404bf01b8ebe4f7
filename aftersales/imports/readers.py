"""Read an uploaded sheet into rows of cells keyed by column, with their line numbers.

``.xlsx`` through openpyxl (first worksheet, computed values, not formulas); ``.csv`` as
UTF-8, UTF-8 with a byte-order mark (what Excel's "CSV UTF-8" writes) or, failing
those, GB18030 (a superset of GBK: what Chinese Excel writes for plain "CSV"). The
delimiter may be a comma, semicolon or tab. A line number is the row number Excel shows
(the header is line 1); blank rows are skipped but keep their numbers.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from aftersales.core.exceptions import ValidationFailed
from aftersales.imports.cells import is_blank
from aftersales.imports.columns import Column, normalise_header


@dataclass(frozen=True)
class Row:
    line: int
    cells: dict[str, object]  # column name → raw cell


@dataclass(frozen=True)
class Sheet:
    headers: dict[str, str]  # column name → the header as written in the file
    rows: list[Row]


def _file_error(message: str) -> ValidationFailed:
    return ValidationFailed.field("file", message)


def _xlsx_rows(content: bytes) -> Iterator[Sequence[object]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise _file_error(_("is not a readable Excel (.xlsx) file")) from exc
    try:
        sheet = workbook.worksheets[0]
        yield from sheet.iter_rows(values_only=True)
    finally:
        workbook.close()


def decode_csv(content: bytes) -> str:
    """UTF-8 (with or without BOM), else GB18030; anything else is refused."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise _file_error(_("is not text in UTF-8 or GBK"))


def _csv_rows(content: bytes) -> Iterator[Sequence[object]]:
    text = decode_csv(content)
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)
    try:
        yield from csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    except csv.Error as exc:
        raise _file_error(_("is not a well-formed CSV file: %(error)s") % {"error": exc}) from exc


def _match_headers(raw: Sequence[object], columns: Sequence[Column]) -> dict[int, Column]:
    """Position → column. Unknown, repeated or missing required headers refuse the file."""
    by_header = {header: column for column in columns for header in column.headers}
    found: dict[int, Column] = {}
    seen: dict[str, str] = {}
    unknown: list[str] = []
    for position, header in enumerate(raw):
        if is_blank(header):
            continue
        column = by_header.get(normalise_header(header))
        if column is None:
            unknown.append(str(header).strip())
            continue
        if column.name in seen:
            raise _file_error(
                _("columns %(first)s and %(second)s are the same field %(field)s")
                % {"first": seen[column.name], "second": str(header).strip(), "field": column.name}
            )
        seen[column.name] = str(header).strip()
        found[position] = column
    if unknown:
        raise _file_error(
            _("unknown columns: %(unknown)s; accepted: %(accepted)s")
            % {
                "unknown": ", ".join(unknown),
                "accepted": ", ".join(c.name for c in columns),
            }
        )
    missing = [c.name for c in columns if c.required and c.name not in seen]
    if missing:
        raise _file_error(
            _("required columns missing: %(missing)s") % {"missing": ", ".join(missing)}
        )
    return found


def read_sheet(*, content: bytes, filename: str, columns: Sequence[Column], max_rows: int) -> Sheet:
    """The file's rows as cells of known columns. Refuses (``file`` error) a file it cannot
    read, whose headers it does not know, or with more than ``max_rows`` rows."""
    name = filename.lower()
    if name.endswith(".xlsx"):
        rows = _xlsx_rows(content)
    elif name.endswith((".csv", ".txt")):
        rows = _csv_rows(content)
    else:
        raise _file_error(_("must be an .xlsx or .csv file"))
    header = next(rows, None)
    if header is None or all(is_blank(cell) for cell in header):
        raise _file_error(_("is empty: the first line must name the columns"))
    positions = _match_headers(header, columns)
    headers = {column.name: str(header[pos]).strip() for pos, column in positions.items()}
    result: list[Row] = []
    for line, values in enumerate(rows, start=2):
        if all(is_blank(v) for v in values):
            continue
        stray = [
            pos for pos, value in enumerate(values) if pos not in positions and not is_blank(value)
        ]
        if stray:
            raise _file_error(
                _("line %(line)s has a value in a column without a header") % {"line": line}
            )
        if len(result) >= max_rows:
            raise _file_error(
                _("has more than %(max)s rows; split it into smaller files") % {"max": max_rows}
            )
        cells = {
            column.name: values[pos] if pos < len(values) else None
            for pos, column in positions.items()
        }
        result.append(Row(line=line, cells=cells))
    if not result:
        raise _file_error(_("has no rows under the header"))
    return Sheet(headers=headers, rows=result)
