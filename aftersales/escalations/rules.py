"""Pure rules of the escalation job: which ladder steps to record (SLA-4) and which
compensation rules a breach earns (SLA-6)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol, TypeVar

LEVEL_RANK = {"warn": 1, "manager": 2, "director": 3}
TARGET_ORDER = {"respond": 0, "on_site": 1, "resolve": 2}
BREACH_LEVELS = frozenset({"manager", "director"})


class DueItem(Protocol):
    """What ``sla.selectors.escalation_due`` reports for each level reached."""

    @property
    def order_id(self) -> int: ...
    @property
    def target(self) -> str: ...
    @property
    def level(self) -> str: ...


T = TypeVar("T", bound=DueItem)


def levels_to_record(items: Iterable[T], recorded: Mapping[tuple[int, str], int]) -> list[T]:
    """Per order and target, the highest level reached, if it is above the highest
    already recorded (``recorded``: (order, target) → rank). A job that ran late and
    finds a target at 80 %, breached and breached twice over tells the director once
    and does not send the stale steps below; levels below one recorded never come back.
    """
    best: dict[tuple[int, str], T] = {}
    for item in items:
        key = (item.order_id, item.target)
        rank = LEVEL_RANK[item.level]
        if rank <= recorded.get(key, 0):
            continue
        if key not in best or rank > LEVEL_RANK[best[key].level]:
            best[key] = item
    return sorted(best.values(), key=lambda i: (i.order_id, TARGET_ORDER.get(i.target, 9)))


@dataclass(frozen=True)
class RuleFacts:
    id: int
    target: str  # "" = any
    customer_kind: str  # "" = any
    priority: str  # "" = any
    in_warranty_only: bool


@dataclass(frozen=True)
class BreachFacts:
    target: str
    customer_kind: str
    priority: str
    in_warranty: bool


def compensation_applies(rule: RuleFacts, breach: BreachFacts) -> bool:
    return (
        (not rule.target or rule.target == breach.target)
        and (not rule.customer_kind or rule.customer_kind == breach.customer_kind)
        and (not rule.priority or rule.priority == breach.priority)
        and (breach.in_warranty or not rule.in_warranty_only)
    )
