"""Console fixtures: a signed-in test client per user."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone
from PIL import Image

from aftersales.catalog.services import part_create
from aftersales.charges.services import price_list_create
from aftersales.service_orders.models import ServiceOrder
from aftersales.service_orders.services import service_order_transition
from aftersales.service_orders.tests.helpers import PATHS, payload_for

HTMX = {"HX-Request": "true"}


@pytest.fixture
def client_as():
    """``client_as(user)`` → a Django test client signed in as ``user``."""

    def make(user) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make


@pytest.fixture
def shanghai_order(regions, make_customer, make_unit, make_order):
    customer = make_customer(region=regions["shanghai"])
    unit = make_unit(customer)
    return make_order(customer, unit)


@pytest.fixture
def beijing_order(regions, make_customer, make_unit, make_order):
    customer = make_customer(region=regions["beijing"])
    unit = make_unit(customer)
    return make_order(customer, unit)


# --- warranty, quote and unit pages ---------------------------------------------------

D = Decimal


def days_ago(n: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=n)


def image_bytes(fmt: str = "JPEG", size: tuple[int, int] = (40, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (20, 120, 200)).save(buffer, format=fmt)
    return buffer.getvalue()


def stored_files(root: Path) -> list[str]:
    if not root.exists():
        return []
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path) -> Path:
    """Uploads go to a fresh directory per test, never to var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def english(client_as):
    """``english(user)`` → a client signed in as ``user`` that reads the console in English."""

    def make(user) -> Client:
        client = client_as(user)
        client.cookies["django_language"] = "en"
        return client

    return make


@pytest.fixture
def shanghai_engineer(make_staff, regions):
    return make_staff("engineer", region=regions["shanghai"])


@pytest.fixture
def drive(make_staff, shanghai_engineer):
    """``drive(order, status)``: move an order there through the real service (the
    ``shanghai_engineer`` is the one assigned)."""
    boss = make_staff("admin")

    def go(order: ServiceOrder, status: str) -> ServiceOrder:
        for action in PATHS[status]:
            service_order_transition(
                actor=boss,
                order_id=order.pk,
                action=action,
                payload=payload_for(action, engineer_id=shanghai_engineer.pk),
            )
        order.refresh_from_db()
        return order

    return go


@pytest.fixture
def price_list(db):
    return price_list_create(
        name="标准价目表",
        valid_from=days_ago(365),
        hourly_rate=D("120.00"),
        labour_rates=[(1, "简单故障", D("80.00")), (2, "一般故障", D("150.00"))],
        travel_bands=[(D("0"), D("30"), D("30.00")), (D("30"), None, D("100.00"))],
    )


@pytest.fixture
def board(product_model):
    return part_create(
        sku="PWR-BOARD",
        name="电源板",
        warranty_class="main",
        price=D("420.00"),
        fits=[product_model],
    )


@pytest.fixture
def old_order(regions, make_customer, make_unit, make_order):
    """An order for a unit bought 800 days ago: out of warranty, so quotes charge."""
    customer = make_customer(region=regions["shanghai"])
    unit = make_unit(customer, purchase_date=days_ago(800), invoice_date=days_ago(800))
    return make_order(customer, unit)
