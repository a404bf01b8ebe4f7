"""Fixtures for the certificate tests: staff of 上海 and 北京 and a second product line."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from aftersales.accounts.models import User
from aftersales.catalog.models import ProductLine
from aftersales.catalog.services import product_line_create
from aftersales.training.models import Certificate


def days_from_today(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


@pytest.fixture
def admin(make_staff) -> User:
    return make_staff("admin")


@pytest.fixture
def engineer(make_staff, regions, product_line) -> User:
    return make_staff("engineer", region=regions["shanghai"], skills=[product_line])


@pytest.fixture
def beijing_engineer(make_staff, regions, product_line) -> User:
    return make_staff("engineer", region=regions["beijing"], skills=[product_line])


@pytest.fixture
def east_manager(make_staff, regions) -> User:
    return make_staff("manager", region=regions["east"])


@pytest.fixture
def display_line(db) -> ProductLine:
    return product_line_create(
        code="display",
        name="显示屏",
        warranty_months=12,
        accessory_warranty_months=6,
        three_guarantees_months=12,
        depreciation_rate_per_day=Decimal("0.001"),
    )


@pytest.fixture
def expired_certificate(engineer, product_line) -> Certificate:
    """A certificate that has since expired. The service refuses to record one that has
    already expired, so time having passed is written straight to the table."""
    return Certificate.objects.create(
        holder=engineer, product_line=product_line, number="PJ-OLD", valid_until=days_from_today(-1)
    )


def certificate_rows() -> list[dict]:
    return list(Certificate.objects.values().order_by("id"))
