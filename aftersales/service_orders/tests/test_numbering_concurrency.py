"""Concurrency on PostgreSQL (SO-4, DSP-3): numbers stay unique and consecutive under
simultaneous intake, and of two simultaneous assignments exactly one wins.

Threads use their own connections, so the data they need is committed first
(``transaction=True``); ``serialized_rollback`` brings back the roles and default SLA
policies that the flush after a transactional test removes.
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections
from django.utils import timezone

from aftersales.accounts.models import User
from aftersales.core.exceptions import AlreadyAssigned, InvalidTransition
from aftersales.service_orders.models import ServiceOrderEvent
from aftersales.service_orders.numbering import drop_old_sequences, numbers_issued, sequence_name
from aftersales.service_orders.services import service_order_create, service_order_transition

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _run_at_once(jobs):
    """Run each callable in its own thread, released together; return (results, errors)."""
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


def _create_job(agent_id, customer_id):
    def job():
        actor = User.objects.get(pk=agent_id)  # one instance per thread
        return service_order_create(
            actor=actor,
            kind="repair",
            channel="hotline",
            customer_id=customer_id,
            fault_description="并发报修",
        ).number

    return job


def _sequence_now():
    return numbers_issued(day=timezone.localdate())


@pytest.mark.parametrize("threads", [8, 16])
def test_simultaneous_intake_gets_unique_consecutive_numbers(agent, make_customer, threads):
    customer = make_customer()
    start = _sequence_now()  # 0: the day's counter row is created inside the race
    numbers, errors = _run_at_once([_create_job(agent.pk, customer.pk)] * threads)
    assert errors == []
    assert len(numbers) == len(set(numbers)) == threads
    assert len({n[:10] for n in numbers}) == 1
    assert sorted(int(n[10:]) for n in numbers) == list(range(start + 1, start + threads + 1))
    assert _sequence_now() == start + threads


def test_simultaneous_intake_after_the_days_first_order(agent, make_customer, make_order):
    customer = make_customer()
    make_order(customer)  # the counter row exists: every thread takes the UPDATE path
    start = _sequence_now()
    numbers, errors = _run_at_once([_create_job(agent.pk, customer.pk)] * 12)
    assert errors == []
    assert sorted(int(n[10:]) for n in numbers) == list(range(start + 1, start + 13))


def test_two_dispatchers_assigning_at_once_exactly_one_wins(
    make_staff, regions, make_customer, make_unit, make_order
):
    shanghai = regions["shanghai"]
    dispatchers = [make_staff("dispatcher", region=shanghai) for _ in range(2)]
    engineers = [make_staff("engineer", region=shanghai) for _ in range(2)]
    customer = make_customer(region=shanghai)
    for _ in range(5):  # several rounds: the race must be lost cleanly every time
        order = make_order(customer, make_unit(customer))
        service_order_transition(actor=dispatchers[0], order_id=order.pk, action="acknowledge")

        def assign(dispatcher, engineer, order_id=order.pk):
            def job():
                actor = User.objects.get(pk=dispatcher.pk)
                service_order_transition(
                    actor=actor,
                    order_id=order_id,
                    action="assign",
                    payload={"engineer": engineer.pk},
                )
                return engineer.pk

            return job

        winners, errors = _run_at_once(
            [assign(d, e) for d, e in zip(dispatchers, engineers, strict=True)]
        )
        assert len(winners) == 1, errors
        assert len(errors) == 1
        assert isinstance(errors[0], AlreadyAssigned | InvalidTransition)
        assert errors[0].http_status == 409
        order.refresh_from_db()
        assert order.status == "assigned"
        assert order.assigned_engineer_id == winners[0]
        assignments = ServiceOrderEvent.objects.filter(order=order, action="assign")
        assert assignments.count() == 1
        assert order.events.count() == 3  # created, acknowledge, assign


def test_opposite_moves_in_one_region_at_once_both_succeed(
    admin_user_id, make_customer, make_unit, make_order, regions
):
    """wait (in_progress → waiting) on one order and resume (waiting → in_progress) on
    another of the same region, at the same moment: both are legitimate and both must
    go through (no deadlock between the two orders' bookkeeping)."""
    customer = make_customer(region=regions["shanghai"])
    actor = User.objects.get(pk=admin_user_id)
    for _ in range(15):
        working, waiting = (make_order(customer, make_unit(customer)) for _ in range(2))
        for order in (working, waiting):
            service_order_transition(actor=actor, order_id=order.pk, action="acknowledge")
            service_order_transition(actor=actor, order_id=order.pk, action="start")
        service_order_transition(
            actor=actor, order_id=waiting.pk, action="wait", payload={"reason": "parts"}
        )

        def act(order_id, action, payload):
            def job():
                service_order_transition(
                    actor=User.objects.get(pk=admin_user_id),
                    order_id=order_id,
                    action=action,
                    payload=payload,
                )
                return action

            return job

        done, errors = _run_at_once(
            [
                act(working.pk, "wait", {"reason": "customer"}),
                act(waiting.pk, "resume", {}),
            ]
        )
        assert errors == []
        assert sorted(done) == ["resume", "wait"]


@pytest.fixture
def admin_user_id(make_staff):
    return make_staff("admin").pk


def _drop_sequence(day):
    from aftersales.service_orders import numbering

    with connection.cursor() as cursor:
        cursor.execute(f"DROP SEQUENCE IF EXISTS {sequence_name(day)}")
    numbering._known_days.discard(day)


def test_racing_creators_of_the_days_sequence_all_get_numbers(agent, make_customer):
    """The first intakes of a day race to create its sequence: every one succeeds."""
    today = timezone.localdate()
    _drop_sequence(today)
    customer = make_customer()
    numbers, errors = _run_at_once([_create_job(agent.pk, customer.pk)] * 8)
    assert errors == []
    assert sorted(int(n[10:]) for n in numbers) == list(range(1, 9))
    assert numbers_issued(day=today) == 8


def test_a_rolled_back_first_intake_leaves_no_sequence_behind(agent, make_customer):
    import datetime as dt

    from django.db import transaction

    from aftersales.service_orders.numbering import next_order_number

    day = dt.date(2031, 1, 2)
    _drop_sequence(day)

    def refused_intake():
        with transaction.atomic():
            assert next_order_number(day=day) == "SO2031010200001"
            raise RuntimeError("refused after numbering")

    with pytest.raises(RuntimeError):
        refused_intake()
    assert numbers_issued(day=day) == 0
    with transaction.atomic():  # the next intake creates it again
        assert next_order_number(day=day) == "SO2031010200001"
    assert numbers_issued(day=day) == 1
    _drop_sequence(day)


def test_old_day_sequences_are_dropped_and_recent_ones_kept(agent):
    import datetime as dt

    from django.db import transaction

    from aftersales.service_orders.numbering import next_order_number

    old, recent = dt.date(2030, 5, 1), dt.date(2030, 5, 3)
    for day in (old, recent):
        with transaction.atomic():
            next_order_number(day=day)
    dropped = drop_old_sequences(before=dt.date(2030, 5, 2))
    assert sequence_name(old) in dropped
    assert sequence_name(recent) not in dropped
    assert numbers_issued(day=old) == 0
    assert numbers_issued(day=recent) == 1
    _drop_sequence(recent)
