"""CPU used by *other* work on the machine while the benchmark measures.

The benchmark shares its 2 cores with whatever else runs (test suites of other sessions,
…). ``OtherLoad`` samples every process's CPU time from /proc and counts what was used
by processes that are not the benchmark's: not this process or its descendants (gunicorn
and its workers, wrk) and not PostgreSQL backends of the bench database. ``wait_quiet``
holds a run back until the others are nearly idle, so figures are comparable.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from bench.common import DB_NAME

HZ = os.sysconf("SC_CLK_TCK")


def _snapshot() -> dict[int, tuple[int, int, str]]:
    """pid → (parent pid, CPU ticks, command line) for every process."""
    out = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        # after "pid (comm)": state ppid … utime(12) stime(13)
        out[int(entry.name)] = (int(fields[1]), int(fields[11]) + int(fields[12]), cmdline)
    return out


def _ours(snapshot: dict[int, tuple[int, int, str]]) -> set[int]:
    me = os.getpid()
    ours = {me}
    changed = True
    while changed:  # descendants of this process
        changed = False
        for pid, (ppid, _, _) in snapshot.items():
            if ppid in ours and pid not in ours:
                ours.add(pid)
                changed = True
    ours |= {pid for pid, (_, _, cmd) in snapshot.items() if f" {DB_NAME} " in cmd}
    return ours


class OtherLoad:
    """Measure from construction to ``cores_used()``: CPU of other processes, in cores."""

    def __init__(self) -> None:
        self.started = time.monotonic()
        self.before = _snapshot()

    def cores_used(self) -> float:
        after = _snapshot()
        elapsed = time.monotonic() - self.started
        ours = _ours(after) | _ours(self.before)
        ticks = 0
        for pid, (_, cpu, _) in after.items():
            if pid in ours:
                continue
            previous = self.before.get(pid)
            ticks += cpu - (previous[1] if previous else 0)
        return ticks / HZ / elapsed if elapsed > 0 else 0.0


def wait_quiet(*, threshold: float = 0.15, timeout: float = 300.0) -> float:
    """Wait until other processes use less than ``threshold`` of a core over 2 s (at most
    ``timeout`` s); returns the last measured figure."""
    deadline = time.monotonic() + timeout
    announced = False
    while True:
        probe = OtherLoad()
        time.sleep(2)
        used = probe.cores_used()
        if used < threshold or time.monotonic() > deadline:
            return used
        if not announced:
            print(f"  waiting for other work to finish ({used:.2f} cores busy) …", flush=True)
            announced = True
