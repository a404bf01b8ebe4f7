"""The batch-dispatch solver (DSP-4): optimal against brute force, never worse than the
greedy plan, never below the LP bound, and within every capacity."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aftersales.dispatch.solver import (
    Job,
    Problem,
    Worker,
    evaluate,
    lp_bound,
    slot_cost,
    solve,
    solve_greedy,
)


def brute_force(problem: Problem) -> int:
    """The best objective over every assignment (tiny instances only)."""
    options = problem.options()
    jobs = sorted(options)
    best = None
    for choice in itertools.product(*[[None, *options[j]] for j in jobs]):
        assignment = {j: w for j, w in zip(jobs, choice, strict=True) if w is not None}
        try:
            cost = evaluate(problem, assignment).objective
        except ValueError:  # over capacity
            continue
        best = cost if best is None else min(best, cost)
    return best if best is not None else 0


@st.composite
def problems(draw, max_jobs=5, max_workers=3):
    n_jobs = draw(st.integers(min_value=0, max_value=max_jobs))
    n_workers = draw(st.integers(min_value=1, max_value=max_workers))
    jobs = [
        Job(due=draw(st.one_of(st.none(), st.integers(min_value=-60, max_value=600))))
        for _ in range(n_jobs)
    ]
    workers = [
        Worker(
            capacity=draw(st.integers(min_value=0, max_value=3)),
            busy=draw(st.integers(min_value=0, max_value=360)),
        )
        for _ in range(n_workers)
    ]
    travel = {
        (j, w): draw(st.integers(min_value=0, max_value=240))
        for j in range(n_jobs)
        for w in range(n_workers)
        if draw(st.booleans())
    }
    return Problem(
        jobs=jobs,
        workers=workers,
        travel=travel,
        service_minutes=draw(st.sampled_from([30, 60, 120])),
        unassigned_penalty=draw(st.sampled_from([500, 100_000])),
    )


@settings(max_examples=150, deadline=None)
@given(problem=problems())
def test_the_flow_is_optimal_and_the_bound_holds(problem):
    solution = solve(problem)
    plan = solution.plan
    assert plan.objective == brute_force(problem)
    assert plan.objective <= solve_greedy(problem).objective
    bound, _seconds = lp_bound(problem)
    assert bound <= plan.objective + 1e-6
    assert bound == pytest.approx(plan.objective, abs=1e-6)  # the LP is integral


@settings(max_examples=100, deadline=None)
@given(problem=problems(max_jobs=12, max_workers=5))
def test_plans_respect_capacity_and_feasibility_and_account_for_every_job(problem):
    for plan in (solve(problem).plan, solve_greedy(problem)):
        per_worker: dict[int, int] = {}
        for job, worker in plan.assignment.items():
            assert (job, worker) in problem.travel
            per_worker[worker] = per_worker.get(worker, 0) + 1
        assert all(n <= problem.workers[w].capacity for w, n in per_worker.items())
        accounted = set(plan.assignment) | set(plan.unassigned) | set(plan.no_candidate)
        assert accounted == set(range(len(problem.jobs)))
        assert len(accounted) == len(plan.assignment) + len(plan.unassigned) + len(
            plan.no_candidate
        )
        positions = sorted(
            (w, plan.position[j]) for j, w in plan.assignment.items()
        )  # each worker's positions are 1..n without gaps
        for worker in per_worker:
            mine = [p for w, p in positions if w == worker]
            assert mine == list(range(1, len(mine) + 1))


@settings(max_examples=100, deadline=None)
@given(problem=problems(max_jobs=12, max_workers=5))
def test_with_room_for_everyone_nobody_with_a_candidate_is_left_over(problem):
    roomy = Problem(
        jobs=problem.jobs,
        workers=[Worker(capacity=len(problem.jobs), busy=w.busy) for w in problem.workers],
        travel=problem.travel,
        service_minutes=problem.service_minutes,
    )
    assert solve(roomy).plan.unassigned == ()


def test_the_greedy_plan_can_be_beaten():
    """The urgent job takes the engineer next door, and the other job then has only a far
    one; the optimum sends the urgent job's second-best engineer instead."""
    problem = Problem(
        jobs=[Job(due=60), Job(due=600)],
        workers=[Worker(capacity=1), Worker(capacity=1)],
        travel={(0, 0): 10, (0, 1): 20, (1, 0): 10, (1, 1): 200},
    )
    greedy = solve_greedy(problem)
    best = solve(problem).plan
    assert greedy.assignment == {0: 0, 1: 1}
    assert greedy.objective == 10 + 200
    assert best.assignment == {0: 1, 1: 0}
    assert best.objective == 20 + 10


def test_lateness_grows_with_the_position_in_the_queue():
    problem = Problem(
        jobs=[Job(due=100), Job(due=100)],
        workers=[Worker(capacity=2, busy=30)],
        travel={(0, 0): 20, (1, 0): 20},
        service_minutes=120,
    )
    assert slot_cost(problem, 0, 0, 1) == 20  # arrives at 50: on time
    assert slot_cost(problem, 0, 0, 2) == 2 * 70 + 20  # arrives at 170: 70 late
    plan = solve(problem).plan
    assert plan.objective == 20 + 160
    assert (plan.late_minutes, plan.travel_minutes) == (70, 40)


def test_an_empty_problem_has_nothing_to_do():
    problem = Problem(jobs=[Job(due=10)], workers=[Worker(capacity=3)], travel={})
    plan = solve(problem).plan
    assert (plan.assignment, plan.unassigned, plan.no_candidate, plan.objective) == (
        {},
        (),
        (0,),
        0,
    )
    assert lp_bound(problem)[0] == 0


def test_evaluate_refuses_infeasible_pairs_and_overfull_workers():
    problem = Problem(
        jobs=[Job(due=None), Job(due=None)],
        workers=[Worker(capacity=1)],
        travel={(0, 0): 5, (1, 0): 5},
    )
    with pytest.raises(ValueError, match="over capacity"):
        evaluate(problem, {0: 0, 1: 0})
    with pytest.raises(ValueError, match="cannot go"):
        evaluate(problem, {0: 1})
