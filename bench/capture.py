"""The app in-process, one request at a time, through Django's test client (the full
middleware stack, no HTTP): which SQL statements each request runs, how long a request
takes without any concurrency, and optionally a cProfile of it.

The statements are recorded with ``connection.execute_wrapper`` exactly as sent
(SQL and parameters), so ``bench/rawsql.py`` can replay the list queries verbatim and
``EXPLAIN`` them; the count per request is the "N queries per request" figure.
"""

from __future__ import annotations

import cProfile
import io
import pstats
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

# Statements that only authenticate the caller (token → user, user → roles).
AUTH_TABLES = ("accounts_apitoken", "accounts_user_roles", "django_session", "axes_")


@dataclass
class Statement:
    sql: str
    params: tuple[Any, ...]

    @property
    def is_auth(self) -> bool:
        return any(t in self.sql for t in AUTH_TABLES)

    @property
    def verb(self) -> str:
        return self.sql.lstrip().split(None, 1)[0].upper()

    @property
    def label(self) -> str:
        """``SELECT service_orders_serviceorder``: the verb and the first table."""
        match = re.search(r'(?:FROM|INTO|UPDATE)\s+"?(\w+)', self.sql)
        return f"{self.verb} {match.group(1) if match else '?'}"

    def short(self, width: int = 110) -> str:
        text = " ".join(self.sql.split())
        return text if len(text) <= width else text[: width - 1] + "…"


@dataclass
class InProcess:
    """One scenario run serially in-process."""

    statements: list[Statement]  # of the first request
    requests: int
    mean_ms: float
    statuses: set[int] = field(default_factory=set)
    profile: str = ""


@contextmanager
def recording(into: list[Statement]) -> Iterator[None]:
    from django.db import connection

    def wrapper(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any):
        into.append(Statement(sql, tuple(params or ())))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield


def client_for(token: str) -> Any:
    from django.test import Client

    return Client(headers={"authorization": f"Bearer {token}"})


def run_in_process(
    send: Callable[[int], Any], *, requests: int = 100, profile: bool = False
) -> InProcess:
    """``send(i)`` makes the i-th request and returns the response."""
    send(-1)  # a first request fills per-process caches (token → user, …)
    first: list[Statement] = []
    with recording(first):
        statuses = {send(0).status_code}
    for i in range(1, 4):  # warm caches before timing
        send(i)
    started = time.perf_counter()
    for i in range(requests):
        statuses.add(send(4 + i).status_code)
    elapsed = time.perf_counter() - started
    text = ""
    if profile:  # a second pass: the profiler slows every call down
        profiler = cProfile.Profile()
        profiler.enable()
        for i in range(requests):
            send(4 + requests + i)
        profiler.disable()
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        stats.sort_stats("cumulative").print_stats(40)
        stats.sort_stats("tottime").print_stats(25)
        text = out.getvalue()
    return InProcess(first, requests, elapsed / requests * 1000, statuses, text)
