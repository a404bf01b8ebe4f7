"""POST /api/v1/imports/customers and /imports/units: multipart upload → report (UNIT-3)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from aftersales.accounts.tokens import token_issue
from aftersales.customers.models import Customer
from aftersales.imports.tests.helpers import csv_bytes, xlsx_bytes
from aftersales.units.models import Unit

pytestmark = pytest.mark.django_db

CUSTOMERS = [
    ["name", "phone", "region"],
    ["张三", "13800138000", "上海"],
    ["李四", "13800138001", "杭州"],
]
BAD_CUSTOMER = ["王五", "not a phone", "上海"]


def _post(user, kind, content, *, filename="data.csv", **form):
    client = Client()
    headers = {"Authorization": f"Bearer {token_issue(user=user)}"} if user else {}
    data = {"file": SimpleUploadedFile(filename, content), **form}
    return client.post(f"/api/v1/imports/{kind}", data, headers=headers)


@pytest.fixture
def admin(make_staff):
    return make_staff("admin")


def test_good_customers_file_answers_201_with_the_report(admin, regions):
    response = _post(admin, "customers", csv_bytes(CUSTOMERS, encoding="utf-8-sig"))

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["committed"] is True
    assert (body["total_rows"], body["valid_rows"], body["invalid_rows"]) == (2, 2, 0)
    assert body["created_ids"] == list(Customer.objects.order_by("pk").values_list("pk", flat=True))
    assert body["problems"] == []
    assert body["errors"] == {}
    assert body["code"] is None


def test_bad_row_in_all_mode_answers_422_and_writes_nothing(admin, regions):
    response = _post(admin, "customers", csv_bytes([*CUSTOMERS, BAD_CUSTOMER]), mode="all")

    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid"
    assert body["committed"] is False
    assert body["problems"] == [
        {"line": 4, "field": "phone", "column": "phone", "message": body["problems"][0]["message"]}
    ]
    assert list(body["errors"]) == ["4.phone"]
    assert isinstance(body["detail"], str)
    assert Customer.objects.count() == 0


def test_bad_row_in_good_mode_imports_the_rest(admin, regions):
    response = _post(admin, "customers", csv_bytes([*CUSTOMERS, BAD_CUSTOMER]), mode="good")

    assert response.status_code == 201
    assert response.json()["invalid_rows"] == 1
    assert Customer.objects.count() == 2


def test_dry_run_answers_200_and_writes_nothing(admin, regions):
    response = _post(admin, "customers", csv_bytes(CUSTOMERS), dry_run="true")

    assert response.status_code == 200
    assert response.json()["valid_rows"] == 2
    assert response.json()["dry_run"] is True
    assert Customer.objects.count() == 0


def test_units_from_xlsx(admin, make_customer, product_model):
    owner = make_customer(phone="13800138000")
    day = dt.datetime.combine(timezone.localdate() - dt.timedelta(days=3), dt.time())
    rows = [
        ["序列号", "型号", "客户电话", "购买日期", "售价"],
        ["SN-X1", "PJ-100", "13800138000", day, 100],
    ]

    response = _post(admin, "units", xlsx_bytes(rows), filename="units.xlsx")

    assert response.status_code == 201, response.content
    assert Unit.objects.get().customer == owner


@pytest.mark.parametrize(
    ("form", "field"), [({"mode": "some"}, "mode"), ({"dry_run": "perhaps"}, "dry_run")]
)
def test_bad_options_are_refused_naming_the_field(admin, regions, form, field):
    response = _post(admin, "customers", csv_bytes(CUSTOMERS), **form)

    assert response.status_code == 422
    assert field in response.json()["errors"]
    assert Customer.objects.count() == 0


def test_unreadable_file_is_refused_naming_the_file(admin, regions):
    response = _post(admin, "customers", b"\x00\x01", filename="data.xls")

    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["file"]


def test_missing_file_is_refused(admin):
    response = Client().post(
        "/api/v1/imports/customers",
        {"mode": "all"},
        headers={"Authorization": f"Bearer {token_issue(user=admin)}"},
    )

    assert response.status_code == 422
    assert "file" in response.json()["errors"]


def test_a_file_over_the_size_limit_is_refused(admin, regions, settings):
    settings.IMPORT_MAX_BYTES = 20

    response = _post(admin, "customers", csv_bytes(CUSTOMERS))

    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["file"]
    assert Customer.objects.count() == 0


@pytest.mark.parametrize("role", ["engineer", "dispatcher", "warehouse", "quality", "director"])
def test_other_roles_may_not_import(make_staff, regions, role):
    response = _post(make_staff(role), "customers", csv_bytes(CUSTOMERS))

    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
    assert Customer.objects.count() == 0


def test_a_customer_sign_in_may_not_import(make_customer, customer_user, regions):
    response = _post(customer_user(make_customer()), "customers", csv_bytes(CUSTOMERS))

    assert response.status_code == 403
    assert Customer.objects.count() == 1  # only the signed-in customer


def test_anonymous_gets_401(regions):
    response = _post(None, "customers", csv_bytes(CUSTOMERS))

    assert response.status_code == 401
    assert Customer.objects.count() == 0


def test_a_manager_cannot_attach_units_to_customers_outside_their_region(
    make_staff, make_customer, regions, product_model
):
    manager = make_staff("manager", region=regions["shanghai"])
    elsewhere = make_customer(region=regions["beijing"])
    rows = [
        ["serial_number", "product_model", "customer", "purchase_date", "sale_price"],
        ["SN-Y1", "PJ-100", elsewhere.pk, timezone.localdate().isoformat(), "1"],
    ]

    response = _post(manager, "units", csv_bytes(rows))

    assert response.status_code == 422
    assert response.json()["problems"][0]["field"] == "customer_id"
    assert response.json()["problems"][0]["column"] == "customer"
    assert Unit.objects.count() == 0
