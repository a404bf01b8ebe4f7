"""What the list and detail statements cost inside PostgreSQL, on a warm connection.

    .venv/bin/python bench/plans.py [bench/results/explain.txt]

Reads the statements ``bench/intake.py --explain`` recorded from the app and, for each,
times 200 executions one at a time: as the app sends them (planned every time), as a
prepared statement (planned once), and with ``join_collapse_limit = 1`` (the planner
keeps the written join order). It also times the single-status list ordered by
``status, reported_at DESC, id DESC``, which lets the planner use ``so_status``. The
planning and execution times are PostgreSQL's own (EXPLAIN ANALYZE).
"""

from __future__ import annotations

import ast
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import RESULTS_DIR, connect

RUNS = 200


def statements(path: Path) -> list[tuple[str, str, tuple]]:
    out = []
    for block in path.read_text().split("### ")[1:]:
        name, sql, params_line = block.split("\n", 3)[:3]
        if not sql.startswith("SELECT") or "LIMIT" not in sql:
            continue  # the page and detail selects; the small follow-ups are cheap
        params = ast.literal_eval(params_line.removeprefix("-- params: "))
        out.append((name, sql, params))
    return out


def timed(conn, sql: str, params: tuple, *, prepare: bool | None = None) -> float:
    conn.execute(sql, params, prepare=prepare).fetchall()
    started = time.perf_counter()
    for _ in range(RUNS):
        conn.execute(sql, params, prepare=prepare).fetchall()
    return (time.perf_counter() - started) / RUNS * 1000


def pg_times(conn, sql: str, params: tuple) -> str:
    plan = "\n".join(
        r[0] for r in conn.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params).fetchall()
    )
    planning = re.search(r"Planning Time: ([\d.]+)", plan)
    execution = re.search(r"Execution Time: ([\d.]+)", plan)
    index = re.search(r"Index Scan using (\w+) on service_orders_serviceorder", plan)
    removed = re.search(r"Rows Removed by Filter: (\d+)", plan)
    return (
        f"planning {planning[1] if planning else '?'} ms, "
        f"execution {execution[1] if execution else '?'} ms, "
        f"index {index[1] if index else '-'}"
        + (f", {removed[1]} rows filtered out" if removed else "")
    )


def main() -> None:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else RESULTS_DIR / "explain.txt"
    seen = set()
    with connect() as conn:
        for name, sql, params in statements(source):
            if (sql, params) in seen:
                continue
            seen.add((sql, params))
            conn.execute("SET join_collapse_limit = 8")
            pg = pg_times(conn, sql, params)  # after a first run: the caches are warm
            pg = pg_times(conn, sql, params)
            as_sent = timed(conn, sql, params, prepare=False)
            prepared = timed(conn, sql, params, prepare=True)
            conn.execute("SET join_collapse_limit = 1")
            fixed_order = timed(conn, sql, params, prepare=False)
            conn.execute("SET join_collapse_limit = 8")
            print(f"{name}: {pg}")
            print(
                f"    client ms/query: as sent {as_sent:.2f}, prepared {prepared:.2f}, "
                f"join_collapse_limit=1 {fixed_order:.2f}"
            )
            single_status = re.search(r'"status" IN \(%s\)', sql)
            if single_status:
                reordered = sql.replace(
                    'ORDER BY "service_orders_serviceorder"."reported_at" DESC',
                    'ORDER BY "service_orders_serviceorder"."status" ASC, '
                    '"service_orders_serviceorder"."reported_at" DESC',
                )
                pg_times(conn, reordered, params)
                print(
                    f"    ORDER BY status, reported_at DESC, id DESC: "
                    f"{pg_times(conn, reordered, params)}; client ms/query "
                    f"{timed(conn, reordered, params, prepare=False):.2f}"
                )
        for label, sql in (
            ("COUNT(*) all orders", "SELECT count(*) FROM service_orders_serviceorder"),
            (
                "COUNT(*) status=closed",
                "SELECT count(*) FROM service_orders_serviceorder WHERE status = 'closed'",
            ),
        ):
            conn.execute(sql).fetchall()
            started = time.perf_counter()
            for _ in range(5):
                conn.execute(sql).fetchall()
            print(f"{label}: {(time.perf_counter() - started) / 5 * 1000:.1f} ms")


if __name__ == "__main__":
    main()
