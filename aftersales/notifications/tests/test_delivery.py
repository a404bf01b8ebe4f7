"""NTF-2: delivery from the outbox — a provider outage loses nothing, nothing is sent
twice, failures are retried with back-off and end visibly ``failed``; the sweeper
hands over what the queue lost."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from aftersales.core.exceptions import PermissionDenied
from aftersales.notifications.models import Notification
from aftersales.notifications.services import (
    notification_deliver,
    notification_retry,
    notifications_sweep,
)

pytestmark = pytest.mark.django_db
MINUTE = dt.timedelta(minutes=1)


def sms_row(order):
    return Notification.objects.get(order=order, channel="sms")


def test_an_outage_keeps_the_row_pending_with_its_error_and_next_try(order, sms):
    row = sms_row(order)
    sms.outage = True
    now = timezone.now()
    assert notification_deliver(notification_id=row.pk, now=now) == "retry"
    row.refresh_from_db()
    assert row.status == "pending"
    assert row.attempts == 1
    assert row.next_attempt_at == now + MINUTE  # NOTIFY_RETRY_DELAYS = 60,300,1800
    assert "GatewayDown: 503 gateway unavailable" in row.last_error
    assert row.locked_until is None
    assert sms.sent == []


def test_the_row_goes_out_once_the_provider_is_back(order, sms):
    row = sms_row(order)
    sms.outage = True
    now = timezone.now()
    notification_deliver(notification_id=row.pk, now=now)
    sms.outage = False
    # Too early: the back-off is respected.
    assert notification_deliver(notification_id=row.pk, now=now + MINUTE / 2) == "skipped"
    assert notification_deliver(notification_id=row.pk, now=now + MINUTE) == "sent"
    row.refresh_from_db()
    assert (row.status, row.attempts, row.sent_at) == ("sent", 2, now + MINUTE)
    assert row.last_error == ""
    assert row.body.startswith("尊敬的")  # what was said is kept, in zh-hans
    assert [m["delivery_id"] for m in sms.sent] == [str(row.delivery_id)]


def test_a_row_is_never_sent_twice(order, sms):
    row = sms_row(order)
    now = timezone.now()
    assert notification_deliver(notification_id=row.pk, now=now) == "sent"
    # The on-commit task, the sweeper and a "retry" of a sent row all find nothing to do.
    assert notification_deliver(notification_id=row.pk, now=now) == "skipped"
    notifications_sweep(now=now + dt.timedelta(hours=1))
    assert notification_retry(actor=_admin(), ids=[row.pk]) == 0
    assert notification_deliver(notification_id=row.pk, now=now + dt.timedelta(days=1)) == (
        "skipped"
    )
    assert len(sms.sent) == 1


def test_a_row_claimed_by_another_worker_is_left_to_it(order, sms):
    row = sms_row(order)
    Notification.objects.filter(pk=row.pk).update(
        status="sending", locked_until=timezone.now() + dt.timedelta(minutes=5)
    )
    assert notification_deliver(notification_id=row.pk) == "skipped"
    assert sms.sent == []


def test_after_the_last_try_the_row_is_failed_with_its_last_error(order, sms):
    row = sms_row(order)
    sms.outage = True
    at = timezone.now()
    outcomes = []
    for _ in range(4):  # a first try and three retries (60, 300, 1800 s)
        outcomes.append(notification_deliver(notification_id=row.pk, now=at))
        row.refresh_from_db()
        at = row.next_attempt_at
    assert outcomes == ["retry", "retry", "retry", "failed"]
    assert (row.status, row.attempts) == ("failed", 4)
    assert "503" in row.last_error
    assert notification_deliver(notification_id=row.pk, now=at + dt.timedelta(days=1)) == (
        "skipped"
    )


def _admin():
    from aftersales.accounts.services import staff_create

    return staff_create(username="ntf-admin", password="Str0ng-pass-word", name="管理员",
                        roles=["admin"])  # fmt: skip


def test_retry_now_sends_a_failed_row_again(order, sms, django_capture_on_commit_callbacks):
    row = sms_row(order)
    Notification.objects.filter(pk=row.pk).update(status="failed", attempts=4, last_error="x")
    with django_capture_on_commit_callbacks(execute=True):
        assert notification_retry(actor=_admin(), ids=[row.pk]) == 1
    row.refresh_from_db()
    assert (row.status, row.attempts) == ("sent", 1)
    assert len(sms.sent) == 1


def test_only_admins_and_directors_may_retry(order, make_staff):
    row = sms_row(order)
    Notification.objects.filter(pk=row.pk).update(status="failed")
    with pytest.raises(PermissionDenied):
        notification_retry(actor=make_staff("agent"), ids=[row.pk])
    assert Notification.objects.get(pk=row.pk).status == "failed"
    assert notification_retry(actor=make_staff("director"), ids=[row.pk]) == 1


def test_the_sweeper_revives_rows_whose_worker_died(order, sms):
    row = sms_row(order)
    now = timezone.now()
    Notification.objects.filter(pk=row.pk).update(
        status="sending", attempts=1, locked_until=now - dt.timedelta(seconds=1)
    )
    assert notifications_sweep(now=now) == [row.pk]  # handed over (immediate mode: sent)
    row.refresh_from_db()
    assert (row.status, row.attempts) == ("sent", 2)
    assert len(sms.sent) == 1


def test_the_sweeper_fails_a_dead_workers_row_that_had_its_last_try(order, sms):
    row = sms_row(order)
    now = timezone.now()
    Notification.objects.filter(pk=row.pk).update(
        status="sending", attempts=4, locked_until=now - dt.timedelta(seconds=1)
    )
    assert notifications_sweep(now=now) == []
    row.refresh_from_db()
    assert row.status == "failed"
    assert "stopped" in row.last_error
    assert sms.sent == []


def test_the_sweeper_hands_over_due_rows_the_queue_lost_but_not_fresh_ones(order, sms):
    row = sms_row(order)
    created = row.next_attempt_at
    assert notifications_sweep(now=created + dt.timedelta(seconds=30)) == []  # its task may run
    assert sms.sent == []
    swept = notifications_sweep(now=created + dt.timedelta(seconds=61))
    assert row.pk in swept
    assert [m["delivery_id"] for m in sms.sent] == [str(row.delivery_id)]


def test_an_outage_over_many_orders_loses_nothing(customer, make_order, sms):
    sms.outage = True
    orders = [make_order(customer) for _ in range(5)]
    start = timezone.now()
    for n in Notification.objects.filter(channel="sms"):
        notification_deliver(notification_id=n.pk, now=start)
    assert set(Notification.objects.values_list("status", flat=True)) == {"pending"}
    sms.outage = False
    # Five minutes pass (the queue's tasks run on the real clock, so move the rows).
    for n in Notification.objects.filter(channel="sms"):
        n.next_attempt_at -= dt.timedelta(minutes=5)
        n.save(update_fields=["next_attempt_at"])
    notifications_sweep()
    sent = Notification.objects.filter(channel="sms", status="sent")
    assert sent.count() == 5
    assert sorted(m["delivery_id"] for m in sms.sent) == sorted(
        str(d) for d in sent.values_list("delivery_id", flat=True)
    )
    assert {o.contact_phone for o in orders} == {m["phone"] for m in sms.sent}


@hsettings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ups=st.lists(st.booleans(), min_size=1, max_size=6))
def test_whatever_the_provider_does_a_row_is_sent_at_most_once_and_only_given_up_when_every_try_failed(  # noqa: E501
    sms, ups
):
    row = Notification.objects.create(
        event_type="order.received", channel="sms", address="13900009999",
        context={"number": "SO1", "customer_name": "张三"},
        next_attempt_at=timezone.now(), created_at=timezone.now(),
    )  # fmt: skip
    at = row.next_attempt_at
    for up in ups:
        sms.outage = not up
        notification_deliver(notification_id=row.pk, now=at)
        notification_deliver(notification_id=row.pk, now=at)  # a duplicate task
        row.refresh_from_db()
        if row.status != "pending":
            break
        at = row.next_attempt_at
    tries = ups[:4]  # at most a first try and three retries
    mine = [m for m in sms.sent if m["delivery_id"] == str(row.delivery_id)]
    assert len(mine) == (1 if any(tries) else 0)
    if any(tries):
        assert row.status == "sent"
        assert row.attempts == tries.index(True) + 1
    elif len(ups) >= 4:
        assert row.status == "failed"
        assert row.attempts == 4
    else:
        assert row.status == "pending"
        assert row.attempts == len(ups)
