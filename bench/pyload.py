"""A closed-loop HTTP load client in asyncio + httpx, used only when wrk is missing.

``connections`` tasks each send one request at a time over their own connection for
``duration`` seconds (like wrk's connections). Latency is measured per request with
``perf_counter`` from just before sending to the end of the response body. It costs
far more CPU per request than wrk, which on a 2-core machine is taken from the server:
figures from it are a lower bound.
"""

from __future__ import annotations

import asyncio
import math
import random
import time

import httpx

from bench.load import LoadResult, Scenario


def percentile(sorted_values: list[float], pct: float) -> float:
    """Nearest-rank percentile of an already sorted list (0 for an empty one)."""
    if not sorted_values:
        return 0.0
    rank = max(1, math.ceil(pct / 100 * len(sorted_values)))
    return sorted_values[min(rank, len(sorted_values)) - 1]


def _next_request(scenario: Scenario, rng: random.Random) -> tuple[str, str | None]:
    if scenario.id_range:
        path = f"{scenario.id_prefix}{rng.randint(*scenario.id_range)}"
    else:
        path = rng.choice(scenario.paths)
    body = rng.choice(scenario.bodies) if scenario.bodies else None
    return path, body


async def _worker(
    n: int,
    base_url: str,
    scenario: Scenario,
    deadline: float,
    latencies: list[float],
    counts: dict[str, int],
) -> None:
    rng = random.Random(n * 7919 + time.time_ns())
    headers = {"Authorization": f"Bearer {scenario.token}", "Content-Type": "application/json"}
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    async with httpx.AsyncClient(base_url=base_url, headers=headers, limits=limits) as client:
        while time.perf_counter() < deadline:
            path, body = _next_request(scenario, rng)
            started = time.perf_counter()
            try:
                response = await client.request(
                    scenario.method, path, content=body.encode() if body else None, timeout=10
                )
            except httpx.HTTPError:
                counts["socket_errors"] += 1
                continue
            latencies.append(time.perf_counter() - started)
            if response.status_code >= 400:
                counts["non_2xx"] += 1


async def _run(base_url: str, scenario: Scenario, duration: int, connections: int) -> LoadResult:
    latencies: list[float] = []
    counts = {"non_2xx": 0, "socket_errors": 0}
    started = time.perf_counter()
    deadline = started + duration
    await asyncio.gather(
        *(_worker(n, base_url, scenario, deadline, latencies, counts) for n in range(connections))
    )
    elapsed = time.perf_counter() - started
    ordered = sorted(latencies)
    return LoadResult(
        requests=len(latencies),
        duration_s=elapsed,
        p50_ms=percentile(ordered, 50) * 1000,
        p90_ms=percentile(ordered, 90) * 1000,
        p99_ms=percentile(ordered, 99) * 1000,
        max_ms=(ordered[-1] * 1000) if ordered else 0.0,
        non_2xx=counts["non_2xx"],
        socket_errors=counts["socket_errors"],
        tool="python",
    )


def run_python_load(
    base_url: str, scenario: Scenario, duration: int, connections: int
) -> LoadResult:
    return asyncio.run(_run(base_url, scenario, duration, connections))
