"""A fixed-window rate limit per client address, kept in Django's cache (PORTAL-1).

Each address may make ``PUBLIC_LOOKUP_RATE_LIMIT`` lookups per window of
``PUBLIC_LOOKUP_RATE_WINDOW`` seconds (0 turns the limit off). The counter is one
cache key per address and window, bumped atomically with ``incr``; with the default
in-process cache each web process counts alone, so deployments with several processes
set ``REDIS_URL`` to share the count.

Behind a proxy (``BEHIND_PROXY=1``) the client is the ``PROXY_HOPS``-th address from
the right of ``X-Forwarded-For``: each proxy appends the address it saw, so the
right-hand entries are the ones our own proxies wrote, and anything left of them may
be forged by the client. IPv6 clients are counted per /64, the block one subscriber
usually holds.
"""

from __future__ import annotations

import ipaddress
import math
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    address = request.META.get("REMOTE_ADDR", "")
    if settings.BEHIND_PROXY:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if forwarded:
            hops = max(1, settings.PROXY_HOPS)
            address = forwarded[-hops] if len(forwarded) >= hops else forwarded[0]
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address or "unknown"
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network(f"{ip}/64", strict=False))
    return str(ip)


def throttle(*, request: HttpRequest, scope: str) -> int | None:
    """Count one request; the seconds until the window ends when over the limit."""
    limit: int = settings.PUBLIC_LOOKUP_RATE_LIMIT
    window: int = max(1, settings.PUBLIC_LOOKUP_RATE_WINDOW)
    if limit <= 0:
        return None
    now = time.time()
    start = int(now // window) * window
    key = f"ratelimit:{scope}:{client_address(request)}:{start}"
    cache.add(key, 0, timeout=window + 5)
    try:
        count = cache.incr(key)
    except ValueError:  # the key expired between add and incr
        cache.set(key, 1, timeout=window + 5)
        count = 1
    if count > limit:
        return max(1, math.ceil(start + window - now))
    return None
