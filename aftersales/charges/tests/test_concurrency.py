"""Concurrency on PostgreSQL: quote writes lock the order row, so simultaneous quotes
get distinct revisions with one left live, and of two simultaneous decisions on one
quote exactly one is recorded.

Threads use their own connections, so their data is committed first
(``transaction=True``); ``serialized_rollback`` restores the migrated rows.
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from aftersales.accounts.models import User
from aftersales.charges.models import Quote, QuoteStatus
from aftersales.charges.pricing import LinesIn
from aftersales.charges.services import quote_approve, quote_create, quote_decline
from aftersales.core.exceptions import Conflict
from aftersales.service_orders.models import ServiceOrderEvent

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _at_once(jobs):
    barrier = threading.Barrier(len(jobs))
    results, errors = [], []
    lock = threading.Lock()

    def run(job):
        try:
            barrier.wait(timeout=30)
            value = job()
            with lock:
                results.append(value)
        except Exception as exc:
            with lock:
                errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    return results, errors


def test_simultaneous_quotes_get_distinct_revisions_and_one_stays_live(
    engineer, order_in, price_list
):
    order = order_in("in_progress", warranty="expired")

    def job(level):
        def run():
            actor = User.objects.get(pk=engineer.pk)
            quote = quote_create(actor=actor, order_id=order.pk, lines=LinesIn(fault_level=level))
            return quote.revision

        return run

    revisions, errors = _at_once([job(1), job(2), job(3), job(1)])
    assert errors == []
    assert sorted(revisions) == [1, 2, 3, 4]
    live = Quote.objects.filter(order=order).exclude(status=QuoteStatus.SUPERSEDED)
    assert [q.revision for q in live] == [4]
    order.refresh_from_db()
    assert (order.status, order.waiting_reason) == ("waiting", "quote_approval")


def test_of_two_simultaneous_decisions_exactly_one_is_recorded(
    engineer, agent, customer, customer_user, order_in, price_list
):
    order = order_in("in_progress", warranty="expired")
    quote_create(actor=engineer, order_id=order.pk, lines=LinesIn(fault_level=2))
    owner = customer_user(customer)

    def approve():
        actor = User.objects.get(pk=agent.pk)
        return quote_approve(actor=actor, order_id=order.pk, channel="phone").status

    def decline():
        actor = User.objects.get(pk=owner.pk)
        return quote_decline(actor=actor, order_id=order.pk, reason="太贵").status

    results, errors = _at_once([approve, decline])
    assert len(results) == 1
    assert len(errors) == 1
    assert isinstance(errors[0], Conflict)
    decided = ServiceOrderEvent.objects.filter(
        order=order, action__in=["quote_approved", "quote_declined"]
    )
    assert decided.count() == 1
    assert Quote.objects.get(order=order).status == results[0]
