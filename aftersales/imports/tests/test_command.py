"""manage.py import_records customers|units <file> [--mode] [--dry-run] (UNIT-3)."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from aftersales.customers.models import Customer
from aftersales.imports.tests.helpers import csv_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db

ROWS = [["客户名称", "电话", "区域"], ["张三", "13800138000", "上海"], ["李四", "021-6234", "杭州"]]
BAD = ["王五", "bad phone", "上海"]


def _run(path, *args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_records", *args, str(path), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_command_imports_a_csv_with_bom(tmp_path, regions):
    path = tmp_path / "customers.csv"
    path.write_bytes(csv_bytes(ROWS, encoding="utf-8-sig"))

    out, err = _run(path, "customers")

    assert Customer.objects.count() == 2
    assert err == ""
    assert "2" in out


def test_command_reports_line_and_field_and_fails_in_all_mode(tmp_path, regions):
    path = tmp_path / "customers.xlsx"
    path.write_bytes(xlsx_bytes([*ROWS, BAD]))

    with pytest.raises(CommandError) as exc:
        call_command("import_records", "customers", str(path), stderr=(err := io.StringIO()))

    assert exc.value.returncode == 1
    assert "line 4: phone (电话):" in err.getvalue()
    assert Customer.objects.count() == 0


def test_command_good_mode_keeps_the_good_rows(tmp_path, regions):
    path = tmp_path / "customers.csv"
    path.write_bytes(csv_bytes([*ROWS, BAD]))

    _out, err = _run(path, "customers", "--mode", "good")

    assert Customer.objects.count() == 2
    assert "line 4" in err


def test_command_dry_run_writes_nothing(tmp_path, regions):
    path = tmp_path / "customers.csv"
    path.write_bytes(csv_bytes([*ROWS, BAD]))

    out, _err = _run(path, "customers", "--dry-run")

    assert Customer.objects.count() == 0
    assert "2" in out


def test_command_as_a_user_without_the_right_is_refused(tmp_path, regions, make_staff):
    engineer = make_staff("engineer", username="eng1")
    path = tmp_path / "customers.csv"
    path.write_bytes(csv_bytes(ROWS))

    with pytest.raises(CommandError):
        _run(path, "customers", "--as-user", engineer.username)

    assert Customer.objects.count() == 0


def test_command_refuses_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        _run(tmp_path / "nope.csv", "customers")
