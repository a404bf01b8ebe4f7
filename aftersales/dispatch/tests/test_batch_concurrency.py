"""DSP-3 and DSP-4 on PostgreSQL: a batch dispatch and a dispatcher assigning the same
orders by hand at the same moment — every order is assigned exactly once, the loser of
each race gets 409 (by hand) or a ``conflict`` line (in the batch), and nothing
deadlocks.

Threads use their own connections, so the data they need is committed first
(``transaction=True``); ``serialized_rollback`` brings back the roles and default SLA
policies that the flush after a transactional test removes.
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from aftersales.accounts.models import User
from aftersales.core.exceptions import Conflict
from aftersales.dispatch.services import dispatch_batch
from aftersales.service_orders.models import ServiceOrder, ServiceOrderEvent
from aftersales.service_orders.services import service_order_transition

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _run_at_once(jobs):
    barrier = threading.Barrier(len(jobs))
    results: list = [None] * len(jobs)
    errors: list = []

    def run(i, job):
        try:
            barrier.wait(timeout=30)
            results[i] = job()
        except Exception as exc:  # reported by the assertions below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    return results, errors


@pytest.mark.parametrize("round_", range(4))
def test_batch_and_a_dispatcher_at_once_assign_each_order_exactly_once(
    make_staff, regions, make_engineer, acknowledged_order, round_
):
    shanghai = regions["shanghai"]
    batcher = make_staff("dispatcher", region=shanghai)
    clicker = make_staff("dispatcher", region=shanghai)
    make_engineer()
    by_hand = make_engineer()
    orders = [acknowledged_order() for _ in range(6)]
    # the dispatcher works from the other end of the list, so the two meet in the middle
    clicked = list(reversed(orders)) if round_ % 2 else orders[round_:] + orders[:round_]

    def batch():
        return dispatch_batch(
            actor=User.objects.get(pk=batcher.pk), region_id=shanghai.pk, max_open_orders=50
        )

    def manual():
        actor = User.objects.get(pk=clicker.pk)
        won, lost = [], []
        for order in clicked:
            try:
                service_order_transition(
                    actor=actor,
                    order_id=order.pk,
                    action="assign",
                    payload={"engineer": by_hand.pk},
                )
                won.append(order.pk)
            except Conflict as exc:
                lost.append((order.pk, exc.http_status))
        return won, lost

    results, errors = _run_at_once([batch, manual])

    assert errors == []  # no deadlock, no other failure
    result, (won, lost) = results
    batch_won = {a.order_id for a in result.assignments}
    batch_lost = {x.order_id for x in result.unassigned if x.code == "conflict"}
    assert {x.code for x in result.unassigned} <= {"conflict"}
    ids = {o.pk for o in orders}
    assert batch_won | set(won) == ids  # everything assigned …
    assert batch_won.isdisjoint(won)  # … once
    assert {pk for pk, _status in lost} == batch_won
    assert {status for _pk, status in lost} <= {409}
    assert batch_lost == set(won)
    for order in ServiceOrder.objects.filter(pk__in=ids):
        assert order.status == "assigned"
        assert ServiceOrderEvent.objects.filter(order=order, action="assign").count() == 1
        if order.pk in won:
            assert order.assigned_engineer_id == by_hand.pk
