"""The loaner endpoints: success, bad input (nothing written) and who may not."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from aftersales.escalations.services import loaners_record
from aftersales.loaners.models import Loan, LoanerUnit
from aftersales.loaners.services import loaner_issue
from aftersales.loaners.tests.conftest import written

pytestmark = pytest.mark.django_db
EN = {"Accept-Language": "en"}


def _is_error(response, status, code):
    body = response.json()
    assert response.status_code == status, body
    assert set(body) >= {"detail", "errors", "code"}
    assert body["code"] == code
    return body


# --- the pool -------------------------------------------------------------------------


def test_a_keeper_adds_lists_and_retires_units(api_as, people, warehouses, product_model):
    api = api_as(people["keeper"])
    body = {
        "serial_number": "LN-1",
        "product_model": product_model.pk,
        "warehouse": warehouses["shanghai"].pk,
        "note": "带遥控器",
    }
    created = api.post("/loaners", body)
    assert created.status_code == 201, created.json()
    unit = created.json()
    assert (unit["serial_number"], unit["status"], unit["warehouse_code"], unit["loan"]) == (
        "LN-1",
        "available",
        "sh",
        None,
    )
    listed = api.get("/loaners", {"warehouse": warehouses["shanghai"].pk, "status": "available"})
    assert [u["id"] for u in listed.json()["results"]] == [unit["id"]]
    assert api.get("/loaners", {"status": "on_loan"}).json() == {"count": 0, "results": []}
    retired = api.post(f"/loaners/{unit['id']}/retire", {"reason": "屏幕损坏"})
    assert retired.status_code == 200
    assert (retired.json()["status"], retired.json()["note"]) == ("retired", "带遥控器\n屏幕损坏")
    _is_error(api.post(f"/loaners/{unit['id']}/retire", {}), 409, "conflict")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"serial_number": ""}, "serial_number"),
        ({"product_model": 999_999}, "product_model"),
        ({"warehouse": "beijing"}, "warehouse"),
        ({"colour": "red"}, "colour"),  # unknown fields are refused
        ({"warehouse": None}, "warehouse"),
    ],
)
def test_adding_with_bad_input_is_422_naming_the_field(
    change, field, api_as, people, warehouses, product_model
):
    body = {
        "serial_number": "LN-1",
        "product_model": product_model.pk,
        "warehouse": warehouses["shanghai"].pk,
    }
    body.update(change)
    if body["warehouse"] == "beijing":
        body["warehouse"] = warehouses["beijing"].pk
    answer = api_as(people["keeper"]).post("/loaners", body, headers=EN)
    assert field in _is_error(answer, 422, "invalid")["errors"]
    assert not LoanerUnit.objects.exists()


def test_who_may_not_manage_the_pool(api_as, people, warehouses, product_model, make_loaner):
    unit = make_loaner(warehouses["shanghai"])
    body = {
        "serial_number": "LN-2",
        "product_model": product_model.pk,
        "warehouse": warehouses["shanghai"].pk,
    }
    _is_error(api_as(people["agent"]).post("/loaners", body), 403, "forbidden")
    _is_error(api_as(people["agent"]).post(f"/loaners/{unit.pk}/retire", {}), 403, "forbidden")
    _is_error(
        api_as(people["beijing_keeper"]).post(f"/loaners/{unit.pk}/retire", {}), 404, "not_found"
    )
    assert api_as(None).get("/loaners").status_code == 401
    assert LoanerUnit.objects.get().status == "available"
    assert LoanerUnit.objects.count() == 1


def test_the_pool_list_shows_only_visible_warehouses(api_as, people, warehouses, make_loaner):
    mine = make_loaner(warehouses["shanghai"])
    central = make_loaner(warehouses["central"])
    make_loaner(warehouses["beijing"])
    api = api_as(people["keeper"])
    listed = api.get("/loaners").json()
    assert sorted(u["id"] for u in listed["results"]) == sorted([mine.pk, central.pk])
    _is_error(api.get("/loaners", {"warehouse": warehouses["beijing"].pk}), 404, "not_found")


# --- loans ----------------------------------------------------------------------------


def test_lend_list_and_return_a_unit(api_as, people, warehouses, make_loaner, order):
    unit = make_loaner(warehouses["shanghai"])
    api = api_as(people["dispatcher"])
    back = (timezone.localdate() + dt.timedelta(days=3)).isoformat()
    lent = api.post(f"/service-orders/{order.pk}/loans", {"loaner": unit.pk, "expected_back": back})
    assert lent.status_code == 201, lent.json()
    loan = lent.json()
    assert (loan["loaner"], loan["order"], loan["expected_back"], loan["open"]) == (
        unit.pk,
        order.pk,
        back,
        True,
    )
    assert (loan["overdue"], loan["overdue_reason"]) == (False, None)
    pool = api.get("/loaners").json()["results"]
    assert (pool[0]["status"], pool[0]["loan"], pool[0]["order_number"]) == (
        "on_loan",
        loan["id"],
        order.number,
    )
    assert [
        x["id"] for x in api.get("/loans", {"order": order.pk, "open": True}).json()["results"]
    ] == [loan["id"]]
    returned = api_as(people["keeper"]).post(f"/loans/{loan['id']}/return", {"note": "完好"})
    assert returned.status_code == 200
    assert (returned.json()["open"], returned.json()["return_note"]) == (False, "完好")
    assert api.get("/loans", {"open": True}).json()["count"] == 0
    _is_error(api.post(f"/loans/{loan['id']}/return", {}), 409, "conflict")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "loaner"),
        ({"loaner": 999_999}, "loaner"),
        ({"loaner": "beijing"}, "loaner"),
        ({"loaner": "mine", "expected_back": "2001-01-01"}, "expected_back"),
        ({"loaner": "mine", "expected_back": "soon"}, "expected_back"),
        ({"loaner": "mine", "days": 3}, "days"),
    ],
)
def test_lending_with_bad_input_is_422_and_changes_nothing(
    body, field, api_as, people, warehouses, make_loaner, order
):
    ids = {"mine": make_loaner(warehouses["shanghai"]).pk}
    ids["beijing"] = make_loaner(warehouses["beijing"]).pk
    body = {k: ids.get(v, v) if k == "loaner" else v for k, v in body.items()}
    before = written(order)
    answer = api_as(people["dispatcher"]).post(f"/service-orders/{order.pk}/loans", body)
    assert field in _is_error(answer, 422, "invalid")["errors"]
    assert written(order) == before


@pytest.mark.parametrize(
    ("who", "status", "code"),
    [
        ("beijing_dispatcher", 404, "not_found"),
        ("quality", 403, "forbidden"),
    ],
)
def test_who_may_not_lend(who, status, code, api_as, people, warehouses, make_loaner, order):
    unit = make_loaner(warehouses["shanghai"])
    before = written(order)
    answer = api_as(people[who]).post(f"/service-orders/{order.pk}/loans", {"loaner": unit.pk})
    _is_error(answer, status, code)
    assert written(order) == before


def test_a_unit_already_out_is_409(api_as, people, warehouses, make_loaner, order, make_order):
    unit = make_loaner(warehouses["shanghai"])
    api = api_as(people["dispatcher"])
    assert api.post(f"/service-orders/{order.pk}/loans", {"loaner": unit.pk}).status_code == 201
    other = make_order(order.customer, order.unit)
    before = written(other)
    _is_error(api.post(f"/service-orders/{other.pk}/loans", {"loaner": unit.pk}), 409, "conflict")
    assert written(other) == before


def test_who_may_not_see_or_return_a_loan(api_as, people, warehouses, make_loaner, order):
    loan = loaner_issue(
        actor=people["dispatcher"],
        order_id=order.pk,
        loaner_id=make_loaner(warehouses["shanghai"]).pk,
    )
    outsider = api_as(people["beijing_dispatcher"])
    assert outsider.get("/loans").json() == {"count": 0, "results": []}
    _is_error(outsider.get("/loans", {"order": order.pk}), 404, "not_found")
    _is_error(outsider.post(f"/loans/{loan.pk}/return", {}), 404, "not_found")
    _is_error(api_as(people["quality"]).post(f"/loans/{loan.pk}/return", {}), 403, "forbidden")
    loan.refresh_from_db()
    assert loan.returned_at is None


def test_overdue_loans_are_listed_with_their_reason(
    api_as, people, warehouses, make_loaner, order, make_order
):
    today = timezone.localdate()
    late = loaner_issue(
        actor=people["dispatcher"],
        order_id=order.pk,
        loaner_id=make_loaner(warehouses["shanghai"]).pk,
        expected_back=today,
    )
    # promised for yesterday (a loan cannot be made with a past day: set it afterwards)
    Loan.objects.filter(pk=late.pk).update(expected_back=today - dt.timedelta(days=1))
    loaner_issue(
        actor=people["dispatcher"],
        order_id=make_order(order.customer, order.unit).pk,
        loaner_id=make_loaner(warehouses["shanghai"]).pk,
    )
    listed = api_as(people["keeper"]).get("/loans", {"overdue": True}).json()
    assert [(x["id"], x["overdue_reason"]) for x in listed["results"]] == [
        (late.pk, "expected_back_passed")
    ]


def test_the_offer_says_a_loaner_is_due_and_what_is_near(
    api_as, people, warehouses, make_loaner, order
):
    unit = make_loaner(warehouses["shanghai"])
    loaners_record(now=order.reported_at + dt.timedelta(hours=49))
    api = api_as(people["dispatcher"])
    offer = api.get(f"/service-orders/{order.pk}/loaner-offer").json()
    assert offer["loaner_due"] is True
    assert offer["open_loan"] is None
    assert [(u["id"], u["same_model"], u["proximity"]) for u in offer["available"]] == [
        (unit.pk, True, 0)
    ]
    api.post(f"/service-orders/{order.pk}/loans", {"loaner": unit.pk})
    offer = api.get(f"/service-orders/{order.pk}/loaner-offer").json()
    assert (offer["loaner_due"], offer["open_loan"]["loaner"], offer["available"]) == (
        False,
        unit.pk,
        [],
    )
    _is_error(
        api_as(people["beijing_dispatcher"]).get(f"/service-orders/{order.pk}/loaner-offer"),
        404,
        "not_found",
    )


def test_every_loaner_endpoint_is_documented(api_as, people):
    schema = api_as(people["agent"]).get("/openapi.json").json()
    operations = [
        ("/api/v1/loaners", "get"),
        ("/api/v1/loaners", "post"),
        ("/api/v1/loaners/{loaner_id}/retire", "post"),
        ("/api/v1/loans", "get"),
        ("/api/v1/loans/{loan_id}/return", "post"),
        ("/api/v1/service-orders/{order_id}/loans", "post"),
        ("/api/v1/service-orders/{order_id}/loaner-offer", "get"),
    ]
    for path, method in operations:
        operation = schema["paths"][path][method]
        assert operation["summary"]
        assert operation["description"]
        assert operation["tags"] == ["loaner units"]
