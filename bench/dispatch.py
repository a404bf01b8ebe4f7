"""Batch dispatch benchmark (DSP-4): random instances, no database.

    .venv/bin/python bench/dispatch.py [--sizes 200x30,1000x100] [--seeds 3]

Each instance is a region tree (1 country → 3 areas → 3 cities each) around Shanghai,
orders and engineers scattered around the cities, 4 product lines. One engineer in five
covers a whole area, the others a city. Engineers have 2–4 skills, each with a
certificate that has expired one time in ten, 0–3 open orders and a
capacity of new orders that covers about 115 % of the orders in total. Orders have an
on-site target 4 h (urgent, 10 %) or 24 h after being reported, reported up to 90 % of
that span ago. A pair is feasible with the same rules as the app (``dispatch.rules``:
region or neighbouring region, skill, valid certificate) and travels the app's estimate.

For each instance it prints the min-cost-flow objective (OR-Tools), a greedy dispatcher's
objective (most urgent order first, cheapest engineer for it), the LP-relaxation bound
(GLOP) and the times. Objectives are in weighted minutes: 2 × minutes late + minutes of
travel + 100 000 per order left unassigned although someone could take it.

Benchmarks print figures; they never assert timings.
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from aftersales.dispatch import rules
from aftersales.dispatch.solver import (
    Job,
    Plan,
    Problem,
    Worker,
    lp_bound,
    solve,
    solve_greedy,
)

CENTRE = rules.GeoPoint(31.23, 121.47)
LINES = 4
TODAY = dt.date(2026, 6, 1)


def _near(rng: random.Random, point: rules.GeoPoint, km: float) -> rules.GeoPoint:
    return rules.GeoPoint(
        point.latitude + rng.gauss(0, km / 111.0),
        point.longitude + rng.gauss(0, km / 95.0),
    )


def make_problem(n_orders: int, n_engineers: int, seed: int) -> tuple[Problem, dict[str, int]]:
    rng = random.Random(seed)
    cities: list[tuple[str, rules.GeoPoint]] = []
    areas: list[str] = []
    for a in range(3):
        area = f"/1/{10 + a}/"
        areas.append(area)
        area_centre = _near(rng, CENTRE, 40)
        for c in range(3):
            cities.append((f"{area}{100 + 10 * a + c}/", _near(rng, area_centre, 15)))

    engineers: list[tuple[rules.EngineerFacts, int]] = []
    per_engineer = 1.15 * n_orders / n_engineers
    for e in range(n_engineers):
        path, centre = rng.choice(cities)
        if rng.random() < 0.2:  # an area engineer covering all its cities
            path = "/".join(path.split("/")[:3]) + "/"
        skills = frozenset(rng.sample(range(LINES), rng.randint(2, 4)))
        certificates = {
            line: rules.Certification(
                f"C{e}-{line}",
                TODAY + dt.timedelta(days=-5 if rng.random() < 0.1 else 200),
            )
            for line in skills
        }
        facts = rules.EngineerFacts(
            id=e,
            name=f"e{e}",
            region_path=path,
            skills=skills,
            certificates=certificates,
            location=_near(rng, centre, 5),
            workload=rng.randint(0, 3),
        )
        capacity = max(1, round(per_engineer + rng.uniform(-2, 2)))
        engineers.append((facts, capacity))

    jobs: list[Job] = []
    orders: list[rules.OrderFacts] = []
    for o in range(n_orders):
        path, centre = rng.choice(cities)
        target = 240 if rng.random() < 0.1 else 1440
        jobs.append(Job(due=target - int(rng.uniform(0, 0.9) * target)))
        orders.append(
            rules.OrderFacts(
                id=o,
                region_path=path,
                product_line_id=rng.randrange(LINES),
                location=_near(rng, centre, 6),
            )
        )

    travel: dict[tuple[int, int], int] = {}
    for j, order in enumerate(orders):
        for w, (engineer, _capacity) in enumerate(engineers):
            if not rules.refusals(order, engineer, on=TODAY):
                travel[j, w] = rules.travel_minutes(rules.distance_km(order, engineer))
    workers = [
        Worker(capacity=capacity, busy=engineer.workload * rules.SERVICE_MINUTES)
        for engineer, capacity in engineers
    ]
    problem = Problem(
        jobs=jobs,
        workers=workers,
        travel=travel,
        service_minutes=rules.SERVICE_MINUTES,
        late_weight=rules.LATE_WEIGHT,
        travel_weight=rules.TRAVEL_WEIGHT,
    )
    stats = {"pairs": len(travel), "capacity": sum(w.capacity for w in workers)}
    return problem, stats


def _served(problem: Problem, plan: Plan) -> int:
    """The objective without the penalties for orders left over: late and travel only."""
    return plan.objective - problem.unassigned_penalty * len(plan.unassigned)


def _pct(value: float, base: float) -> str:
    return "—" if base == 0 else f"{100 * (value - base) / base:+.1f} %"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="200x30,1000x100", help="orders x engineers, …")
    parser.add_argument("--seeds", type=int, default=3, help="instances per size")
    parser.add_argument("--lp-time-limit", type=float, default=300.0, help="seconds for GLOP")
    args = parser.parse_args()

    print(f"# Dispatch benchmark — {platform.python_version()}, {platform.machine()}")
    header = (
        "| instance | seed | feasible pairs | capacity | flow arcs | objective | greedy "
        "| greedy vs objective | LP bound | objective vs bound | unassigned (flow / greedy) "
        "| served orders' cost (flow / greedy) | late min (flow / greedy) "
        "| travel min (flow / greedy) | flow s | greedy s | LP s |"
    )
    print(header)
    print("|" + "---|" * (header.count("|") - 1))
    for size in args.sizes.split(","):
        n_orders, n_engineers = (int(x) for x in size.lower().split("x"))
        for seed in range(1, args.seeds + 1):
            built = time.perf_counter()
            problem, stats = make_problem(n_orders, n_engineers, seed)
            built = time.perf_counter() - built
            flow = solve(problem)
            started = time.perf_counter()
            greedy = solve_greedy(problem)
            greedy_seconds = time.perf_counter() - started
            bound, lp_seconds = lp_bound(problem, time_limit_seconds=args.lp_time_limit)
            plan = flow.plan
            print(
                f"| {n_orders}×{n_engineers} | {seed} | {stats['pairs']} | {stats['capacity']} "
                f"| {flow.arcs} | {plan.objective} | {greedy.objective} "
                f"| {_pct(greedy.objective, plan.objective)} | {bound:.1f} "
                f"| {plan.objective - bound:+.1f} "
                f"| {len(plan.unassigned)} / {len(greedy.unassigned)} "
                f"| {_served(problem, plan)} / {_served(problem, greedy)} "
                f"| {plan.late_minutes} / {greedy.late_minutes} "
                f"| {plan.travel_minutes} / {greedy.travel_minutes} "
                f"| {flow.seconds:.2f} | {greedy_seconds:.2f} | {lp_seconds:.2f} |",
                flush=True,
            )
            print(f"<!-- instance built in {built:.2f} s -->", file=sys.stderr)


if __name__ == "__main__":
    main()
