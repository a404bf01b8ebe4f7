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
import sys
from collections import Counter
from pathlib import Path

VENV_BIN = Path(sys.executable).parent

FRAME = re.compile(r"^(?P<func>.*?) \((?P<file>[^:()]+)(?::\d+)?\)$")
# py-spy names files relative to their sys.path entry: "django/db/models/query.py".
PACKAGES = (
    ("aftersales", "aftersales/"),
    ("config", "config/"),
    ("ninja", "ninja/"),
    ("pydantic", "pydantic"),
    ("django.db", "django/db/"),
    ("django (other)", "django/"),
    ("psycopg", "psycopg"),
    ("middleware libs", "whitenoise/"),
    ("middleware libs", "axes/"),
    ("middleware libs", "django_htmx/"),
    ("gunicorn", "gunicorn"),
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


def _under(path: str, marker: str) -> bool:
    return path.startswith(marker) or f"/{marker}" in path


def _package(path: str) -> str:
    for name, marker in PACKAGES:
        if _under(path, marker):
            return name
    return "stdlib/other"


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
            if _under(file, "gunicorn") or "handlers/" in file or "deprecation.py" in file:
                continue  # the server loop and middleware chain wrap everything
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


if __name__ == "__main__":
    for name in sys.argv[1:]:
        print(f"== {name}\n{summarise(Path(name), top=40)}\n")
