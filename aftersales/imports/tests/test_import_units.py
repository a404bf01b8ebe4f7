"""records_import of units: references, rules of unit_create, modes (UNIT-3)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from aftersales.imports.services import records_import
from aftersales.imports.tests.helpers import csv_bytes, xlsx_bytes
from aftersales.units.models import Unit

pytestmark = pytest.mark.django_db

HEADER = [
    *("序列号", "保修卡号", "型号", "客户编号", "客户电话"),
    *("购买日期", "验收日期", "售价", "降价处理"),
]


def _day(days_ago: int) -> str:
    return (timezone.localdate() - dt.timedelta(days=days_ago)).isoformat()


@pytest.fixture
def owner(make_customer):
    return make_customer(phone="13800138000")


def _import(rows, *, mode="all", dry_run=False, actor=None, content=None, filename="u.csv"):
    return records_import(
        kind="units",
        content=content if content is not None else csv_bytes(rows),
        filename=filename,
        mode=mode,
        dry_run=dry_run,
        actor=actor,
    )


def _problems(report) -> set[tuple[int, str]]:
    return {(p.line, p.field) for p in report.problems}


def test_units_refer_to_customers_by_id_or_phone_and_to_models_by_code(owner, product_model):
    rows = [
        HEADER,
        ["SN-A1", "CARD-A1", "PJ-100", owner.pk, "", _day(30), _day(20), "3,599.00", "否"],
        ["SN-A2", "", "pj-100", "", "138 0013 8000", _day(10), "", "¥999", "是"],
    ]

    report = _import(rows)

    assert report.committed, report.problems
    first, second = Unit.objects.order_by("pk")
    assert (first.customer, first.product_model, first.warranty_card_number) == (
        owner,
        product_model,
        "CARD-A1",
    )
    assert (first.sale_price, first.clearance_sale) == (Decimal("3599.00"), False)
    assert first.acceptance_date == timezone.localdate() - dt.timedelta(days=20)
    assert (second.customer, second.warranty_card_number, second.clearance_sale) == (
        owner,
        None,
        True,
    )


def test_xlsx_with_excel_dates_and_numbers(owner, product_model):
    purchase = dt.datetime.combine(timezone.localdate() - dt.timedelta(days=5), dt.time())
    rows = [
        ["serial_number", "product_model", "customer_phone", "purchase_date", "sale_price"],
        [20250001, "PJ-100", 13800138000, purchase, 3599.5],
    ]

    report = _import(None, content=xlsx_bytes(rows), filename="units.xlsx")

    assert report.committed, report.problems
    unit = Unit.objects.get()
    assert (unit.serial_number, unit.purchase_date, unit.sale_price) == (
        "20250001",
        purchase.date(),
        Decimal("3599.50"),
    )


@pytest.mark.parametrize(
    ("row", "field"),
    [
        (["SN-B", "", "NOPE", "{id}", "", _day(3), "", "1", ""], "product_model"),
        (["SN-B", "", "PJ-100", "", "", _day(3), "", "1", ""], "customer_id"),
        (["SN-B", "", "PJ-100", "999999", "", _day(3), "", "1", ""], "customer_id"),
        (["SN-B", "", "PJ-100", "", "13999999999", _day(3), "", "1", ""], "customer_phone"),
        (["SN-B", "", "PJ-100", "{id}", "13999999999", _day(3), "", "1", ""], "customer_phone"),
        (["SN-B", "", "PJ-100", "{id}", "", _day(-1), "", "1", ""], "purchase_date"),
        (["SN-B", "", "PJ-100", "{id}", "", _day(3), _day(4), "1", ""], "acceptance_date"),
        (["SN-B", "", "PJ-100", "{id}", "", "2025-02-30", "", "1", ""], "purchase_date"),
        (["SN-B", "", "PJ-100", "{id}", "", _day(3), "", "-5", ""], "sale_price"),
        (["SN-B", "", "PJ-100", "{id}", "", _day(3), "", "1.005", ""], "sale_price"),
        (["SN-B", "SN-B", "PJ-100", "{id}", "", _day(3), "", "1", ""], "warranty_card_number"),
        (["SN-B", "", "PJ-100", "{id}", "", _day(3), "", "1", "maybe"], "clearance_sale"),
        (["", "", "PJ-100", "{id}", "", _day(3), "", "1", ""], "serial_number"),
    ],
)
def test_a_bad_row_names_its_line_and_field_and_writes_nothing(owner, product_model, row, field):
    good = ["SN-OK", "", "PJ-100", owner.pk, "", _day(3), "", "1", ""]
    bad = [str(owner.pk) if cell == "{id}" else cell for cell in row]

    report = _import([HEADER, good, bad])

    assert _problems(report) == {(3, field)}
    assert not report.committed
    assert Unit.objects.count() == 0


def test_serial_and_card_numbers_share_one_namespace_across_the_file_and_the_base(owner, make_unit):
    make_unit(owner, serial_number="OLD-1", warranty_card_number="OLD-CARD")
    rows = [
        HEADER,
        ["OLD-CARD", "", "PJ-100", owner.pk, "", _day(3), "", "1", ""],  # 2: a card number
        ["NEW-1", "OLD-1", "PJ-100", owner.pk, "", _day(3), "", "1", ""],  # 3: a serial
        ["NEW-2", "C-2", "PJ-100", owner.pk, "", _day(3), "", "1", ""],  # 4: good
        ["C-2", "", "PJ-100", owner.pk, "", _day(3), "", "1", ""],  # 5: card of line 4
    ]

    report = _import(rows, mode="good")

    assert _problems(report) == {
        (2, "serial_number"),
        (3, "warranty_card_number"),
        (5, "serial_number"),
    }
    assert set(Unit.objects.values_list("serial_number", flat=True)) == {"OLD-1", "NEW-2"}


def test_a_phone_shared_by_two_customers_needs_the_id(owner, make_customer, product_model):
    make_customer(phone="13800138000")
    rows = [HEADER, ["SN-C", "", "PJ-100", "", "13800138000", _day(3), "", "1", ""]]

    report = _import(rows)

    assert _problems(report) == {(2, "customer_phone")}
    assert "customer_id" in report.problems[0].message


def test_a_user_references_only_the_customers_they_see(
    make_staff, make_customer, regions, product_model
):
    manager = make_staff("manager", region=regions["shanghai"])
    mine = make_customer(region=regions["shanghai"])
    theirs = make_customer(region=regions["beijing"])
    rows = [
        HEADER,
        ["SN-D1", "", "PJ-100", mine.pk, "", _day(3), "", "1", ""],
        ["SN-D2", "", "PJ-100", theirs.pk, "", _day(3), "", "1", ""],
        ["SN-D3", "", "PJ-100", "", theirs.phone, _day(3), "", "1", ""],
    ]

    report = _import(rows, mode="good", actor=manager)

    assert _problems(report) == {(3, "customer_id"), (4, "customer_phone")}
    assert list(Unit.objects.values_list("customer", flat=True)) == [mine.pk]
