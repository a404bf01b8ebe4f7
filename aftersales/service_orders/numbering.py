"""Order numbers (SO-4): ``SO`` + local date + 5-digit daily sequence, e.g.
``SO2026112900001``; unique under concurrent creation, not gapless (a refused or rolled
back intake may skip a number). See docs/decisions/0003-order-numbering.md.

- **PostgreSQL**: one ``SEQUENCE`` per day (``so_number_YYYYMMDD``). ``nextval`` never
  blocks and is not rolled back, so concurrent intakes do not queue behind one locked
  counter row until their commits. A process creates the day's sequence the first time
  it needs it (``CREATE SEQUENCE IF NOT EXISTS`` in a savepoint, which a racing creator
  survives) and remembers the day once that transaction has committed.
  ``drop_old_sequences`` (a daily task) removes the sequences of past days.
- **SQLite** (one writer at a time anyway): the day's row of ``OrderNumberSequence`` is
  bumped with ``UPDATE … RETURNING``; a new day's row is created once, and a racing
  creator falls back to the UPDATE.
"""

from __future__ import annotations

import datetime as dt
import re

from django.db import DatabaseError, IntegrityError, connection, transaction

from aftersales.service_orders.models import OrderNumberSequence

SEQUENCE_PREFIX = "so_number_"
_SEQUENCE_NAME = re.compile(rf"^{SEQUENCE_PREFIX}(\d{{8}})$")
# Days whose sequence this process has seen committed (so nextval needs no check).
_known_days: set[dt.date] = set()


def format_number(day: dt.date, sequence: int) -> str:
    return f"SO{day:%Y%m%d}{sequence:05d}"


def sequence_name(day: dt.date) -> str:
    return f"{SEQUENCE_PREFIX}{day:%Y%m%d}"


def _nextval(day: dt.date) -> int:
    name = sequence_name(day)
    with connection.cursor() as cursor:
        if day not in _known_days:
            try:
                with transaction.atomic():  # a savepoint: a racing CREATE may fail here
                    cursor.execute(f"CREATE SEQUENCE IF NOT EXISTS {name}")
            except DatabaseError:  # created meanwhile by a transaction that has committed
                pass
            transaction.on_commit(lambda: _known_days.add(day))
        cursor.execute("SELECT nextval(%s)", [name])
        row = cursor.fetchone()
    return int(row[0])


def _bump(day: dt.date) -> int | None:
    """Add one to the day's counter row and return it (UPDATE … RETURNING, SQLite ≥ 3.35);
    ``None`` when the day has no row yet."""
    table = OrderNumberSequence._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET last = last + 1 WHERE day = %s RETURNING last",
            [day],
        )
        row = cursor.fetchone()
    return int(row[0]) if row else None


def _counter_row(day: dt.date) -> int:
    sequence = _bump(day)
    if sequence is None:
        try:
            with transaction.atomic():
                OrderNumberSequence.objects.create(day=day, last=1)
            return 1
        except IntegrityError:  # another transaction created the day's row first
            sequence = _bump(day)
            assert sequence is not None
    return sequence


def next_order_number(*, day: dt.date) -> str:
    """The next number of ``day``; call inside the creating transaction."""
    if connection.vendor == "postgresql":
        return format_number(day, _nextval(day))
    return format_number(day, _counter_row(day))


def numbers_issued(*, day: dt.date) -> int:
    """How many numbers ``day`` has handed out so far (including skipped ones)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT to_regclass(%s)", [sequence_name(day)])
            if cursor.fetchone()[0] is None:
                return 0
            cursor.execute(f"SELECT last_value, is_called FROM {sequence_name(day)}")
            last_value, is_called = cursor.fetchone()
        return int(last_value) if is_called else 0
    row = OrderNumberSequence.objects.filter(day=day).values_list("last", flat=True).first()
    return int(row or 0)


def _day_of(digits: str) -> dt.date:
    return dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))


def drop_old_sequences(*, before: dt.date) -> list[str]:
    """Drop the PostgreSQL day sequences of days before ``before``; returns their names."""
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.relkind = 'S' AND n.nspname = current_schema() AND c.relname LIKE %s",
            [SEQUENCE_PREFIX + "%"],
        )
        names = [r[0] for r in cursor.fetchall()]
        dropped = []
        for name in sorted(names):
            match = _SEQUENCE_NAME.match(name)
            if match and _day_of(match.group(1)) < before:
                cursor.execute(f"DROP SEQUENCE IF EXISTS {name}")
                dropped.append(name)
    _known_days.difference_update({d for d in _known_days if d < before})
    return dropped
