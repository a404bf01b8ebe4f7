"""LOAN-1..2 writes: adding to the pool, lending, returning, retiring — and every
refusal (404 → 403 → 422 → 409) leaving everything as it was."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from aftersales.core.exceptions import (
    Conflict,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from aftersales.inventory.models import Warehouse
from aftersales.loaners.models import Loan, LoanerUnit
from aftersales.loaners.services import (
    loaner_issue,
    loaner_return,
    loaner_unit_create,
    loaner_unit_retire,
)
from aftersales.loaners.tests.conftest import written
from aftersales.service_orders.models import ServiceOrderEvent
from aftersales.service_orders.services import service_order_transition

pytestmark = pytest.mark.django_db


def _events(order, action):
    return list(ServiceOrderEvent.objects.filter(order=order, kind="loaner", action=action))


# --- the pool -----------------------------------------------------------------------------


def test_a_keeper_adds_a_unit_to_the_pool_available(people, warehouses, product_model):
    unit = loaner_unit_create(
        actor=people["keeper"],
        serial_number=" LN-0001 ",
        product_model_id=product_model.pk,
        warehouse_id=warehouses["shanghai"].pk,
        note="带遥控器",
    )
    unit.refresh_from_db()
    assert (unit.serial_number, unit.status, unit.warehouse, unit.note) == (
        "LN-0001",
        "available",
        warehouses["shanghai"],
        "带遥控器",
    )


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"serial_number": "  "}, "serial_number"),
        ({"serial_number": "X" * 65}, "serial_number"),
        ({"serial_number": "TAKEN"}, "serial_number"),
        ({"product_model_id": 999_999}, "product_model"),
        ({"product_model_id": None}, "product_model"),
        ({"warehouse_id": None}, "warehouse"),
        ({"warehouse_id": 999_999}, "warehouse"),
        ({"warehouse": "beijing"}, "warehouse"),  # not the 上海 keeper's
        ({"warehouse": "inactive"}, "warehouse"),
        ({"note": "x" * 5001}, "note"),
    ],
)
def test_bad_input_names_the_field_and_adds_nothing(
    change, field, people, warehouses, product_model, make_loaner
):
    make_loaner(warehouses["shanghai"], serial="TAKEN")
    Warehouse.objects.filter(pk=warehouses["east"].pk).update(is_active=False)
    named = {"beijing": warehouses["beijing"], "inactive": warehouses["east"]}
    kwargs = {
        "serial_number": "LN-NEW",
        "product_model_id": product_model.pk,
        "warehouse_id": warehouses["shanghai"].pk,
        "note": "",
    }
    if "warehouse" in change:
        kwargs["warehouse_id"] = named[change.pop("warehouse")].pk
    kwargs.update(change)
    with pytest.raises(ValidationFailed) as refused:
        loaner_unit_create(actor=people["keeper"], **kwargs)
    assert field in refused.value.errors
    assert LoanerUnit.objects.count() == 1


def test_who_does_not_manage_the_pool_may_not_add_to_it(people, warehouses, product_model):
    for who in ("agent", "dispatcher", "engineer", "quality"):
        with pytest.raises(PermissionDenied):
            loaner_unit_create(
                actor=people[who],
                serial_number="LN-X",
                product_model_id=product_model.pk,
                warehouse_id=warehouses["shanghai"].pk,
            )
    assert not LoanerUnit.objects.exists()


def test_retiring_takes_an_available_unit_out_for_good(people, warehouses, make_loaner):
    unit = make_loaner(warehouses["shanghai"])
    retired = loaner_unit_retire(actor=people["keeper"], loaner_id=unit.pk, reason="屏幕损坏")
    assert (retired.status, retired.retired_by, retired.note) == (
        "retired",
        people["keeper"],
        "屏幕损坏",
    )
    assert retired.retired_at is not None
    with pytest.raises(Conflict):
        loaner_unit_retire(actor=people["keeper"], loaner_id=unit.pk)


def test_a_unit_on_loan_is_not_retired(people, warehouses, make_loaner, order):
    unit = make_loaner(warehouses["shanghai"])
    loaner_issue(actor=people["dispatcher"], order_id=order.pk, loaner_id=unit.pk)
    with pytest.raises(Conflict) as refused:
        loaner_unit_retire(actor=people["keeper"], loaner_id=unit.pk, reason="x")
    assert refused.value.extra == {"status": "on_loan"}
    unit.refresh_from_db()
    assert (unit.status, unit.note, unit.retired_at) == ("on_loan", "", None)


def test_retire_refusals_404_then_403(people, warehouses, make_loaner):
    unit = make_loaner(warehouses["beijing"])
    with pytest.raises(NotFound):
        loaner_unit_retire(actor=people["keeper"], loaner_id=unit.pk)  # 上海's keeper
    with pytest.raises(PermissionDenied):
        loaner_unit_retire(actor=people["agent"], loaner_id=unit.pk)  # sees all, may not
    unit.refresh_from_db()
    assert unit.status == "available"


# --- lending --------------------------------------------------------------------------


def test_lending_a_unit_puts_it_on_loan_with_a_timeline_event(
    people, warehouses, make_loaner, order
):
    unit = make_loaner(warehouses["shanghai"], serial="LN-77")
    back = timezone.localdate() + dt.timedelta(days=5)
    loan = loaner_issue(
        actor=people["dispatcher"], order_id=order.pk, loaner_id=unit.pk, expected_back=back
    )
    unit.refresh_from_db()
    assert unit.status == "on_loan"
    assert (loan.order, loan.loaner, loan.issued_by, loan.expected_back, loan.is_open) == (
        order,
        unit,
        people["dispatcher"],
        back,
        True,
    )
    (event,) = _events(order, "issued")
    assert (event.actor, event.at, event.from_status, event.to_status) == (
        people["dispatcher"],
        loan.issued_at,
        order.status,
        order.status,
    )
    assert "LN-77" in event.note
    assert back.isoformat() in event.note
    assert event.extra["loan"] == loan.pk
    assert event.extra["serial_number"] == "LN-77"


def test_the_assigned_engineer_may_lend_another_engineer_may_not(
    people, warehouses, make_loaner, order, drive
):
    drive(order, "in_progress")  # assigned to people["engineer"]
    unit = make_loaner(warehouses["shanghai"])
    before = written(order)
    with pytest.raises(PermissionDenied):
        loaner_issue(actor=people["other_engineer"], order_id=order.pk, loaner_id=unit.pk)
    assert written(order) == before
    loan = loaner_issue(actor=people["engineer"], order_id=order.pk, loaner_id=unit.pk)
    assert loan.issued_by == people["engineer"]


@pytest.mark.parametrize(
    ("who", "refusal"),
    [
        ("beijing_dispatcher", NotFound),  # does not see the 上海 order
        ("quality", PermissionDenied),  # sees it, may not lend
    ],
)
def test_who_may_not_lend_changes_nothing(who, refusal, people, warehouses, make_loaner, order):
    unit = make_loaner(warehouses["shanghai"])
    before = written(order)
    with pytest.raises(refusal):
        loaner_issue(actor=people[who], order_id=order.pk, loaner_id=unit.pk)
    assert written(order) == before


@pytest.mark.parametrize("bad", ["none", "unknown", "invisible", "past"])
def test_bad_input_to_lend_names_the_field_and_changes_nothing(
    bad, people, warehouses, make_loaner, order
):
    shanghai_unit = make_loaner(warehouses["shanghai"])
    beijing_unit = make_loaner(warehouses["beijing"])
    loaner_id = {
        "none": None,
        "unknown": 999_999,
        "invisible": beijing_unit.pk,  # the 上海 dispatcher does not see 北京's shelves
        "past": shanghai_unit.pk,
    }[bad]
    back = timezone.localdate() - dt.timedelta(days=1) if bad == "past" else None
    before = written(order)
    with pytest.raises(ValidationFailed) as refused:
        loaner_issue(
            actor=people["dispatcher"], order_id=order.pk, loaner_id=loaner_id, expected_back=back
        )
    assert list(refused.value.errors) == ["expected_back" if bad == "past" else "loaner"]
    assert written(order) == before


def test_a_unit_out_or_retired_is_not_lent(people, warehouses, make_loaner, order, make_order):
    unit = make_loaner(warehouses["shanghai"])
    retired = make_loaner(warehouses["shanghai"])
    loaner_unit_retire(actor=people["keeper"], loaner_id=retired.pk)
    loaner_issue(actor=people["dispatcher"], order_id=order.pk, loaner_id=unit.pk)
    second = make_order(order.customer, order.unit)
    before = written(second)
    for taken in (unit, retired):
        with pytest.raises(Conflict):
            loaner_issue(actor=people["dispatcher"], order_id=second.pk, loaner_id=taken.pk)
    assert written(second) == before


def test_an_order_has_one_loaner_out_at_a_time(people, warehouses, make_loaner, order):
    first, second = make_loaner(warehouses["shanghai"]), make_loaner(warehouses["shanghai"])
    loaner_issue(actor=people["dispatcher"], order_id=order.pk, loaner_id=first.pk)
    before = written(order)
    with pytest.raises(Conflict):
        loaner_issue(actor=people["dispatcher"], order_id=order.pk, loaner_id=second.pk)
    assert written(order) == before


@pytest.mark.parametrize("status", ["resolved", "accepted", "cancelled"])
def test_a_resolved_or_cancelled_order_gets_no_loaner(
    status, people, warehouses, make_loaner, order, drive, boss
):
    if status == "cancelled":
        service_order_transition(
            actor=boss, order_id=order.pk, action="cancel", payload={"reason": "客户撤单"}
        )
    else:
        drive(order, status)
    unit = make_loaner(warehouses["shanghai"])
    before = written(order)
    with pytest.raises(Conflict) as refused:
        loaner_issue(actor=people["dispatcher"], order_id=order.pk, loaner_id=unit.pk)
    assert refused.value.extra == {"status": status}
    assert written(order) == before


# --- returning ------------------------------------------------------------------------


def test_a_return_closes_the_loan_and_the_unit_can_be_lent_again(
    people, warehouses, make_loaner, order, make_order
):
    unit = make_loaner(warehouses["shanghai"], serial="LN-88")
    loan = loaner_issue(actor=people["dispatcher"], order_id=order.pk, loaner_id=unit.pk)
    returned = loaner_return(actor=people["keeper"], loan_id=loan.pk, note="完好，配件齐全")
    loan.refresh_from_db()
    unit.refresh_from_db()
    assert (loan.returned_by, loan.return_note, unit.status) == (
        people["keeper"],
        "完好，配件齐全",
        "available",
    )
    assert returned.returned_at == loan.returned_at
    (event,) = _events(order, "returned")
    assert event.actor == people["keeper"]
    assert event.note.endswith("\n完好，配件齐全")
    assert "LN-88" in event.note
    again = loaner_issue(
        actor=people["dispatcher"],
        order_id=make_order(order.customer, order.unit).pk,
        loaner_id=unit.pk,
    )
    assert again.is_open


def test_a_loan_is_returned_once(people, warehouses, make_loaner, order):
    loan = loaner_issue(
        actor=people["dispatcher"],
        order_id=order.pk,
        loaner_id=make_loaner(warehouses["shanghai"]).pk,
    )
    loaner_return(actor=people["keeper"], loan_id=loan.pk)
    before = written(order)
    with pytest.raises(Conflict):
        loaner_return(actor=people["keeper"], loan_id=loan.pk)
    assert written(order) == before


@pytest.mark.parametrize(
    ("who", "refusal"),
    [
        ("beijing_keeper", NotFound),  # neither the order nor the shelf is theirs
        ("quality", PermissionDenied),
        ("other_engineer", PermissionDenied),  # not assigned to the order
    ],
)
def test_who_may_not_record_a_return_changes_nothing(
    who, refusal, people, warehouses, make_loaner, order
):
    loan = loaner_issue(
        actor=people["dispatcher"],
        order_id=order.pk,
        loaner_id=make_loaner(warehouses["shanghai"]).pk,
    )
    before = written(order)
    with pytest.raises(refusal):
        loaner_return(actor=people[who], loan_id=loan.pk)
    assert written(order) == before


def test_the_keeper_of_the_shelf_sees_a_loan_to_an_order_elsewhere(
    people, warehouses, make_loaner, beijing_order, boss
):
    """A 北京 order borrows from the 上海 shelf: 上海's keeper records the return."""
    loan = loaner_issue(
        actor=boss, order_id=beijing_order.pk, loaner_id=make_loaner(warehouses["shanghai"]).pk
    )
    loaner_return(actor=people["keeper"], loan_id=loan.pk)
    loan.refresh_from_db()
    assert loan.returned_by == people["keeper"]


def test_a_return_note_too_long_changes_nothing(people, warehouses, make_loaner, order):
    loan = loaner_issue(
        actor=people["dispatcher"],
        order_id=order.pk,
        loaner_id=make_loaner(warehouses["shanghai"]).pk,
    )
    before = written(order)
    with pytest.raises(ValidationFailed) as refused:
        loaner_return(actor=people["keeper"], loan_id=loan.pk, note="x" * 5001)
    assert list(refused.value.errors) == ["note"]
    assert written(order) == before


# --- the database backs the rules -------------------------------------------------------


def test_the_database_refuses_a_second_open_loan_of_a_unit_or_an_order(
    people, warehouses, make_loaner, order, make_order
):
    unit = make_loaner(warehouses["shanghai"])
    loan = loaner_issue(actor=people["dispatcher"], order_id=order.pk, loaner_id=unit.pk)
    other_order = make_order(order.customer, order.unit)
    other_unit = make_loaner(warehouses["shanghai"])
    now = timezone.now()
    with pytest.raises(IntegrityError), transaction.atomic():
        Loan.objects.create(loaner=unit, order=other_order, issued_at=now)
    with pytest.raises(IntegrityError), transaction.atomic():
        Loan.objects.create(loaner=other_unit, order=order, issued_at=now)
    Loan.objects.filter(pk=loan.pk).update(returned_at=now)
    Loan.objects.create(loaner=unit, order=order, issued_at=now)  # closed ones don't count
