"""Optional sampling profile of the gunicorn workers under load (``--py-spy``).

py-spy (``.venv/bin/pip install py-spy``; not a project dependency) samples every worker
while wrk runs; idle samples (waiting on a socket, on PostgreSQL) are left out, so the
shares below are shares of the workers' *CPU* time. ``summarise`` folds the raw stacks
into the frames that matter: where the time goes by package and by function.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

from bench.common import VENV_BIN

FRAME = re.compile(r"^(?P<func>.*?) \((?P<file>[^:()]+)(?::\d+)?\)$")
PACKAGES = (
    ("aftersales", "/aftersales/"),
    ("config", "/config/"),
    ("ninja", "/ninja/"),
    ("pydantic", "/pydantic"),
    ("django.db", "/django/db/"),
    ("django (other)", "/django/"),
    ("psycopg", "/psycopg"),
    ("gunicorn", "/gunicorn/"),
    ("json/stdlib", "/lib/python3"),
)


def available() -> str | None:
    found = VENV_BIN / "py-spy"
    return str(found) if found.exists() else shutil.which("py-spy")


def start(pid: int, duration: int, output: Path) -> subprocess.Popen[bytes] | None:
    binary = available()
    if binary is None:
        return None
    return subprocess.Popen(
        [
            binary,
            "record",
            "--pid",
            str(pid),
            "--subprocesses",
            "--nonblocking",
            "--duration",
            str(duration),
            "--rate",
            "200",
            "--format",
            "raw",
            "--output",
            str(output),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _package(path: str) -> str:
    for name, marker in PACKAGES:
        if marker in path:
            return name
    return "other"


def summarise(raw: Path, top: int = 25) -> str:
    """Self time by package; inclusive time of the busiest functions (app and libs)."""
    if not raw.exists():
        return "(no py-spy output)"
    total = 0
    self_pkg: Counter[str] = Counter()
    inclusive: Counter[str] = Counter()
    for line in raw.read_text().splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not stack or not count_text.isdigit():
            continue
        count = int(count_text)
        total += count
        frames = [f for f in stack.split(";") if f.strip()]
        seen = set()
        for frame in frames:
            match = FRAME.match(frame.strip())
            if not match:
                continue
            file = match["file"]
            if "/gunicorn/" in file or "/wsgi" in file:
                continue  # the server loop wraps everything
            key = f"{match['func']} ({_shorten(file)})"
            if key not in seen:
                seen.add(key)
                inclusive[key] += count
        leaf = FRAME.match(frames[-1].strip()) if frames else None
        self_pkg[_package(leaf["file"]) if leaf else "other"] += count
    if not total:
        return "(no samples)"
    lines = [f"{total} samples; self time by package:"]
    lines += [f"  {n / total:6.1%}  {name}" for name, n in self_pkg.most_common()]
    lines.append("inclusive time of the busiest functions:")
    lines += [f"  {n / total:6.1%}  {name}" for name, n in inclusive.most_common(top)]
    return "\n".join(lines)


def _shorten(path: str) -> str:
    for marker in ("/site-packages/", "/work/main/", "/lib/python3.11/"):
        if marker in path:
            return path.split(marker, 1)[1]
    return path
