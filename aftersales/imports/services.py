"""Bulk import of customers and units from Excel/CSV (UNIT-3).

Every row goes through the same service as a single create (``customer_create``,
``unit_create``), inside its own savepoint of one transaction, so a row is checked by
exactly the rules of the API and a refused row leaves nothing behind. The mode decides
what is kept:

- ``all`` (all-or-nothing, the default): any bad row → the transaction is rolled back;
- ``good``: the good rows are committed together, the bad rows are reported;
- ``dry_run``: either mode, then always rolled back — a report of what would happen.

All rows are checked in every mode, so one run reports every problem of the file.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from aftersales.accounts.access import require
from aftersales.accounts.models import User
from aftersales.core.exceptions import ValidationFailed
from aftersales.imports.cells import CellError, is_blank
from aftersales.imports.columns import COLUMNS, Column
from aftersales.imports.readers import Row, Sheet, read_sheet
from aftersales.imports.references import References, RowRefused

MODES = ("all", "good")
KINDS = tuple(COLUMNS)


@dataclass(frozen=True)
class Problem:
    line: int
    field: str
    column: str  # the header as written in the file ("" for a field without a column)
    message: str


@dataclass
class ImportReport:
    kind: str
    mode: str
    dry_run: bool
    total_rows: int = 0
    valid_rows: int = 0
    created_ids: list[int] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    committed: bool = False

    @property
    def invalid_rows(self) -> int:
        return self.total_rows - self.valid_rows


def _parse(row: Row, columns: Sequence[Column]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    for column in columns:
        raw = row.cells.get(column.name)
        if column.required and is_blank(raw):
            errors.setdefault(column.name, []).append(_("is required"))
            continue
        try:
            values[column.name] = column.parse(raw)
        except CellError as exc:
            errors.setdefault(column.name, []).append(str(exc))
    if errors:
        raise RowRefused(errors)
    return values


def _create_customer(values: dict[str, Any], refs: References) -> int:
    from aftersales.customers.services import customer_create

    region = refs.region(values.pop("region"))
    refs.refuse_duplicate_customer(name=values["name"], phone=values["phone"])
    values["kind"] = values.get("kind") or "consumer"
    values = {k: ("" if v is None and k in {"email", "address"} else v) for k, v in values.items()}
    return customer_create(region=region, **values).pk


def _create_unit(values: dict[str, Any], refs: References) -> int:
    from aftersales.units.services import unit_create

    product_model = refs.product_model(values.pop("product_model"))
    customer = refs.unit_customer(
        customer_id=values.pop("customer_id"), phone=values.pop("customer_phone")
    )
    values["clearance_sale"] = bool(values.get("clearance_sale"))
    values["sales_channel"] = values.get("sales_channel") or ""
    return unit_create(product_model=product_model, customer=customer, **values).pk


CREATORS: dict[str, Callable[[dict[str, Any], References], int]] = {
    "customers": _create_customer,
    "units": _create_unit,
}


def _import_row(row: Row, kind: str, refs: References) -> int:
    """Create the row's record in a savepoint; ``RowRefused`` when it is not valid."""
    values = _parse(row, COLUMNS[kind])
    try:
        with transaction.atomic():
            return CREATORS[kind](values, refs)
    except ValidationFailed as exc:
        raise RowRefused(exc.errors or {"__all__": [exc.message]}) from exc
    except IntegrityError as exc:  # a concurrent writer took the same key
        raise RowRefused({"__all__": [_("conflicts with a record saved meanwhile")]}) from exc


def _problems(line: int, errors: dict[str, list[str]], sheet: Sheet) -> list[Problem]:
    aliases = {"customer": "customer_id"}  # unit_create names the field "customer"
    found: list[Problem] = []
    for name, messages in errors.items():
        column = sheet.headers.get(name) or sheet.headers.get(aliases.get(name, ""), "")
        found.extend(Problem(line, name, column, str(m)) for m in messages)
    return found


def records_import(
    *,
    kind: str,
    content: bytes,
    filename: str,
    mode: str = "all",
    dry_run: bool = False,
    actor: User | None,
) -> ImportReport:
    """Import ``kind`` (``customers`` or ``units``) from an .xlsx or .csv file.

    ``actor`` None is the operator at the server (the management command): every
    customer may be referenced. A user needs ``records.import`` and references only the
    customers they can see. Refuses the whole file (``ValidationFailed`` on ``file``,
    ``kind`` or ``mode``) when it cannot be read; otherwise answers a report, row errors
    included, and has written what the report says.
    """
    if actor is not None:
        require(actor, "records.import")
    errors: dict[str, list[str]] = {}
    if kind not in KINDS:
        errors["kind"] = [_("must be one of: %(choices)s") % {"choices": ", ".join(KINDS)}]
    if mode not in MODES:
        errors["mode"] = [_("must be one of: %(choices)s") % {"choices": ", ".join(MODES)}]
    if errors:
        raise ValidationFailed(_("Invalid import request."), errors=errors)
    if len(content) > settings.IMPORT_MAX_BYTES:
        raise ValidationFailed.field(
            "file",
            _("is larger than %(max)s bytes; split it into smaller files")
            % {"max": settings.IMPORT_MAX_BYTES},
        )
    sheet = read_sheet(
        content=content,
        filename=filename,
        columns=COLUMNS[kind],
        max_rows=settings.IMPORT_MAX_ROWS,
    )
    report = ImportReport(kind=kind, mode=mode, dry_run=dry_run, total_rows=len(sheet.rows))
    refs = References(customers=_customer_qs(actor))
    with transaction.atomic():
        for row in sheet.rows:
            try:
                report.created_ids.append(_import_row(row, kind, refs))
            except RowRefused as exc:
                report.problems.extend(_problems(row.line, exc.errors, sheet))
        report.valid_rows = len(report.created_ids)
        keep = not dry_run and report.created_ids and (mode == "good" or not report.problems)
        if keep:
            report.committed = True
        else:
            transaction.set_rollback(True)
            report.created_ids = []
    return report


def _customer_qs(actor: User | None) -> QuerySet[Any]:
    from aftersales.customers.models import Customer
    from aftersales.customers.selectors import customer_visible_qs

    return Customer.objects.all() if actor is None else customer_visible_qs(user=actor)
