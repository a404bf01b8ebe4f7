"""Two escalation jobs at once (an overlapping run, a second consumer with periodic
tasks left on): each step is recorded once, by whichever run gets there first.
PostgreSQL, where the runs really overlap; threads commit, so ``transaction=True``."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection, connections

from aftersales.escalations.models import Escalation
from aftersales.escalations.services import escalations_run
from aftersales.notifications.models import Notification
from aftersales.service_orders.models import ServiceOrderEvent

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs overlapping writers"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_overlapping_runs_escalate_once(make_customer, make_unit, make_order, people, reported):
    orders = []
    for _ in range(6):
        customer = make_customer()
        orders.append(make_order(customer, make_unit(customer), reported_at=reported))
    now = reported + dt.timedelta(hours=2, minutes=1)
    barrier = threading.Barrier(4)
    errors: list[Exception] = []

    def run():
        try:
            barrier.wait(timeout=30)
            escalations_run(now=now)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    ids = [o.pk for o in orders]
    assert sorted(Escalation.objects.filter(order_id__in=ids).values_list("order_id", "level")) == [
        (pk, "manager") for pk in ids
    ]
    events = ServiceOrderEvent.objects.filter(order_id__in=ids, kind="escalation")
    assert events.count() == 6
    told = Notification.objects.filter(order_id__in=ids, event_type="escalation.manager")
    assert told.count() == 6  # one SMS to the manager per order
