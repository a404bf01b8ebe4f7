from __future__ import annotations

import datetime as dt
import threading
import time
from dataclasses import dataclass

from django.conf import settings

from aftersales.sla.models import SlaPolicy
from aftersales.sla.rules import OrderFacts, PolicyMatch, deadline, policy_matches


@dataclass(frozen=True)
class SlaTargets:
    policy: SlaPolicy | None
    respond_by: dt.datetime | None
    on_site_by: dt.datetime | None
    resolve_by: dt.datetime | None


# The active policies are the same few rows on every intake, so each process keeps
# them for SLA_POLICY_CACHE_SECONDS (0 = read them every time). Saving a policy in this
# process clears the copy at once (signals in apps.py); other processes see the change
# within that many seconds (docs/subsystems/sla.md).
_cache_lock = threading.Lock()
_cached: tuple[float, list[tuple[PolicyMatch, SlaPolicy]]] | None = None


def forget_cached_policies() -> None:
    global _cached
    with _cache_lock:
        _cached = None


def _load_active_policies() -> list[tuple[PolicyMatch, SlaPolicy]]:
    return [
        (
            PolicyMatch(
                match_priority=policy.match_priority,
                match_customer_kind=policy.match_customer_kind,
                match_warranty=policy.match_warranty,
                match_region_path=policy.match_region.path if policy.match_region else None,
            ),
            policy,
        )
        for policy in SlaPolicy.objects.filter(active=True).select_related("match_region")
    ]


def active_policies() -> list[tuple[PolicyMatch, SlaPolicy]]:
    """The active policies in rank order, each with its match criteria."""
    global _cached
    ttl = settings.SLA_POLICY_CACHE_SECONDS
    if ttl <= 0:
        return _load_active_policies()
    now = time.monotonic()
    cached = _cached
    if cached is not None and now - cached[0] < ttl:
        return cached[1]
    policies = _load_active_policies()
    with _cache_lock:
        _cached = (now, policies)
    return policies


def sla_policy_for(*, facts: OrderFacts) -> SlaPolicy | None:
    """The first active policy, by rank, that matches the order (SLA-1)."""
    for match, policy in active_policies():
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
