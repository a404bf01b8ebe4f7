"""LOAN-2 reminders: the hourly job notes each overdue loan once — a ``loaner`` /
``overdue`` timeline event that notifies the region's managers and the order's engineer
— however often or late it runs; loans not overdue, or back, are left alone."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from aftersales.loaners.models import Loan
from aftersales.loaners.reminders import loans_note_overdue
from aftersales.loaners.services import loaner_issue, loaner_return
from aftersales.loaners.tasks import note_overdue_loans
from aftersales.notifications.models import Notification
from aftersales.service_orders.models import ServiceOrderEvent
from aftersales.service_orders.services import service_order_transition

pytestmark = pytest.mark.django_db
D = dt.timedelta(days=1)


def overdue_events(order):
    return ServiceOrderEvent.objects.filter(order=order, kind="loaner", action="overdue")


@pytest.fixture
def lent(boss, warehouses, make_loaner, order):
    return loaner_issue(
        actor=boss, order_id=order.pk, loaner_id=make_loaner(warehouses["shanghai"]).pk
    )


def test_an_overdue_loan_is_noted_once_however_often_the_job_runs(
    boss, lent, order, make_staff, regions
):
    make_staff("manager", region=regions["shanghai"], phone="13900001111")
    service_order_transition(
        actor=boss, order_id=order.pk, action="cancel", payload={"reason": "客户撤单"}
    )
    assert loans_note_overdue() == 1
    assert loans_note_overdue() == 0
    assert loans_note_overdue(now=timezone.now() + 30 * D) == 0  # late runs too
    (event,) = overdue_events(order)
    assert event.actor is None
    assert event.extra["reason"] == "order_cancelled"
    assert event.extra["serial_number"] == lent.loaner.serial_number
    assert Loan.objects.get(pk=lent.pk).overdue_noted_at == event.at
    notified = Notification.objects.filter(source_event=event, event_type="loaner.overdue")
    assert notified.exists()


def test_a_loan_not_yet_due_or_already_back_is_left_alone(boss, lent, order):
    assert loans_note_overdue() == 0  # out, nothing promised, repair open
    Loan.objects.filter(pk=lent.pk).update(expected_back=timezone.localdate() - D)
    loaner_return(actor=boss, loan_id=lent.pk)
    assert loans_note_overdue() == 0
    assert not overdue_events(order).exists()


def test_a_promised_day_that_passed_is_noted_by_the_periodic_task(boss, lent, order):
    Loan.objects.filter(pk=lent.pk).update(expected_back=timezone.localdate() - D)
    assert note_overdue_loans.call_local() == 1
    assert overdue_events(order).get().extra["reason"] == "expected_back_passed"
