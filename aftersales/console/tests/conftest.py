"""Console fixtures: a signed-in test client per user."""

from __future__ import annotations

import pytest
from django.test import Client

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
