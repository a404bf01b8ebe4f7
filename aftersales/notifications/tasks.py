"""Outbox work on the task queue (NTF-2, OPS-2): deliver rows, sweep up lost ones.

Delivery is at-least-once from the queue's side and at-most-once per try from ours:
every task only asks ``notification_deliver`` to claim and send a row, which does
nothing for a row that is not due or that another worker holds.
"""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import HUEY, close_db, db_periodic_task, db_task

from aftersales.notifications.services import notification_deliver, notifications_sweep


@db_task()
def deliver_notifications(ids: list[int]) -> list[str]:
    return [notification_deliver(notification_id=pk) for pk in ids]


@db_periodic_task(crontab(minute="*"))
def sweep_notifications() -> list[int]:
    return notifications_sweep()


@HUEY.on_startup()
@close_db
def sweep_notifications_on_startup() -> None:
    """A restarted worker picks up at once what a crash left behind (rows whose
    sender died, retries whose task was lost) instead of waiting for the next sweep."""
    notifications_sweep()
