"""LOAN-2 "overdue loaners are listed": the rule, table-driven, and the lists that say
the same in SQL."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from aftersales.loaners.rules import LoanFacts, OverdueReason, overdue_reason
from aftersales.loaners.selectors import loan_list, loan_overdue_reason, overdue_loans
from aftersales.loaners.services import loaner_issue, loaner_return
from aftersales.service_orders.services import service_order_transition

D = dt.timedelta(days=1)
H = dt.timedelta(hours=1)
GRACE = 3 * D
NOW = dt.datetime(2026, 3, 10, 12, 0, tzinfo=dt.UTC)  # 20:00 in 上海, 2026-03-10
TODAY = dt.date(2026, 3, 10)


@pytest.mark.parametrize(
    ("returned", "expected_back", "status", "accepted_at", "reason"),
    [
        (False, None, "in_progress", None, None),
        (False, TODAY, "in_progress", None, None),  # due back today: not yet
        (False, TODAY - D, "in_progress", None, OverdueReason.EXPECTED_BACK_PASSED),
        (False, TODAY + D, "resolved", None, None),
        (False, None, "accepted", NOW - GRACE + H, None),  # inside the grace period
        (False, None, "accepted", NOW - GRACE - H, OverdueReason.REPAIR_ACCEPTED),
        (False, None, "closed", NOW - 30 * D, OverdueReason.REPAIR_ACCEPTED),
        (False, TODAY - D, "accepted", NOW - GRACE - H, OverdueReason.REPAIR_ACCEPTED),
        (False, TODAY + D, "cancelled", None, OverdueReason.ORDER_CANCELLED),
        (False, TODAY + 9 * D, "in_progress", None, None),  # rejected confirm: no accepted_at
        (True, TODAY - 9 * D, "cancelled", NOW - 30 * D, None),  # back: never overdue
    ],
)
def test_overdue_rule(returned, expected_back, status, accepted_at, reason):
    facts = LoanFacts(
        returned=returned, expected_back=expected_back, order_status=status, accepted_at=accepted_at
    )
    assert overdue_reason(facts, now=NOW, grace=GRACE) == reason


def test_expected_back_is_a_day_in_shanghai():
    """16:30 UTC on the 10th is already the 11th in 上海: the 10th has passed."""
    facts = LoanFacts(
        returned=False, expected_back=TODAY, order_status="in_progress", accepted_at=None
    )
    late = dt.datetime(2026, 3, 10, 16, 30, tzinfo=dt.UTC)
    assert overdue_reason(facts, now=late, grace=GRACE) == OverdueReason.EXPECTED_BACK_PASSED


@pytest.mark.django_db
def test_the_lists_say_what_the_rule_says(
    people, warehouses, make_loaner, make_order, order, drive, boss, settings
):
    settings.LOANER_RETURN_GRACE_DAYS = 3
    shelf = warehouses["shanghai"]
    today = timezone.localdate()

    def lend(o, **kwargs):
        return loaner_issue(actor=boss, order_id=o.pk, loaner_id=make_loaner(shelf).pk, **kwargs)

    def new_order():
        return make_order(order.customer, order.unit)

    open_plain = lend(order)
    promised = lend(new_order(), expected_back=today)
    accepted_order = drive(new_order(), "in_progress")
    accepted = lend(accepted_order)
    drive(accepted_order, "accepted", since="in_progress")
    cancelled_order = new_order()
    cancelled = lend(cancelled_order, expected_back=today + 30 * D)
    service_order_transition(
        actor=boss, order_id=cancelled_order.pk, action="cancel", payload={"reason": "撤单"}
    )
    returned_order = drive(new_order(), "in_progress")
    returned = lend(returned_order, expected_back=today)
    drive(returned_order, "accepted", since="in_progress")
    loaner_return(actor=boss, loan_id=returned.pk)
    loans = [open_plain, promised, accepted, cancelled, returned]

    now = timezone.now()
    expected = {
        now: {cancelled.pk: OverdueReason.ORDER_CANCELLED},
        now + 2 * D: {
            cancelled.pk: OverdueReason.ORDER_CANCELLED,
            promised.pk: OverdueReason.EXPECTED_BACK_PASSED,
        },
        now + 3 * D + H: {
            cancelled.pk: OverdueReason.ORDER_CANCELLED,
            promised.pk: OverdueReason.EXPECTED_BACK_PASSED,
            accepted.pk: OverdueReason.REPAIR_ACCEPTED,
        },
    }
    for moment, overdue in expected.items():
        listed = set(overdue_loans(now=moment).values_list("pk", flat=True))
        assert listed == set(overdue), moment
        by_rule = {}
        for loan in loans:
            loan.refresh_from_db()
            reason = loan_overdue_reason(loan, now=moment)
            if reason is not None:
                by_rule[loan.pk] = reason
        assert by_rule == overdue
        seen = loan_list(user=people["dispatcher"], overdue_only=True, now=moment)
        assert {loan.pk for loan in seen} == set(overdue)


@pytest.mark.django_db
def test_the_grace_period_is_a_setting(boss, warehouses, make_loaner, order, drive, settings):
    drive(order, "in_progress")
    loan = loaner_issue(
        actor=boss, order_id=order.pk, loaner_id=make_loaner(warehouses["shanghai"]).pk
    )
    drive(order, "accepted", since="in_progress")
    in_two_days = timezone.now() + 2 * D
    assert not overdue_loans(now=in_two_days).exists()
    settings.LOANER_RETURN_GRACE_DAYS = 1
    assert list(overdue_loans(now=in_two_days)) == [loan]
