import datetime as dt

from django.utils import timezone

from aftersales.core.models import IdempotencyRecord
from aftersales.core.tasks import idempotency_records_purge, purge_idempotency_records


def _record(key, age_hours):
    return IdempotencyRecord.objects.create(
        key=key,
        user_key="user:1",
        method="POST",
        path="/api/v1/units",
        body_hash="x" * 64,
        created_at=timezone.now() - dt.timedelta(hours=age_hours),
    )


def test_purge_forgets_only_keys_older_than_24_hours(db):
    _record("old", 25)
    _record("fresh", 23)
    assert idempotency_records_purge() == 1
    assert list(IdempotencyRecord.objects.values_list("key", flat=True)) == ["fresh"]


def test_purge_task_runs_on_the_queue(db):
    """Periodic tasks store no result in Huey; the effect is what counts."""
    _record("old", 48)
    purge_idempotency_records()  # immediate mode in tests: runs in-process
    assert not IdempotencyRecord.objects.exists()
