"""records_import of customers: rows checked as customer_create, modes, dry run (UNIT-3)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aftersales.core.exceptions import PermissionDenied, ValidationFailed
from aftersales.customers.models import Customer
from aftersales.imports.services import records_import
from aftersales.imports.tests.helpers import csv_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db

HEADER = ["客户名称", "类型", "电话", "邮箱", "区域", "地址", "合同保修月数"]
GOOD = [
    ["上海电子有限公司", "企业", "021-62345678", "it@example.com", "上海", "黄浦区1号", ""],
    ["张三", "个人", "13800138000", "", "shanghai", "", ""],
    ["市第一中学", "行业工程", "0571-87654321", "", "杭州", "西湖区2号", "36"],
]


def _import(rows, *, mode="all", dry_run=False, actor=None, filename="c.csv", content=None):
    return records_import(
        kind="customers",
        content=content if content is not None else csv_bytes(rows),
        filename=filename,
        mode=mode,
        dry_run=dry_run,
        actor=actor,
    )


def _problems(report) -> set[tuple[int, str]]:
    return {(p.line, p.field) for p in report.problems}


def test_a_good_file_imports_every_customer(regions):
    report = _import([HEADER, *GOOD])

    assert report.committed
    assert (report.total_rows, report.valid_rows, report.invalid_rows) == (3, 3, 0)
    assert report.problems == []
    company, person, school = Customer.objects.order_by("pk")
    assert [c.pk for c in (company, person, school)] == report.created_ids
    assert (company.kind, company.region, company.email) == (
        "enterprise",
        regions["shanghai"],
        "it@example.com",
    )
    assert (person.kind, person.phone, person.address) == ("consumer", "13800138000", "")
    assert (school.kind, school.region, school.contract_warranty_months) == (
        "project",
        regions["hangzhou"],
        36,
    )


def test_english_headers_and_an_xlsx_file_work_the_same(regions):
    rows = [
        ["name", "kind", "phone", "region"],
        ["Acme", "enterprise", 13800138000, "beijing"],
    ]

    report = _import(None, content=xlsx_bytes(rows), filename="customers.xlsx")

    assert report.committed
    customer = Customer.objects.get()
    assert (customer.phone, customer.region) == ("13800138000", regions["beijing"])


BAD = [
    ["", "个人", "13800138001", "", "上海", "", ""],  # line 5: name required
    ["王五", "个人", "not a phone", "", "上海", "", ""],  # line 6: service refuses phone
    ["赵六", "朋友", "13800138002", "", "火星", "", ""],  # line 7: kind and region
    ["钱七", "个人", "13800138003", "", "上海", "", "24"],  # line 8: contract only for project
    ["孙八", "个人", "13800138004", "bad-email", "上海", "", ""],  # line 9: full_clean email
]
BAD_FIELDS = {
    (5, "name"),
    (6, "phone"),
    (7, "kind"),  # a cell that cannot be read stops the row before its references
    (8, "contract_warranty_months"),
    (9, "email"),
}


def test_bad_rows_are_reported_with_line_and_field(regions):
    report = _import([HEADER, *GOOD, *BAD])

    assert _problems(report) == BAD_FIELDS
    assert (report.total_rows, report.valid_rows) == (8, 3)
    columns = {p.field: p.column for p in report.problems}
    assert columns["name"] == "客户名称"
    assert columns["contract_warranty_months"] == "合同保修月数"


def test_all_or_nothing_writes_nothing_when_a_row_is_bad(regions):
    report = _import([HEADER, *GOOD, *BAD], mode="all")

    assert not report.committed
    assert report.created_ids == []
    assert report.problems
    assert Customer.objects.count() == 0


def test_good_rows_mode_keeps_the_good_rows_and_reports_the_bad(regions):
    report = _import([HEADER, *GOOD, *BAD], mode="good")

    assert report.committed
    assert sorted(Customer.objects.values_list("name", flat=True)) == sorted(r[0] for r in GOOD)
    assert report.created_ids == list(Customer.objects.order_by("pk").values_list("pk", flat=True))
    assert {line for line, _ in _problems(report)} == {5, 6, 7, 8, 9}


def test_good_rows_mode_with_only_bad_rows_writes_nothing(regions):
    report = _import([HEADER, *BAD], mode="good")

    assert not report.committed
    assert Customer.objects.count() == 0


@pytest.mark.parametrize("mode", ["all", "good"])
def test_dry_run_reports_and_writes_nothing(regions, mode):
    report = _import([HEADER, *GOOD, BAD[0]], mode=mode, dry_run=True)

    assert (report.valid_rows, report.invalid_rows) == (3, 1)
    assert not report.committed
    assert report.created_ids == []
    assert Customer.objects.count() == 0


def test_a_file_imported_twice_does_not_duplicate_customers(regions):
    _import([HEADER, *GOOD])

    again = _import([HEADER, *GOOD], mode="good")

    assert not again.committed
    assert {p.field for p in again.problems} == {"phone"}
    assert "already on file" in again.problems[0].message
    assert Customer.objects.count() == 3


def test_the_same_customer_twice_in_one_file_is_refused_the_second_time(regions):
    report = _import([HEADER, GOOD[1], GOOD[1]], mode="good")

    assert _problems(report) == {(3, "phone")}
    assert Customer.objects.count() == 1


def test_a_region_name_shared_by_two_regions_must_be_given_by_code(regions, make_region):
    make_region("shanghai-2", "上海", parent=regions["north"])

    report = _import([HEADER, GOOD[0]])

    assert _problems(report) == {(2, "region")}
    assert "code" in report.problems[0].message


def test_who_may_import(make_staff, regions):
    for role in ("engineer", "dispatcher", "warehouse", "quality", "director"):
        with pytest.raises(PermissionDenied):
            _import([HEADER, *GOOD], actor=make_staff(role))
    for role in ("agent", "manager", "admin"):
        assert _import([HEADER, GOOD[0]], actor=make_staff(role), dry_run=True).valid_rows == 1
    assert Customer.objects.count() == 0


@pytest.mark.parametrize(("field", "kwargs"), [("kind", {"kind": "x"}), ("mode", {"mode": "x"})])
def test_unknown_kind_or_mode_is_refused(regions, field, kwargs):
    arguments = {"kind": "customers", "mode": "all", **kwargs}
    with pytest.raises(ValidationFailed) as exc:
        records_import(content=b"", filename="c.csv", dry_run=False, actor=None, **arguments)
    assert field in exc.value.errors


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    good=st.lists(st.booleans(), min_size=1, max_size=6),
    mode=st.sampled_from(["all", "good"]),
    dry_run=st.booleans(),
)
def test_what_is_written_is_exactly_what_the_mode_promises(regions, good, mode, dry_run):
    Customer.objects.all().delete()
    rows = [
        [f"客户{i}", "个人", f"1380000{i:04d}" if ok else "bad phone", "", "上海", "", ""]
        for i, ok in enumerate(good)
    ]

    report = _import([HEADER, *rows], mode=mode, dry_run=dry_run)

    expected = 0 if dry_run else sum(good) if mode == "good" else (len(good) if all(good) else 0)
    assert Customer.objects.count() == expected == len(report.created_ids)
    assert report.valid_rows == sum(good)
    assert {p.line for p in report.problems} == {i + 2 for i, ok in enumerate(good) if not ok}
