"""Concurrency on PostgreSQL (TG-8): of simultaneous settlements of one unit exactly one
wins; the others wait on the unit's row lock and are refused with a conflict.

Threads use their own connections, so the data they need is committed first
(``transaction=True``); ``serialized_rollback`` restores the seeded rows afterwards.
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from aftersales.accounts.models import User
from aftersales.core.exceptions import Conflict
from aftersales.units.models import Unit
from aftersales.warranty.models import ThreeGuaranteesSettlement
from aftersales.warranty.services import unit_exchange, unit_refund
from aftersales.warranty.tests.helpers import days_ago

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _run_at_once(jobs):
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


def test_simultaneous_exchanges_and_refunds_settle_a_unit_once(agent, make_unit, make_customer):
    unit = make_unit(make_customer(), purchase_date=days_ago(5), invoice_date=days_ago(5))

    def exchange(n):
        return lambda: (
            unit_exchange(
                actor=User.objects.get(pk=agent.pk),
                unit_id=unit.pk,
                new_serial_number=f"SN-RACE-{n}",
            ).pk
        )

    def refund():
        return unit_refund(actor=User.objects.get(pk=agent.pk), unit_id=unit.pk).pk

    results, errors = _run_at_once([exchange(1), exchange(2), refund, refund])

    assert len(results) == 1
    assert len(errors) == 3
    assert all(isinstance(e, Conflict) for e in errors), errors
    assert ThreeGuaranteesSettlement.objects.filter(unit=unit).count() == 1
    assert Unit.objects.filter(replaces=unit).count() <= 1
