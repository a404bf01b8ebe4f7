"""A value a web process keeps for a few seconds (configuration rows read on every
request: SLA policies, webhook endpoints, the order tallies behind list counts).

``ProcessCache(load, ttl_setting)`` calls ``load()`` at most once per
``settings.<ttl_setting>`` seconds (0 = every time); ``forget()`` drops the copy, e.g.
when this process saves one of the rows. Other processes see a change within the TTL.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Generic, TypeVar

from django.conf import settings

T = TypeVar("T")


class ProcessCache(Generic[T]):
    def __init__(self, load: Callable[[], T], ttl_setting: str) -> None:
        self._load = load
        self._ttl_setting = ttl_setting
        self._lock = threading.Lock()
        self._cached: tuple[float, T] | None = None

    def get(self) -> T:
        ttl = getattr(settings, self._ttl_setting)
        if ttl <= 0:
            return self._load()
        now = time.monotonic()
        cached = self._cached
        if cached is not None and now - cached[0] < ttl:
            return cached[1]
        value = self._load()
        with self._lock:
            self._cached = (now, value)
        return value

    def forget(self) -> None:
        with self._lock:
            self._cached = None
