"""INV-3 under concurrency: 16 takers race for the last 5 parts — exactly 5 succeed,
the others get ``InsufficientStock`` (409), the balance ends at 0 and equals its
ledger. On PostgreSQL the threads share the test database (row locks); on SQLite the
embedded default's own setup is used — a database file in WAL mode with IMMEDIATE
transactions — in a child process, because the test database is in memory there.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.db import connection, connections

from aftersales.accounts.models import User
from aftersales.core.exceptions import InsufficientStock
from aftersales.inventory.checks import ledger_mismatches
from aftersales.inventory.models import Stock, StockMove
from aftersales.inventory.services import stock_move_create

TAKERS, PARTS = 16, 5
ROOT = Path(__file__).resolve().parents[3]


def race(actor_id: int, warehouse_id: int, part_id: int) -> tuple[int, int, list[str]]:
    """Run TAKERS threads that each issue one part at the same moment; returns
    (succeeded, refused, unexpected errors)."""
    barrier = threading.Barrier(TAKERS)
    outcomes: list[str] = []
    lock = threading.Lock()

    def take() -> None:
        try:
            actor = User.objects.get(pk=actor_id)
            barrier.wait(timeout=30)
            stock_move_create(
                actor=actor,
                kind="scrap",
                part_id=part_id,
                quantity=1,
                from_warehouse_id=warehouse_id,
                reason="race",
            )
            outcome = "ok"
        except InsufficientStock:
            outcome = "refused"
        except Exception as exc:  # reported below
            outcome = f"error: {exc!r}"
        finally:
            connections.close_all()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=take) for _ in range(TAKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    errors = [o for o in outcomes if o.startswith("error")]
    return outcomes.count("ok"), outcomes.count("refused"), errors


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="threads share PostgreSQL")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_sixteen_takers_of_five_parts_on_postgresql(keeper, shanghai_wh, part, stock_up):
    stock_up(shanghai_wh, part, PARTS)
    ok, refused, errors = race(keeper.pk, shanghai_wh.pk, part.pk)
    assert errors == []
    assert (ok, refused) == (PARTS, TAKERS - PARTS)
    stock = Stock.objects.get(warehouse=shanghai_wh, part=part)
    assert (stock.on_hand, stock.reserved) == (0, 0)
    assert StockMove.objects.filter(kind="scrap", part=part).count() == PARTS
    assert ledger_mismatches() == []


SCRIPT = """
import json, os, django
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from decimal import Decimal
from django.db import transaction
from django.utils import timezone
from aftersales.accounts.services import staff_create
from aftersales.catalog.services import part_create
from aftersales.inventory.checks import ledger_mismatches
from aftersales.inventory.ledger import post_move
from aftersales.inventory.models import Stock
from aftersales.inventory.services import warehouse_create
from aftersales.inventory.tests.test_concurrency import PARTS, race
from aftersales.organisation.services import region_create

region = region_create(code="sh", name="上海")
boss = staff_create(username="boss", name="boss", roles=["admin"], password="x-Passw0rd!")
keeper = staff_create(
    username="keeper", name="keeper", roles=["warehouse"], region=region, password="x-Passw0rd!"
)
wh = warehouse_create(
    actor=boss, code="sh", name="上海区域仓", kind="regional", region_id=region.pk
)
part = part_create(sku="P-1", name="电源板", warranty_class="main", price=Decimal("10.00"))
with transaction.atomic():
    post_move(kind="receipt", part_id=part.pk, part_name=part.name, quantity=PARTS,
              actor=boss, at=timezone.now(), to_warehouse_id=wh.pk)
ok, refused, errors = race(keeper.pk, wh.pk, part.pk)
stock = Stock.objects.get(warehouse=wh, part=part)
print(json.dumps({"ok": ok, "refused": refused, "errors": errors, "on_hand": stock.on_hand,
                  "reserved": stock.reserved, "mismatches": len(ledger_mismatches())}))
"""


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite default's own test")
def test_sixteen_takers_of_five_parts_on_sqlite(tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'race.sqlite3'}",
        "PYTHONPATH": str(ROOT),
    }
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result == {
        "ok": PARTS,
        "refused": TAKERS - PARTS,
        "errors": [],
        "on_hand": 0,
        "reserved": 0,
        "mismatches": 0,
    }
