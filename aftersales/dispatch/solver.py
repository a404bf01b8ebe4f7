"""Batch dispatch as an optimisation problem (DSP-4), in plain integers, without the
database: the service builds a ``Problem`` from the region's orders and engineers, and
``bench/dispatch.py`` builds random ones.

The model (docs/subsystems/dispatch.md, docs/decisions/0005-batch-dispatch-solver.md):

* every job (an order) goes to at most one worker (an engineer) with whom it is
  feasible (skill, certificate, region: the caller decides and passes ``travel`` only
  for feasible pairs);
* a worker takes at most ``capacity`` new jobs, one after the other: the job in
  position ``s`` (1, 2, …) starts when the worker is free (``busy`` minutes from now)
  plus ``s − 1`` jobs of ``service_minutes`` each, and the worker arrives ``travel``
  minutes later;
* a job's cost is ``late_weight × minutes late for its on-site target + travel_weight ×
  travel minutes``; a job that has feasible workers but is left without one costs
  ``unassigned_penalty``. The objective is the sum.

Positions turn this into a min-cost flow (source → job → (worker, position) → sink, plus
job → sink for "unassigned"), which OR-Tools solves exactly. Costs grow with the position,
so an optimal flow never leaves a gap in a worker's positions that would pay off; the plan
is still re-sequenced by ``evaluate`` (earliest effective due first, optimal for equal job
lengths), which can only lower its cost. The bound is the optimum of the LP relaxation,
solved independently with GLOP: the flow matrix is totally unimodular, so the bound
equals the flow's objective — the gap the API and the benchmark report is the proof.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

# OR-Tools and numpy are imported where they are used: together they add about 45 MB to
# a process, and web workers that never batch-dispatch should not carry them.


@dataclass(frozen=True)
class Job:
    due: int | None  # minutes from now to the on-site target (negative: already late)


@dataclass(frozen=True)
class Worker:
    capacity: int  # new jobs this worker may take
    busy: int = 0  # minutes until the worker is free for a new job


@dataclass(frozen=True)
class Problem:
    jobs: Sequence[Job]
    workers: Sequence[Worker]
    travel: Mapping[tuple[int, int], int]  # (job, worker) → minutes; feasible pairs only
    service_minutes: int = 120
    late_weight: int = 2
    travel_weight: int = 1
    unassigned_penalty: int = 100_000

    def options(self) -> dict[int, list[int]]:
        """Feasible workers of each job (jobs without any are absent)."""
        by_job: dict[int, list[int]] = {}
        for job, worker in self.travel:
            by_job.setdefault(job, []).append(worker)
        for workers in by_job.values():
            workers.sort()
        return by_job


@dataclass(frozen=True)
class Plan:
    assignment: dict[int, int]  # job → worker
    position: dict[int, int]  # job → its place in the worker's new jobs (1-based)
    unassigned: tuple[int, ...]  # jobs that had feasible workers but got none
    no_candidate: tuple[int, ...]  # jobs without any feasible worker (not in the objective)
    objective: int
    late_minutes: int
    travel_minutes: int


@dataclass(frozen=True)
class Solution:
    plan: Plan
    seconds: float
    optimal: bool
    arcs: int = 0


def late_minutes(problem: Problem, job: int, worker: int, position: int) -> int:
    due = problem.jobs[job].due
    if due is None:
        return 0
    arrival = (
        problem.workers[worker].busy
        + (position - 1) * problem.service_minutes
        + problem.travel[job, worker]
    )
    return max(0, arrival - due)


def slot_cost(problem: Problem, job: int, worker: int, position: int) -> int:
    return (
        problem.late_weight * late_minutes(problem, job, worker, position)
        + problem.travel_weight * problem.travel[job, worker]
    )


def _effective_due(problem: Problem, job: int, worker: int) -> tuple[int, int]:
    due = problem.jobs[job].due
    if due is None:
        return (1, 0)
    return (0, due - problem.travel[job, worker])


def evaluate(problem: Problem, assignment: Mapping[int, int]) -> Plan:
    """The cost of giving each job of ``assignment`` to its worker, each worker's jobs in
    the best order (earliest due-minus-travel first: optimal for equal job lengths).
    Refuses infeasible pairs and over-capacity workers."""
    options = problem.options()
    per_worker: dict[int, list[int]] = {}
    for job, worker in assignment.items():
        if (job, worker) not in problem.travel:
            raise ValueError(f"job {job} cannot go to worker {worker}")
        per_worker.setdefault(worker, []).append(job)
    position: dict[int, int] = {}
    late = travel = cost = 0
    for worker, jobs in per_worker.items():
        if len(jobs) > problem.workers[worker].capacity:
            raise ValueError(f"worker {worker} is over capacity")
        jobs.sort(key=lambda j: (*_effective_due(problem, j, worker), j))
        for place, job in enumerate(jobs, start=1):
            position[job] = place
            late += late_minutes(problem, job, worker, place)
            travel += problem.travel[job, worker]
            cost += slot_cost(problem, job, worker, place)
    unassigned = tuple(sorted(j for j in options if j not in assignment))
    no_candidate = tuple(j for j in range(len(problem.jobs)) if j not in options)
    return Plan(
        assignment=dict(assignment),
        position=position,
        unassigned=unassigned,
        no_candidate=no_candidate,
        objective=cost + problem.unassigned_penalty * len(unassigned),
        late_minutes=late,
        travel_minutes=travel,
    )


def _slots(problem: Problem, options: dict[int, list[int]]) -> list[int]:
    """Positions worth offering per worker: its capacity, but never more than the jobs
    that could go to it."""
    reachable = [0] * len(problem.workers)
    for workers in options.values():
        for worker in workers:
            reachable[worker] += 1
    return [min(w.capacity, reachable[i]) for i, w in enumerate(problem.workers)]


def _arcs(problem: Problem) -> tuple[list[int], list[tuple[int, int, int]], list[int]]:
    """(jobs with options, slot list as (job, worker, position) triples, slot base per
    worker) for the flow and the LP."""
    options = problem.options()
    slots = _slots(problem, options)
    base, offset = [], 0
    for count in slots:
        base.append(offset)
        offset += count
    triples = [
        (job, worker, position)
        for job in sorted(options)
        for worker in options[job]
        for position in range(1, slots[worker] + 1)
    ]
    return sorted(options), triples, base


def solve(problem: Problem) -> Solution:
    """The optimal plan, by min-cost flow (OR-Tools)."""
    import numpy as np
    from ortools.graph.python import min_cost_flow

    started = time.perf_counter()
    jobs, triples, base = _arcs(problem)
    n_slots = sum(_slots(problem, problem.options()))
    job_node = {job: 1 + i for i, job in enumerate(jobs)}
    first_slot = 1 + len(jobs)
    sink = first_slot + n_slots
    flow = min_cost_flow.SimpleMinCostFlow()
    tails: list[int] = []
    heads: list[int] = []
    costs: list[int] = []
    for job in jobs:  # source → job, and job → sink when left unassigned
        tails += [0, job_node[job]]
        heads += [job_node[job], sink]
        costs += [0, problem.unassigned_penalty]
    for job, worker, position in triples:
        tails.append(job_node[job])
        heads.append(first_slot + base[worker] + position - 1)
        costs.append(slot_cost(problem, job, worker, position))
    for slot in range(n_slots):
        tails.append(first_slot + slot)
        heads.append(sink)
        costs.append(0)
    if jobs:
        flow.add_arcs_with_capacity_and_unit_cost(
            np.array(tails, dtype=np.int32),
            np.array(heads, dtype=np.int32),
            np.ones(len(tails), dtype=np.int64),
            np.array(costs, dtype=np.int64),
        )
        flow.set_node_supply(0, len(jobs))
        flow.set_node_supply(sink, -len(jobs))
        status = flow.solve()
        if status != flow.OPTIMAL:
            raise RuntimeError(f"min-cost flow failed: {status}")
        flows = flow.flows(np.arange(2 * len(jobs), 2 * len(jobs) + len(triples)))
        chosen = {
            triples[i][0]: triples[i][1] for i in np.flatnonzero(np.asarray(flows) > 0).tolist()
        }
    else:
        chosen = {}
    plan = evaluate(problem, chosen)
    return Solution(
        plan=plan,
        seconds=time.perf_counter() - started,
        optimal=True,
        arcs=len(tails),
    )


def solve_greedy(problem: Problem) -> Plan:
    """What a dispatcher does by hand: the most urgent job first (earliest on-site
    target; jobs without one last), each to the worker that is cheapest for it now."""
    options = problem.options()
    used = [0] * len(problem.workers)
    chosen: dict[int, int] = {}

    def urgency(job: int) -> tuple[int, int, int]:
        due = problem.jobs[job].due
        return (1, 0, job) if due is None else (0, due, job)

    for job in sorted(options, key=urgency):
        best: tuple[int, int, int] | None = None
        for worker in options[job]:
            if used[worker] >= problem.workers[worker].capacity:
                continue
            key = (
                slot_cost(problem, job, worker, used[worker] + 1),
                problem.travel[job, worker],
                worker,
            )
            if best is None or key < best:
                best = key
        if best is not None:
            chosen[job] = best[2]
            used[best[2]] += 1
    return evaluate(problem, chosen)


def lp_bound(problem: Problem, *, time_limit_seconds: float = 60.0) -> tuple[float, float]:
    """A lower bound on every plan's objective: the LP relaxation of the position model,
    solved with GLOP. Returns (bound, seconds)."""
    from ortools.linear_solver import pywraplp

    started = time.perf_counter()
    jobs, triples, base = _arcs(problem)
    if not jobs:
        return 0.0, time.perf_counter() - started
    lp = pywraplp.Solver.CreateSolver("GLOP")
    if lp is None:  # pragma: no cover - GLOP ships with OR-Tools
        raise RuntimeError("GLOP is not available")
    lp.SetTimeLimit(int(time_limit_seconds * 1000))
    infinity = lp.infinity()
    job_rows = {job: lp.Constraint(1, 1) for job in jobs}
    slot_rows = [
        lp.Constraint(-infinity, 1) for _ in range(sum(_slots(problem, problem.options())))
    ]
    objective = lp.Objective()
    for job in jobs:
        unassigned = lp.NumVar(0, 1, "")
        job_rows[job].SetCoefficient(unassigned, 1)
        objective.SetCoefficient(unassigned, problem.unassigned_penalty)
    for job, worker, position in triples:
        x = lp.NumVar(0, 1, "")
        job_rows[job].SetCoefficient(x, 1)
        slot_rows[base[worker] + position - 1].SetCoefficient(x, 1)
        objective.SetCoefficient(x, slot_cost(problem, job, worker, position))
    objective.SetMinimization()
    status = lp.Solve()
    if status != pywraplp.Solver.OPTIMAL:
        raise RuntimeError(f"LP relaxation not solved to optimality: {status}")
    return objective.Value(), time.perf_counter() - started
