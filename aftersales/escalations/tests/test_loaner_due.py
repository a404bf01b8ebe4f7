"""SLA-5: an in-warranty repair unresolved after 2 days must be offered a loaner."""

from __future__ import annotations

import datetime as dt

import pytest

from aftersales.escalations.models import LoanerDue, LoanerRule
from aftersales.escalations.services import loaners_record
from aftersales.notifications.models import Notification
from aftersales.service_orders.models import ServiceOrderEvent
from aftersales.service_orders.services import service_order_transition

pytestmark = pytest.mark.django_db
H = dt.timedelta(hours=1)


def test_the_default_rule_is_in_warranty_repairs_open_over_48_hours(db):
    (rule,) = LoanerRule.objects.all()
    assert (rule.order_kind, rule.in_warranty_only, rule.hours_open, rule.active) == (
        "repair",
        True,
        48,
        True,
    )


def test_an_order_open_48_hours_is_recorded_once_with_its_event_and_notice(order, people, reported):
    assert loaners_record(now=reported + 47 * H).loaners == []
    run = loaners_record(now=reported + 49 * H)
    (due,) = run.loaners
    assert due.order == order
    assert due.due_since == reported + 48 * H
    event = ServiceOrderEvent.objects.get(order=order, kind="escalation", action="loaner_due")
    assert due.event == event
    assert event.extra["hours_open"] == 49
    told = Notification.objects.filter(order=order, event_type="loaner.due", channel="sms")
    assert [n.address for n in told] == [people["manager"].phone]  # not assigned yet
    assert loaners_record(now=reported + 50 * H).loaners == []
    assert LoanerDue.objects.count() == 1


@pytest.mark.parametrize("change", ["resolved", "out_of_warranty", "installation", "rule_off"])
def test_orders_the_rule_does_not_cover_get_no_loaner(
    change, make_customer, make_unit, make_order, people, reported
):
    customer = make_customer()
    if change == "out_of_warranty":
        unit = make_unit(customer, purchase_date=dt.date.today() - dt.timedelta(days=900))
    else:
        unit = make_unit(customer)
    kind = "installation" if change == "installation" else "repair"
    order = make_order(customer, unit, kind=kind, reported_at=reported)
    if change == "resolved":
        admin, engineer = people["admin"], people["engineer"]
        for action in ["acknowledge", "assign", "depart", "arrive", "start", "complete"]:
            payload = {
                "assign": {"engineer": engineer.pk},
                "complete": {"fault_cause": "电源板", "actions_taken": "更换"},
            }.get(action, {})
            service_order_transition(actor=admin, order_id=order.pk, action=action, payload=payload)
    if change == "rule_off":
        LoanerRule.objects.update(active=False)
    assert loaners_record(now=reported + 72 * H).loaners == []
