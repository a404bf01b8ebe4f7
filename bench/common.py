"""Shared settings and small helpers of the intake benchmark.

Everything here is about *where* the benchmark runs: the repository, the dedicated
PostgreSQL database ``aftersales_bench`` (created and dropped by the benchmark, never any
other database) and the environment handed to Django and gunicorn.
"""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

REPO = Path(__file__).resolve().parent.parent
BENCH_DIR = REPO / "bench"
RESULTS_DIR = BENCH_DIR / "results"
VENV_BIN = Path(sys.executable).parent

PG_HOST = "127.0.0.1"
PG_PORT = 5432
PG_USER = "postgres"
DB_NAME = "aftersales_bench"
DATABASE_URL = f"postgres://{PG_USER}@{PG_HOST}:{PG_PORT}/{DB_NAME}"
PG_CONNINFO = f"host={PG_HOST} port={PG_PORT} user={PG_USER} dbname={DB_NAME}"
ADMIN_CONNINFO = f"host={PG_HOST} port={PG_PORT} user={PG_USER} dbname=postgres"

# Credentials of the staff the benchmark creates in its own database.
PASSWORD = "Bench-Intake-2026!"
AGENT = "bench_agent"
ADMIN = "bench_admin"

# The bench's own VAR_DIR: the Huey queue file and static files stay out of var/.
VAR_DIR = Path(os.environ.get("BENCH_VAR_DIR", "/tmp/aftersales-bench-var"))


def app_env(**extra: str) -> dict[str, str]:
    """Environment for Django in this process, ``manage.py`` and gunicorn."""
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": DATABASE_URL,
            "DEBUG": "0",
            "LOG_LEVEL": "WARNING",
            "VAR_DIR": str(VAR_DIR),
        }
    )
    env.update(extra)
    return env


def setup_django() -> None:
    """Point this process's Django at the bench database and set it up."""
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    os.environ.update(app_env())
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    import django

    django.setup()


# The app's connection settings (config/settings.py): statements prepared after 5 runs
# and planned generically, so that raw replays see the plans the app gets.
APP_PLAN_CACHE_MODE = os.environ.get("DB_PLAN_CACHE_MODE", "force_generic_plan")


def connect(*, autocommit: bool = True) -> psycopg.Connection:
    return psycopg.connect(
        PG_CONNINFO,
        autocommit=autocommit,
        prepare_threshold=5,
        options=f"-c plan_cache_mode={APP_PLAN_CACHE_MODE}",
    )


def database_exists() -> bool:
    with psycopg.connect(ADMIN_CONNINFO, autocommit=True) as conn:
        row = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DB_NAME]).fetchone()
    return row is not None


def recreate_database() -> None:
    """Drop and create ``aftersales_bench`` (only that database)."""
    with psycopg.connect(ADMIN_CONNINFO, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DB_NAME}"')


def migrate() -> None:
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
        cwd=REPO,
        env=app_env(),
        check=True,
    )


def meta_get(key: str) -> str | None:
    """The benchmark's own bookkeeping (how many orders were bulk-loaded, …)."""
    with connect() as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS bench_meta (key text PRIMARY KEY, value text)")
        row = conn.execute("SELECT value FROM bench_meta WHERE key = %s", [key]).fetchone()
    return row[0] if row else None


def meta_set(key: str, value: str) -> None:
    with connect() as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS bench_meta (key text PRIMARY KEY, value text)")
        conn.execute(
            "INSERT INTO bench_meta VALUES (%s, %s) "
            "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
            [key, value],
        )


def _run(cmd: list[str]) -> str:
    try:
        out = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, check=False)
    except OSError:
        return ""
    return (out.stdout or out.stderr).strip()


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "?"


def _mem_total_gib() -> float:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    return 0.0


def code_fingerprint() -> str:
    """HEAD plus a hash of the uncommitted changes to the app (others edit concurrently)."""
    import hashlib

    head = _run(["git", "rev-parse", "--short", "HEAD"])
    diff = _run(["git", "diff", "HEAD", "--", "aftersales", "config"])
    return f"{head}+{hashlib.sha1(diff.encode()).hexdigest()[:8]}" if diff else head


@dataclass
class MachineFacts:
    facts: dict[str, str] = field(default_factory=dict)

    @classmethod
    def collect(cls) -> MachineFacts:
        import django
        import gunicorn

        with connect() as conn:
            pg_version = conn.execute("SHOW server_version").fetchone()[0]  # type: ignore[index]
            pg_settings = {
                name: conn.execute(f"SHOW {name}").fetchone()[0]  # type: ignore[index]
                for name in ("shared_buffers", "work_mem", "synchronous_commit", "jit")
            }
            orders = conn.execute("SELECT count(*) FROM service_orders_serviceorder").fetchone()[0]  # type: ignore[index]
        wrk = shutil.which("wrk")
        return cls(
            {
                "cpu": f"{os.cpu_count()} × {_cpu_model()} (nproc {_run(['nproc'])})",
                "memory": f"{_mem_total_gib():.1f} GiB",
                "os": platform.platform(),
                "postgresql": f"{pg_version} ("
                + ", ".join(f"{k}={v}" for k, v in pg_settings.items())
                + ")",
                "python": platform.python_version(),
                "django": django.get_version(),
                "gunicorn": gunicorn.__version__,
                "load tool": _run([wrk, "--version"]).splitlines()[0] if wrk else "python",
                "orders in table": f"{orders:,}",
                "code": f"{code_fingerprint()} (HEAD+hash of uncommitted app changes)",
            }
        )
