"""A replay clock for the demo: history is played through the real services at the
moments it "happened", so timelines, step times, order numbers and SLA states are the
ones the services themselves write.

The services read the time only through ``django.utils.timezone.now`` (ruff ``DTZ``
forbids the naive alternatives), so patching that one function moves every clock the
services consult, including ``auto_now`` fields and ``timezone.localdate()``. The
replayed time never passes the real present: nothing is written "in the future".
Use only in the demo command and its tests, never in request handling.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from unittest import mock

from django.utils import timezone

_real_now = timezone.now


class ReplayClock:
    def __init__(self) -> None:
        self._at: dt.datetime | None = None

    def set(self, moment: dt.datetime) -> None:
        real = _real_now()
        if moment > real:
            raise ValueError(f"cannot replay a future moment {moment.isoformat()}")
        self._at = moment

    def now(self) -> dt.datetime:
        return self._at if self._at is not None else _real_now()


@contextmanager
def replay_clock() -> Iterator[ReplayClock]:
    clock = ReplayClock()
    with mock.patch("django.utils.timezone.now", clock.now):
        yield clock
