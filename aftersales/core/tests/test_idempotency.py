"""Idempotency-Key on creating POSTs (api.md; aftersales.core.idempotency)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from aftersales.catalog.models import ProductLine
from aftersales.conftest import PASSWORD
from aftersales.core.models import IdempotencyRecord
from aftersales.customers.models import Customer
from aftersales.organisation.models import Region
from aftersales.units.models import Unit

pytestmark = pytest.mark.django_db


def _customer(regions, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": "幂等客户",
        "kind": "consumer",
        "phone": "13800000001",
        "region": regions["shanghai"].pk,
    }
    body.update(overrides)
    return body


def _key(value: str = "order-form-42") -> dict[str, str]:
    return {"Idempotency-Key": value}


def test_repeated_key_and_body_replay_the_first_response(api_as, agent, regions):
    api = api_as(agent)

    first = api.post("/customers", _customer(regions), headers=_key())
    second = api.post("/customers", _customer(regions), headers=_key())

    assert first.status_code == 201, first.content
    assert second.status_code == 201
    assert second.json() == first.json()
    assert second["Idempotent-Replayed"] == "true"
    assert not first.has_header("Idempotent-Replayed")
    assert Customer.objects.count() == 1


def test_many_repeats_still_create_one_record(api_as, agent, regions):
    api = api_as(agent)

    ids = {
        api.post("/customers", _customer(regions), headers=_key()).json()["id"] for _ in range(4)
    }

    assert len(ids) == 1
    assert Customer.objects.count() == 1
    assert IdempotencyRecord.objects.count() == 1


def test_same_key_with_another_body_is_refused_and_creates_nothing(api_as, agent, regions):
    api = api_as(agent)
    api.post("/customers", _customer(regions), headers=_key())

    response = api.post("/customers", _customer(regions, name="另一个客户"), headers=_key())

    assert response.status_code == 422, response.content
    body = response.json()
    assert body["code"] == "idempotency"
    assert isinstance(body["detail"], str)
    assert "Idempotency-Key" in body["errors"]
    assert list(Customer.objects.values_list("name", flat=True)) == ["幂等客户"]


def test_same_key_on_another_endpoint_is_refused_and_creates_nothing(api_as, make_staff, regions):
    admin = make_staff("admin")
    api = api_as(admin)
    api.post("/regions", {"code": "south", "name": "华南"}, headers=_key())
    regions_before = Region.objects.count()

    response = api.post("/product-lines", {"code": "south", "name": "华南"}, headers=_key())

    assert response.status_code == 422, response.content
    assert response.json()["code"] == "idempotency"
    assert Region.objects.count() == regions_before
    assert ProductLine.objects.count() == 0


def test_different_users_with_the_same_key_are_independent(api_as, agent, make_staff, regions):
    colleague = make_staff("agent")

    mine = api_as(agent).post("/customers", _customer(regions), headers=_key())
    theirs = api_as(colleague).post("/customers", _customer(regions), headers=_key())

    assert mine.status_code == theirs.status_code == 201
    assert not theirs.has_header("Idempotent-Replayed")
    assert mine.json()["id"] != theirs.json()["id"]
    assert Customer.objects.count() == 2


def test_refused_request_leaves_no_record_so_a_corrected_retry_succeeds(api_as, agent, regions):
    api = api_as(agent)

    refused = api.post("/customers", _customer(regions, phone="bad phone"), headers=_key())

    assert refused.status_code == 422, refused.content
    assert IdempotencyRecord.objects.count() == 0
    assert Customer.objects.count() == 0

    retried = api.post("/customers", _customer(regions), headers=_key())

    assert retried.status_code == 201, retried.content
    assert not retried.has_header("Idempotent-Replayed")
    assert Customer.objects.count() == 1


def test_forbidden_request_leaves_no_record(api_as, make_staff, regions):
    engineer = make_staff("engineer", region=regions["shanghai"])

    response = api_as(engineer).post("/customers", _customer(regions), headers=_key())

    assert response.status_code == 403
    assert IdempotencyRecord.objects.count() == 0
    assert Customer.objects.count() == 0


def test_anonymous_request_with_a_key_is_401_and_leaves_no_record(api_as, regions):
    response = api_as(None).post("/customers", _customer(regions), headers=_key())

    assert response.status_code == 401
    assert IdempotencyRecord.objects.count() == 0
    assert Customer.objects.count() == 0


def test_a_key_older_than_24_hours_creates_anew(api_as, agent, regions):
    api = api_as(agent)
    first = api.post("/customers", _customer(regions), headers=_key())
    IdempotencyRecord.objects.update(created_at=timezone.now() - dt.timedelta(hours=24, minutes=1))

    second = api.post("/customers", _customer(regions), headers=_key())

    assert second.status_code == 201, second.content
    assert not second.has_header("Idempotent-Replayed")
    assert second.json()["id"] != first.json()["id"]
    assert Customer.objects.count() == 2


def test_a_key_younger_than_24_hours_still_replays(api_as, agent, regions):
    api = api_as(agent)
    first = api.post("/customers", _customer(regions), headers=_key())
    IdempotencyRecord.objects.update(created_at=timezone.now() - dt.timedelta(hours=23, minutes=59))

    second = api.post("/customers", _customer(regions), headers=_key())

    assert second["Idempotent-Replayed"] == "true"
    assert second.json()["id"] == first.json()["id"]
    assert Customer.objects.count() == 1


def test_without_a_key_each_post_creates(api_as, agent, regions):
    api = api_as(agent)

    api.post("/customers", _customer(regions))
    api.post("/customers", _customer(regions))

    assert Customer.objects.count() == 2
    assert IdempotencyRecord.objects.count() == 0


def test_different_keys_create_separately(api_as, agent, regions):
    api = api_as(agent)

    api.post("/customers", _customer(regions), headers=_key("a"))
    api.post("/customers", _customer(regions), headers=_key("b"))

    assert Customer.objects.count() == 2


def test_overlong_key_is_refused_and_creates_nothing(api_as, agent, regions):
    response = api_as(agent).post("/customers", _customer(regions), headers=_key("k" * 201))

    assert response.status_code == 422
    assert response.json()["code"] == "idempotency"
    assert Customer.objects.count() == 0


def test_key_works_for_unit_registration_too(api_as, agent, make_customer, product_model):
    customer = make_customer()
    body = {
        "serial_number": "IDEM-1",
        "product_model": product_model.pk,
        "customer": customer.pk,
        "purchase_date": (timezone.localdate() - dt.timedelta(days=1)).isoformat(),
        "sale_price": "100.00",
    }
    api = api_as(agent)

    first = api.post("/units", body, headers=_key())
    second = api.post("/units", body, headers=_key())

    assert first.status_code == second.status_code == 201
    assert second["Idempotent-Replayed"] == "true"
    assert Unit.objects.count() == 1


def test_sign_in_is_not_subject_to_idempotency(api_as, agent):
    api = api_as(None)
    credentials = {"username": agent.username, "password": PASSWORD}

    first = api.post("/auth/token", credentials, headers=_key())
    second = api.post("/auth/token", credentials, headers=_key())

    assert first.json()["token"] != second.json()["token"]
    assert IdempotencyRecord.objects.count() == 0
