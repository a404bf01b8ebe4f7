from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from aftersales.sla.models import SlaPolicy
from aftersales.sla.rules import OrderFacts, PolicyMatch, deadline, policy_matches


@dataclass(frozen=True)
class SlaTargets:
    policy: SlaPolicy | None
    respond_by: dt.datetime | None
    on_site_by: dt.datetime | None
    resolve_by: dt.datetime | None


def sla_policy_for(*, facts: OrderFacts) -> SlaPolicy | None:
    """The first active policy, by rank, that matches the order (SLA-1)."""
    for policy in SlaPolicy.objects.filter(active=True).select_related("match_region"):
        match = PolicyMatch(
            match_priority=policy.match_priority,
            match_customer_kind=policy.match_customer_kind,
            match_warranty=policy.match_warranty,
            match_region_path=policy.match_region.path if policy.match_region else None,
        )
        if policy_matches(match, facts):
            return policy
    return None


def sla_targets_for(*, facts: OrderFacts, reported_at: dt.datetime) -> SlaTargets:
    policy = sla_policy_for(facts=facts)
    if policy is None:
        return SlaTargets(None, None, None, None)
    return SlaTargets(
        policy=policy,
        respond_by=deadline(reported_at, policy.respond_minutes, policy.respond_clock),
        on_site_by=deadline(reported_at, policy.on_site_minutes, policy.on_site_clock),
        resolve_by=deadline(reported_at, policy.resolve_minutes, policy.resolve_clock),
    )
