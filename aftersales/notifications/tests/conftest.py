"""Fixtures for the outbox tests: a recording SMS gateway, people around an order."""

from __future__ import annotations

import pytest

from aftersales.notifications.tests.gateways import RecordingSmsGateway

RECORDING = "aftersales.notifications.tests.gateways.RecordingSmsGateway"


@pytest.fixture(autouse=True)
def sms(settings):
    """Every test sends SMS to the recording gateway; ``sms.sent`` is what it took."""
    settings.NOTIFY_SMS_PROVIDER = RECORDING
    settings.NOTIFY_ENDPOINT_CACHE_SECONDS = 0
    settings.NOTIFY_RETRY_DELAYS = "60,300,1800"
    RecordingSmsGateway.sent = []
    RecordingSmsGateway.outage = False
    yield RecordingSmsGateway
    RecordingSmsGateway.sent = []
    RecordingSmsGateway.outage = False


@pytest.fixture
def customer(make_customer):
    return make_customer(email="li.lei@example.com")


@pytest.fixture
def engineer(make_staff, regions, product_line):
    user = make_staff("engineer", region=regions["shanghai"], phone="13800000001")
    user.email = "eng@example.com"  # staff_create takes no e-mail
    user.save(update_fields=["email"])
    return user


@pytest.fixture
def admin(make_staff):
    return make_staff("admin")


@pytest.fixture
def order(customer, make_unit, make_order):
    return make_order(customer, make_unit(customer))
