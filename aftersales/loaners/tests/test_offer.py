"""SLA-5 on the order page: whether a loaner is due, and which units could be lent —
the order's own product model first, then the nearest warehouse."""

from __future__ import annotations

import datetime as dt

import pytest

from aftersales.core.exceptions import PermissionDenied
from aftersales.escalations.services import loaners_record
from aftersales.inventory.models import Warehouse
from aftersales.loaners.selectors import loaner_offer
from aftersales.loaners.services import loaner_issue, loaner_unit_retire
from aftersales.service_orders.selectors import access_service_order

pytestmark = pytest.mark.django_db
H = dt.timedelta(hours=1)


def _offer(user, order):
    return loaner_offer(user=user, order=access_service_order(user=user, order_id=order.pk))


def test_a_loaner_is_due_once_sla5_recorded_it_and_until_one_is_lent(
    people, warehouses, make_loaner, order, boss
):
    unit = make_loaner(warehouses["shanghai"])
    offer = _offer(people["dispatcher"], order)
    assert (offer.loaner_due, offer.due, offer.open_loan) == (False, None, None)
    assert offer.available == [unit]  # may be lent anyway

    loaners_record(now=order.reported_at + 49 * H)  # the escalation job (SLA-5)
    offer = _offer(people["dispatcher"], order)
    assert offer.loaner_due
    assert offer.due.due_since == order.reported_at + 48 * H

    loan = loaner_issue(actor=boss, order_id=order.pk, loaner_id=unit.pk)
    offer = _offer(people["dispatcher"], order)
    assert (offer.loaner_due, offer.open_loan, offer.available) == (False, loan, [])


def test_the_nearest_units_of_the_same_model_come_first(
    people, warehouses, make_loaner, order, other_model, boss
):
    """上海 order: 上海's shelf, then 华东's and 杭州's (under the same parent), then the
    central warehouse; units of another model after all of those; 北京 not at all."""
    w = warehouses
    central = make_loaner(w["central"], serial="A-central")
    hangzhou = make_loaner(w["hangzhou"], serial="A-hz")
    east = make_loaner(w["east"], serial="A-east")
    shanghai = make_loaner(w["shanghai"], serial="A-sh")
    other_shanghai = make_loaner(w["shanghai"], other_model, serial="B-sh")
    other_central = make_loaner(w["central"], other_model, serial="B-central")
    make_loaner(w["beijing"], serial="A-bj")  # another part of the country
    retired = make_loaner(w["shanghai"], serial="A-retired")
    loaner_unit_retire(actor=boss, loaner_id=retired.pk)

    offer = _offer(people["agent"], order)  # the agent sees every warehouse
    assert [u.serial_number for u in offer.available] == [
        shanghai.serial_number,
        east.serial_number,
        hangzhou.serial_number,
        central.serial_number,
        other_shanghai.serial_number,
        other_central.serial_number,
    ]
    assert [(u.same_model, u.proximity) for u in offer.available] == [
        (1, 0),
        (1, 1),
        (1, 1),
        (1, 2),
        (0, 0),
        (0, 2),
    ]


def test_units_in_a_warehouse_out_of_use_are_not_offered(
    people, warehouses, make_loaner, order, boss
):
    unit = make_loaner(warehouses["shanghai"])
    Warehouse.objects.filter(pk=warehouses["shanghai"].pk).update(is_active=False)
    assert unit not in _offer(boss, order).available


def test_only_units_the_user_sees_are_offered(people, warehouses, make_loaner, order):
    """The 上海 engineer's scope is 上海: the 华东 and 杭州 shelves are not theirs."""
    mine = make_loaner(warehouses["shanghai"])
    central = make_loaner(warehouses["central"])
    make_loaner(warehouses["hangzhou"])
    make_loaner(warehouses["east"])
    assert _offer(people["engineer"], order).available == [mine, central]


def test_a_closed_order_is_offered_nothing(people, warehouses, make_loaner, order, drive):
    make_loaner(warehouses["shanghai"])
    drive(order, "resolved")
    offer = _offer(people["dispatcher"], order)
    assert (offer.loaner_due, offer.available) == (False, [])


def test_a_customer_is_not_shown_the_pool(order, customer_user):
    customer = order.customer
    with pytest.raises(PermissionDenied):
        loaner_offer(user=customer_user(customer), order=order)
