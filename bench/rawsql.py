"""The same rows straight through psycopg: 16 threads, one connection each, for the
same duration as the HTTP run. The gap to the HTTP figures is the cost of everything
that is not the database (Django, ninja, pydantic, gunicorn, HTTP, auth queries).

- create: one transaction per order that writes what the service writes: a number from
  a sequence (``nextval``, as the app does on PostgreSQL), the order row, the
  per-region/status tally when the app keeps one, and the ``created`` event.
  ``create (no tally)`` leaves the tally out, to show what the locked tally rows cost
  under concurrency.
- list: the statements the app ran for each filter mix (page + count), replayed verbatim
  as recorded by ``bench/capture.py``, auth statements left out.
- detail: the recorded order / exclusions / timeline statements with the order id and
  unit id swapped for a random order's.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg.types.json import Jsonb

from bench.capture import Statement
from bench.common import connect
from bench.load import CONNECTIONS
from bench.pyload import percentile


@dataclass
class RawResult:
    ops: int
    duration_s: float
    p50_ms: float
    p99_ms: float
    errors: int
    statements_per_op: float
    others: float = 0.0  # CPU cores used by other processes meanwhile

    @property
    def rate(self) -> float:
        return self.ops / self.duration_s if self.duration_s else 0.0


# Runs per connection before measuring: psycopg prepares a statement after 5 runs and
# PostgreSQL may switch to a generic plan after 5 more, as on the app's connections.
WARM_UP = 12

Op = Callable[[psycopg.Connection, random.Random], int]  # returns statements executed


def run_threads(op: Op, duration: int, *, autocommit: bool = True) -> RawResult:
    latencies: list[list[float]] = [[] for _ in range(CONNECTIONS)]
    statements = [0] * CONNECTIONS
    errors = [0] * CONNECTIONS
    barrier = threading.Barrier(CONNECTIONS + 1)
    deadline = [0.0]

    def worker(n: int) -> None:
        rng = random.Random(n * 7919 + time.time_ns())
        with connect(autocommit=autocommit) as conn:
            for _ in range(WARM_UP):  # like the app's long-lived, warmed-up connections
                try:
                    op(conn, rng)
                except psycopg.Error:
                    if not autocommit:
                        conn.rollback()
            barrier.wait()
            while time.perf_counter() < deadline[0]:
                started = time.perf_counter()
                try:
                    statements[n] += op(conn, rng)
                except psycopg.Error:
                    errors[n] += 1
                    if not autocommit:
                        conn.rollback()
                    continue
                latencies[n].append(time.perf_counter() - started)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(CONNECTIONS)]
    for t in threads:
        t.start()
    deadline[0] = time.perf_counter() + duration
    started = time.perf_counter()
    barrier.wait()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    ordered = sorted(x for per in latencies for x in per)
    return RawResult(
        ops=len(ordered),
        duration_s=elapsed,
        p50_ms=percentile(ordered, 50) * 1000,
        p99_ms=percentile(ordered, 99) * 1000,
        errors=sum(errors),
        statements_per_op=sum(statements) / len(ordered) if ordered else 0.0,
    )


# --- create -------------------------------------------------------------------------

INSERT_ORDER = """
INSERT INTO service_orders_serviceorder (
    created_at, updated_at, number, kind, channel, priority, status, fault_description,
    contact_phone, address, reported_at, waiting_reason, in_warranty,
    respond_by, on_site_by, resolve_by, fault_cause, actions_taken, fault_code,
    customer_opinion, cancel_reason, survey_comment,
    created_by_id, customer_id, region_id, sla_policy_id, unit_id, sla_terms, sla_paused)
VALUES (now(), now(), %s, 'repair', 'phone', 'normal', 'new', %s, %s, %s, now(), '', %s,
        now() + interval '2 hours', now() + interval '1 day', now() + interval '2 days',
        '', '', '', '', '', '', %s, %s, %s, %s, %s, '{}'::jsonb, interval '0')
RETURNING id, number
"""
INSERT_EVENT = """
INSERT INTO service_orders_serviceorderevent
    (kind, action, from_status, to_status, at, note, extra, actor_id, order_id)
VALUES ('created', '', '', 'new', now(), '', %s, %s, %s)
"""
BUMP_TALLY = """
UPDATE service_orders_serviceordertally SET count = count + 1
WHERE region_id = %s AND status = 'new'
"""


@dataclass
class CreateInput:
    customers: list[tuple[int, int, str, str, int | None]]  # id, region, phone, address, unit
    agent_id: int
    policy_id: int
    today: Any  # datetime.date, the app's local day
    tally: bool  # the app bumps a per-region/status count on create


def make_create_op(data: CreateInput, *, tally: bool) -> Op:
    """What intake writes, by hand: the number from the day's sequence (as the app does
    on PostgreSQL), the order, the region's tally row when ``tally`` (and the app keeps
    one), and the ``created`` event."""

    def op(conn: psycopg.Connection, rng: random.Random) -> int:
        customer_id, region_id, phone, address, unit_id = rng.choice(data.customers)
        seq = conn.execute("SELECT nextval('bench_raw_number')").fetchone()[0]  # type: ignore[index]
        number = f"RB{seq:012d}"
        n = 1
        order_id, number = conn.execute(  # type: ignore[misc]
            INSERT_ORDER,
            [
                number,
                "bench raw: 不制冷，外机不转",
                phone,
                address,
                unit_id is not None,
                data.agent_id,
                customer_id,
                region_id,
                data.policy_id,
                unit_id,
            ],
        ).fetchone()
        n += 1
        if tally and data.tally:
            conn.execute(BUMP_TALLY, [region_id])
            n += 1
        extra = Jsonb({"number": number, "channel": "phone"})
        conn.execute(INSERT_EVENT, [extra, data.agent_id, order_id])
        conn.commit()
        return n + 1

    return op


def create_input(*, app_statements: list[Statement], agent_id: int, today: Any) -> CreateInput:
    with connect() as conn:
        conn.execute("CREATE SEQUENCE IF NOT EXISTS bench_raw_number")
        rows = conn.execute(
            "SELECT c.id, c.region_id, c.phone, c.address, min(u.id) FROM customers_customer c "
            "LEFT JOIN units_unit u ON u.customer_id = c.id GROUP BY c.id"
        ).fetchall()
        policy_id = conn.execute("SELECT id FROM sla_slapolicy ORDER BY rank DESC").fetchone()[0]  # type: ignore[index]
    tally = any("serviceordertally" in s.sql and s.verb == "UPDATE" for s in app_statements)
    return CreateInput(rows, agent_id, policy_id, today, tally)


# --- list and detail: recorded statements replayed ----------------------------------


def make_replay_op(mixes: list[list[Statement]]) -> Op:
    """Each op replays the data statements of one randomly chosen recorded request."""
    data = [[s for s in statements if not s.is_auth] for statements in mixes]

    def op(conn: psycopg.Connection, rng: random.Random) -> int:
        statements = rng.choice(data)
        for s in statements:
            conn.execute(s.sql, s.params).fetchall()  # type: ignore[arg-type]
        return len(statements)

    return op


def make_detail_op(
    recorded: list[Statement], order_id: int, unit_id: int, sample: list[tuple[int, int | None]]
) -> Op:
    """Replay the recorded detail statements for random orders of ``sample``."""
    data = [s for s in recorded if not s.is_auth]

    def swap(params: tuple[Any, ...], new_order: int, new_unit: int | None) -> tuple[Any, ...]:
        out = []
        for p in params:
            if type(p) is int and p == order_id:
                p = new_order
            elif type(p) is int and p == unit_id:
                p = new_unit
            out.append(p)
        return tuple(out)

    def op(conn: psycopg.Connection, rng: random.Random) -> int:
        new_order, new_unit = rng.choice(sample)
        n = 0
        for s in data:
            if new_unit is None and unit_id in s.params:
                continue  # no unit: the app does not look up exclusions either
            conn.execute(s.sql, swap(s.params, new_order, new_unit)).fetchall()  # type: ignore[arg-type]
            n += 1
        return n

    return op


def detail_sample(lo: int, hi: int, size: int = 50_000) -> list[tuple[int, int | None]]:
    ids = [random.randint(lo, hi) for _ in range(size)]
    with connect() as conn:
        return conn.execute(
            "SELECT id, unit_id FROM service_orders_serviceorder WHERE id = ANY(%s)", [ids]
        ).fetchall()


def explain(statement: Statement) -> str:
    """EXPLAIN (ANALYZE, BUFFERS) on a warm connection (a first run loads the catalog
    caches, which the app's persistent connections have long done)."""
    with connect() as conn:
        conn.execute(statement.sql, statement.params).fetchall()  # type: ignore[arg-type]
        rows = conn.execute(
            "EXPLAIN (ANALYZE, BUFFERS) " + statement.sql,  # type: ignore[operator]
            statement.params,
        ).fetchall()
    return "\n".join(r[0] for r in rows)
