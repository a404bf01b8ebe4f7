"""The escalation job's pure rules: which ladder steps to record, which compensation
rules a breach matches."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aftersales.escalations.rules import (
    LEVEL_RANK,
    BreachFacts,
    RuleFacts,
    compensation_applies,
    levels_to_record,
)


@dataclass(frozen=True)
class Item:
    order_id: int
    target: str
    level: str


def keys(items):
    return [(i.order_id, i.target, i.level) for i in items]


@pytest.mark.parametrize(
    ("levels", "recorded", "expected"),
    [
        (["warn"], 0, ["warn"]),
        (["warn", "manager"], 0, ["manager"]),
        (["warn", "manager", "director"], 0, ["director"]),
        (["warn", "manager"], 1, ["manager"]),
        (["warn", "manager"], 2, []),
        (["warn"], 2, []),  # a level below one recorded never comes back
        (["warn", "manager", "director"], 3, []),
        ([], 0, []),
    ],
)
def test_only_the_highest_new_step_per_target_is_recorded(levels, recorded, expected):
    items = [Item(1, "respond", level) for level in levels]
    done = {(1, "respond"): recorded} if recorded else {}
    assert [i.level for i in levels_to_record(items, done)] == expected


def test_targets_and_orders_are_independent():
    items = [
        Item(2, "resolve", "warn"),
        Item(1, "on_site", "manager"),
        Item(1, "respond", "director"),
        Item(1, "on_site", "warn"),
    ]
    assert keys(levels_to_record(items, {(1, "respond"): 3})) == [
        (1, "on_site", "manager"),
        (2, "resolve", "warn"),
    ]


item_lists = st.lists(
    st.builds(
        Item,
        order_id=st.integers(1, 3),
        target=st.sampled_from(["respond", "on_site", "resolve"]),
        level=st.sampled_from(["warn", "manager", "director"]),
    ),
    max_size=12,
)


@given(first=item_lists, second=item_lists)
def test_recording_is_idempotent_and_never_steps_down(first, second):
    recorded: dict[tuple[int, str], int] = {}
    for item in levels_to_record(first, recorded):
        recorded[(item.order_id, item.target)] = LEVEL_RANK[item.level]
    assert levels_to_record(first, recorded) == []  # the same run again: nothing
    for item in levels_to_record(second, recorded):
        assert LEVEL_RANK[item.level] > recorded.get((item.order_id, item.target), 0)
    # one step per order and target at most
    chosen = keys(levels_to_record(second, recorded))
    assert len({(o, t) for o, t, _ in chosen}) == len(chosen)


BREACH = BreachFacts(target="respond", customer_kind="project", priority="high", in_warranty=True)


@pytest.mark.parametrize(
    ("rule", "breach", "applies"),
    [
        (RuleFacts(1, "", "", "", False), BREACH, True),
        (RuleFacts(1, "respond", "", "", False), BREACH, True),
        (RuleFacts(1, "on_site", "", "", False), BREACH, False),
        (RuleFacts(1, "", "project", "", False), BREACH, True),
        (RuleFacts(1, "", "consumer", "", False), BREACH, False),
        (RuleFacts(1, "", "", "high", False), BREACH, True),
        (RuleFacts(1, "", "", "urgent", False), BREACH, False),
        (RuleFacts(1, "", "", "", True), BREACH, True),
        (
            RuleFacts(1, "", "", "", True),
            BreachFacts("respond", "project", "high", in_warranty=False),
            False,
        ),
    ],
)
def test_compensation_rules_match_by_target_customer_kind_priority_and_warranty(
    rule, breach, applies
):
    assert compensation_applies(rule, breach) is applies
