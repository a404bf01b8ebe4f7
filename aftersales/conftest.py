"""Shared pytest fixtures: records are made through the real services, and the API is
driven through Django's test client with real bearer tokens."""

from __future__ import annotations

import datetime as dt
import itertools
import json
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from aftersales.accounts.models import User
from aftersales.accounts.services import customer_user_create, staff_create
from aftersales.accounts.tokens import token_issue
from aftersales.catalog.models import ProductLine, ProductModel
from aftersales.catalog.services import product_line_create, product_model_create
from aftersales.customers.models import Customer
from aftersales.customers.services import customer_create
from aftersales.organisation.models import Region
from aftersales.organisation.services import region_create
from aftersales.service_orders.models import ServiceOrder
from aftersales.service_orders.services import service_order_create
from aftersales.training.models import Certificate
from aftersales.units.models import Unit
from aftersales.units.services import unit_create

PASSWORD = "Str0ng-pass-word"


def pytest_configure(config: pytest.Config) -> None:
    from huey.contrib.djhuey import HUEY

    HUEY.immediate = True  # tasks run in-process, against the test database


@pytest.fixture(autouse=True)
def _fast_tests(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.AXES_ENABLED = True
    settings.API_TOKEN_CACHE_SECONDS = 0  # tests change users between requests
    settings.SLA_POLICY_CACHE_SECONDS = 0  # tests change policies between requests
    settings.ORDER_COUNT_CACHE_SECONDS = 0  # tests count right after writing


_seq = itertools.count(1)


def _n() -> int:
    return next(_seq)


class ApiClient:
    """JSON calls against /api/v1 as a given user (bearer token) or anonymously."""

    def __init__(self, user: User | None = None) -> None:
        self.client = Client()
        self.user = user
        self.token = token_issue(user=user) if user is not None else None

    def _headers(self, extra: dict[str, str] | None) -> dict[str, str]:
        headers = dict(extra or {})
        if self.token:
            headers.setdefault("Authorization", f"Bearer {self.token}")
        return headers

    def get(
        self, path: str, params: dict[str, Any] | None = None, headers: dict[str, str] | None = None
    ) -> Any:
        return self.client.get(f"/api/v1{path}", params or {}, headers=self._headers(headers))

    def post(self, path: str, body: Any = None, headers: dict[str, str] | None = None) -> Any:
        data = json.dumps(body) if body is not None else ""
        return self.client.post(
            f"/api/v1{path}", data, content_type="application/json", headers=self._headers(headers)
        )

    def patch(self, path: str, body: Any, headers: dict[str, str] | None = None) -> Any:
        return self.client.patch(
            f"/api/v1{path}",
            json.dumps(body),
            content_type="application/json",
            headers=self._headers(headers),
        )


@pytest.fixture
def api_as():
    """``api_as(user)`` → an ApiClient signed in as ``user``; ``api_as(None)`` anonymous."""
    return ApiClient


@pytest.fixture
def make_region(db):
    def make(
        code: str | None = None, name: str | None = None, parent: Region | None = None
    ) -> Region:
        n = _n()
        return region_create(code=code or f"r{n}", name=name or f"区域{n}", parent=parent)

    return make


@pytest.fixture
def regions(make_region):
    """华东 → 上海, 华东 → 杭州, 华北 → 北京."""
    east = make_region("east", "华东")
    north = make_region("north", "华北")
    return {
        "east": east,
        "north": north,
        "shanghai": make_region("shanghai", "上海", parent=east),
        "hangzhou": make_region("hangzhou", "杭州", parent=east),
        "beijing": make_region("beijing", "北京", parent=north),
    }


@pytest.fixture
def make_staff(db):
    """``make_staff(*roles, …)``. An engineer made without explicit ``skills`` gets every
    product line that exists by then as a skill, each with a certificate valid for a year
    (DSP-1, TRN-2), so that assigning works; pass ``skills=[…]`` to control both."""

    def make(
        *roles: str,
        region: Region | None = None,
        username: str | None = None,
        skills: list[ProductLine] | None = None,
        **extra: Any,
    ) -> User:
        n = _n()
        certify = "engineer" in roles and skills is None
        if certify:
            skills = list(ProductLine.objects.all())
        user = staff_create(
            username=username or f"staff{n}",
            password=PASSWORD,
            name=f"员工{n}",
            roles=list(roles),
            region=region,
            skills=skills,
            **extra,
        )
        if certify:
            until = timezone.localdate() + dt.timedelta(days=365)
            Certificate.objects.bulk_create(
                Certificate(
                    holder=user, product_line=line, number=f"C{n}-{line.pk}", valid_until=until
                )
                for line in skills or []
            )
        return user

    return make


@pytest.fixture
def product_line(db) -> ProductLine:
    return product_line_create(
        code="projector",
        name="投影机",
        warranty_months=12,
        accessory_warranty_months=6,
        three_guarantees_months=12,
        depreciation_rate_per_day=Decimal("0.001"),
    )


@pytest.fixture
def product_model(product_line) -> ProductModel:
    return product_model_create(
        code="PJ-100",
        name="投影机 PJ-100",
        product_line=product_line,
        list_price=Decimal("3999.00"),
    )


@pytest.fixture
def make_customer(regions):
    def make(region: Region | None = None, kind: str = "consumer", **extra: Any) -> Customer:
        n = _n()
        fields: dict[str, Any] = {
            "name": f"客户{n}",
            "kind": kind,
            "phone": f"139{n:08d}",
            "region": region or regions["shanghai"],
            "address": f"上海市黄浦区{n}号",
        }
        fields.update(extra)
        return customer_create(**fields)

    return make


@pytest.fixture
def make_unit(product_model):
    def make(customer: Customer, purchase_date: dt.date | None = None, **extra: Any) -> Unit:
        n = _n()
        fields: dict[str, Any] = {
            "serial_number": f"SN{n:08d}",
            "product_model": product_model,
            "customer": customer,
            "purchase_date": purchase_date or dt.date.today() - dt.timedelta(days=30),
            "sale_price": Decimal("3500.00"),
        }
        fields.update(extra)
        return unit_create(**fields)

    return make


@pytest.fixture
def agent(make_staff) -> User:
    return make_staff("agent")


@pytest.fixture
def make_order(agent):
    def make(
        customer: Customer, unit: Unit | None = None, actor: User | None = None, **extra: Any
    ) -> ServiceOrder:
        fields: dict[str, Any] = {
            "kind": "repair",
            "channel": "phone",
            "fault_description": "开机无显示",
        }
        fields.update(extra)
        return service_order_create(
            actor=actor or agent,
            customer_id=customer.pk,
            unit_id=unit.pk if unit else None,
            **fields,
        )

    return make


@pytest.fixture
def customer_user(db):
    def make(customer: Customer) -> User:
        return customer_user_create(customer=customer, username=f"cust{_n()}", password=PASSWORD)

    return make
