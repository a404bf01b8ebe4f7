"""Notification and escalation jobs survive a worker restart, on the real queue.

No immediate mode here: the jobs go into a ``SqliteHuey`` file, and ``manage.py
run_huey`` consumers run in subprocesses against the test database (on SQLite, a file
copy of it). A
consumer is killed (SIGKILL, as a crash or an OOM kill would) at the worst moments —
between a failed try and its retry, and in the middle of a send — and a new consumer
must finish the work, each message reaching the SMS gateway exactly once.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone
from huey.contrib.djhuey import HUEY
from huey.storage import SqliteStorage

from aftersales.escalations.tasks import run_escalations
from aftersales.notifications.models import Notification

# ``serialized_rollback`` brings back the migrated rows (roles, SLA policies) for later tests.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
FILE_GATEWAY = "aftersales.notifications.tests.gateways.FileSmsGateway"
# One worker polling the queue every 0.05–0.2 s, the schedule every second, and no
# periodic tasks (the test enqueues what it wants to run).
CONSUMER_OPTIONS = ["-w", "1", "-d", "0.05", "-m", "0.2", "-s", "1", "-n"]


def _database_url() -> str:
    """The consumers' database: on PostgreSQL the test database itself (this test
    commits); on SQLite a file copy of the in-memory test database."""
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        password = f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else ""
        return (
            f"postgres://{quote(db['USER'])}{password}@{db['HOST'] or 'localhost'}:"
            f"{db['PORT'] or 5432}/{db['NAME']}"
        )
    return ""


class Queue:
    """A real SqliteHuey queue in ``tmp`` and consumers of it in subprocesses."""

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.db = tmp / "db.sqlite3"
        self.outbox = tmp / "sms.jsonl"
        self.outage = tmp / "outage"
        self.hang = tmp / "hang"
        self.procs: list[subprocess.Popen] = []
        self.logs: list = []

    def env(self) -> dict[str, str]:
        return {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": _database_url() or f"sqlite:///{self.db}",
            "VAR_DIR": str(self.tmp),  # the queue file: <tmp>/huey.sqlite3
            "HUEY_IMMEDIATE": "0",
            "NOTIFY_SMS_PROVIDER": FILE_GATEWAY,
            "NOTIFY_RETRY_DELAYS": "2,1,1",
            "NOTIFY_SEND_LEASE_SECONDS": "1",
            "SMS_OUTBOX_FILE": str(self.outbox),
            "SMS_OUTAGE_FILE": str(self.outage),
            "SMS_HANG_FILE": str(self.hang),
            "LOG_LEVEL": "INFO",
        }

    def copy_database(self) -> None:
        """On SQLite, the consumers get a copy of the test database as committed."""
        if connection.vendor != "sqlite":
            return
        connection.ensure_connection()
        target = sqlite3.connect(self.db)
        connection.connection.backup(target)
        target.close()

    def read(self, sql: str, params: tuple = ()) -> list[tuple]:
        """Rows of the consumers' database, as committed."""
        if connection.vendor != "sqlite":
            with connection.cursor() as cursor:
                cursor.execute(sql.replace("?", "%s"), params)
                return list(cursor.fetchall())
        with sqlite3.connect(self.db, timeout=5) as db:
            return db.execute(sql, params).fetchall()

    def start(self) -> subprocess.Popen:
        log = open(self.tmp / f"consumer{len(self.procs)}.log", "w")  # noqa: SIM115
        self.logs.append(log)
        proc = subprocess.Popen(
            [sys.executable, "manage.py", "run_huey", *CONSUMER_OPTIONS],
            cwd=settings.BASE_DIR,
            env=self.env(),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.procs.append(proc)
        return proc

    def kill(self, proc: subprocess.Popen) -> None:
        proc.kill()  # SIGKILL: no clean shutdown, no finishing the task at hand
        proc.wait(timeout=10)

    def row(self, pk: int) -> dict:
        ((status, attempts, locked_until),) = self.read(
            "SELECT status, attempts, locked_until FROM notifications_notification WHERE id = ?",
            (pk,),
        )
        if isinstance(locked_until, str):  # SQLite keeps UTC without an offset
            locked_until = dt.datetime.fromisoformat(locked_until).replace(tzinfo=dt.UTC)
        return {"status": status, "attempts": attempts, "locked_until": locked_until}

    def count(self, table: str) -> int:
        return self.read(f"SELECT COUNT(*) FROM {table}")[0][0]

    def jobs(self) -> tuple[int, int]:
        """(waiting to run now, scheduled for later) in the queue file."""
        with sqlite3.connect(self.tmp / "huey.sqlite3", timeout=5) as db:
            waiting = db.execute("SELECT COUNT(*) FROM task").fetchone()[0]
            later = db.execute("SELECT COUNT(*) FROM schedule").fetchone()[0]
        return waiting, later

    def wait_for(self, what, timeout: float = 15.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = what()
            if value:
                return value
            time.sleep(0.05)
        logs = "\n".join(p.read_text() for p in sorted(self.tmp.glob("consumer*.log")))
        raise AssertionError(f"timed out waiting; consumer logs:\n{logs}")

    def sent(self) -> list[str]:
        if not self.outbox.exists():
            return []
        return [json.loads(line)["delivery_id"] for line in self.outbox.read_text().splitlines()]

    def stop_all(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                self.kill(proc)
        for log in self.logs:
            log.close()


@pytest.fixture
def queue(tmp_path):
    """Jobs enqueued in this test go into ``<tmp>/huey.sqlite3`` instead of running at once."""
    queue = Queue(tmp_path)
    saved = (HUEY._immediate, HUEY.storage)
    HUEY._immediate = False
    HUEY.storage = SqliteStorage(name=HUEY.name, filename=str(tmp_path / "huey.sqlite3"))
    try:
        yield queue
    finally:
        queue.stop_all()
        HUEY._immediate, HUEY.storage = saved


@pytest.fixture
def sms_row(make_customer, make_unit, make_order, make_staff, regions):
    """An in-warranty order taken 3 hours ago (its 2-hour respond target breached, and a
    manager to tell); its "order received" SMS is queued on commit, into the real queue."""
    make_staff("manager", region=regions["shanghai"], phone="13800000021")
    customer = make_customer()  # no e-mail: one SMS
    reported = timezone.now() - dt.timedelta(hours=3)
    order = make_order(customer, make_unit(customer), reported_at=reported)
    (row,) = Notification.objects.filter(order=order)
    return row


def test_a_retry_survives_the_worker_being_killed_and_so_does_the_escalation_job(queue, sms_row):
    queue.copy_database()
    queue.outage.touch()  # the SMS gateway is down

    first = queue.start()
    queue.wait_for(
        lambda: (
            queue.row(sms_row.pk)["status"] == "pending" and queue.row(sms_row.pk)["attempts"] == 1
        )
    )
    run_escalations.schedule(delay=3)  # the escalation job, due after the restart
    # The failed try's retry (in 2 s) and the escalation job wait in the queue's
    # schedule: nothing is in a worker's hands when the worker is killed.
    queue.wait_for(lambda: queue.jobs() == (0, 2))
    queue.kill(first)
    assert queue.row(sms_row.pk)["status"] == "pending"
    assert queue.count("escalations_escalation") == 0

    queue.outage.unlink()  # the gateway is back
    second = queue.start()
    queue.wait_for(lambda: queue.row(sms_row.pk)["status"] == "sent")
    queue.wait_for(lambda: queue.count("escalations_escalation") == 1)
    run_escalations()  # a second run, late: records nothing new
    manager_sms = queue.wait_for(lambda: [d for d in queue.sent() if d != str(sms_row.delivery_id)])
    time.sleep(0.5)  # time for any duplicate to show
    queue.kill(second)

    assert queue.sent().count(str(sms_row.delivery_id)) == 1  # exactly once
    assert queue.row(sms_row.pk)["attempts"] >= 2
    assert queue.count("escalations_escalation") == 1
    assert len(manager_sms) == 1  # the regional manager told once about the breach


def test_a_send_cut_off_by_a_killed_worker_is_finished_by_the_next_one(queue, sms_row):
    queue.copy_database()
    queue.hang.touch()  # the gateway will not answer

    first = queue.start()
    stuck = queue.wait_for(lambda: (r := queue.row(sms_row.pk))["status"] == "sending" and r)
    queue.kill(first)  # in the middle of the send
    assert queue.sent() == []
    queue.hang.unlink()
    lease_left = stuck["locked_until"] - dt.datetime.now(dt.UTC)
    time.sleep(max(0.0, lease_left.total_seconds()))

    second = queue.start()  # its start-up sweep takes the row back
    queue.wait_for(lambda: queue.row(sms_row.pk)["status"] == "sent")
    time.sleep(0.5)
    queue.kill(second)
    assert queue.sent() == [str(sms_row.delivery_id)]
    assert queue.row(sms_row.pk)["attempts"] == 2
