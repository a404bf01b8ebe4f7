"""LOAN-2 on PostgreSQL: two people lending the same unit at the same moment — to two
orders — get one loan and one 409; two units lent to one order at once, likewise.
Threads use their own connections, so their data is committed first
(``transaction=True``); ``serialized_rollback`` brings back the roles and default
policies that the flush after a transactional test removes."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from aftersales.accounts.models import User
from aftersales.core.exceptions import Conflict
from aftersales.loaners.models import Loan, LoanerUnit
from aftersales.loaners.services import loaner_issue
from aftersales.service_orders.models import ServiceOrderEvent

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _at_once(jobs):
    barrier = threading.Barrier(len(jobs))
    results: list = [None] * len(jobs)
    errors: list = []

    def run(i, job):
        try:
            barrier.wait(timeout=30)
            results[i] = job()
        except Conflict as exc:
            results[i] = exc
        except Exception as exc:  # reported by the assertions
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    return results, errors


def _lend(user_id, order_id, loaner_id):
    return lambda: loaner_issue(
        actor=User.objects.get(pk=user_id), order_id=order_id, loaner_id=loaner_id
    )


@pytest.mark.parametrize("round_", range(3))
def test_one_unit_lent_twice_at_once_goes_to_exactly_one_order(
    people, warehouses, make_loaner, order, make_order, round_
):
    unit = make_loaner(warehouses["shanghai"])
    orders = [order, make_order(order.customer, order.unit), make_order(order.customer)]
    lenders = [people["dispatcher"], people["keeper"], people["agent"]]
    results, errors = _at_once(
        [_lend(u.pk, o.pk, unit.pk) for u, o in zip(lenders, orders, strict=True)]
    )
    assert errors == []
    won = [r for r in results if isinstance(r, Loan)]
    lost = [r for r in results if isinstance(r, Conflict)]
    assert (len(won), len(lost)) == (1, 2)
    assert Loan.objects.filter(loaner=unit).count() == 1
    assert LoanerUnit.objects.get(pk=unit.pk).status == "on_loan"
    issued = ServiceOrderEvent.objects.filter(kind="loaner", action="issued")
    assert list(issued.values_list("order_id", flat=True)) == [won[0].order_id]


def test_two_units_lent_to_one_order_at_once_make_one_loan(people, warehouses, make_loaner, order):
    units = [make_loaner(warehouses["shanghai"]) for _ in range(2)]
    lenders = [people["dispatcher"], people["keeper"]]
    results, errors = _at_once(
        [_lend(u.pk, order.pk, unit.pk) for u, unit in zip(lenders, units, strict=True)]
    )
    assert errors == []
    assert sorted(type(r).__name__ for r in results) == ["Conflict", "Loan"]
    assert Loan.objects.filter(order=order).count() == 1
    statuses = sorted(
        LoanerUnit.objects.filter(pk__in=[u.pk for u in units]).values_list("status", flat=True)
    )
    assert statuses == ["available", "on_loan"]  # the loser's unit was not taken
