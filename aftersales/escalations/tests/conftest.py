"""Fixtures for the escalation tests: people around a 上海 order, and an in-warranty
repair reported a moment ago (in-warranty policy: respond 2 h, on site 24 h, resolve
48 h, all 7×24)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from aftersales.notifications.tests.conftest import RECORDING
from aftersales.notifications.tests.gateways import RecordingSmsGateway


@pytest.fixture(autouse=True)
def sms(settings):
    settings.NOTIFY_SMS_PROVIDER = RECORDING
    settings.NOTIFY_ENDPOINT_CACHE_SECONDS = 0
    RecordingSmsGateway.sent = []
    RecordingSmsGateway.outage = False
    yield RecordingSmsGateway
    RecordingSmsGateway.sent = []


@pytest.fixture
def people(make_staff, regions):
    """A dispatcher of 上海, a manager of 华东 (上海 has none), a director, an engineer."""
    return {
        "dispatcher": make_staff("dispatcher", region=regions["shanghai"], phone="13800000011"),
        "manager": make_staff("manager", region=regions["east"], phone="13800000012"),
        "director": make_staff("director", phone="13800000013"),
        "engineer": make_staff("engineer", region=regions["shanghai"], phone="13800000014"),
        "admin": make_staff("admin"),
    }


@pytest.fixture
def reported():
    return timezone.now() - dt.timedelta(minutes=1)


@pytest.fixture
def order(make_customer, make_unit, make_order, reported):
    customer = make_customer()
    order = make_order(customer, make_unit(customer), reported_at=reported)
    assert order.in_warranty
    assert order.respond_by == reported + dt.timedelta(hours=2)
    return order
