"""POST /api/v1/auth/token and bearer authentication (api.md "Auth", SEC-1)."""

from __future__ import annotations

import pytest
from django.conf import settings

from aftersales.accounts.models import ApiToken, User
from aftersales.conftest import PASSWORD
from aftersales.organisation.models import Region

pytestmark = pytest.mark.django_db


def _sign_in(api, username: str, password: str):
    return api.post("/auth/token", {"username": username, "password": password})


def _assert_error_body(response, status: int, code: str | None = None) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert isinstance(body["detail"], str)
    assert body["detail"]
    assert isinstance(body["errors"], dict)
    if code is not None:
        assert body["code"] == code
    return body


def test_right_credentials_give_a_token_that_authenticates(api_as, agent):
    response = _sign_in(api_as(None), agent.username, PASSWORD)

    assert response.status_code == 200, response.content
    token = response.json()["token"]
    assert isinstance(token, str)
    assert len(token) >= 20
    listed = api_as(None).get("/regions", headers={"Authorization": f"Bearer {token}"})
    assert listed.status_code == 200


def test_token_is_stored_only_as_a_hash(api_as, agent):
    token = _sign_in(api_as(None), agent.username, PASSWORD).json()["token"]

    stored = ApiToken.objects.filter(user=agent).values_list("key_hash", flat=True)
    assert token not in stored
    assert all(len(h) == 64 for h in stored)


def test_wrong_password_is_refused_with_401(api_as, agent):
    tokens_before = ApiToken.objects.count()

    response = _sign_in(api_as(None), agent.username, "not-the-password")

    _assert_error_body(response, 401, "invalid_credentials")
    assert "token" not in response.json()
    assert ApiToken.objects.count() == tokens_before


def test_unknown_user_is_refused_with_401(api_as, db):
    response = _sign_in(api_as(None), "nobody-here", PASSWORD)

    _assert_error_body(response, 401, "invalid_credentials")
    assert ApiToken.objects.count() == 0


def test_inactive_user_cannot_sign_in(api_as, agent):
    agent.is_active = False
    agent.save(update_fields=["is_active"])
    tokens_before = ApiToken.objects.count()

    response = _sign_in(api_as(None), agent.username, PASSWORD)

    _assert_error_body(response, 401)
    assert ApiToken.objects.count() == tokens_before


def test_token_of_a_deactivated_user_stops_working(api_as, agent):
    api = api_as(agent)
    assert api.get("/regions").status_code == 200
    agent.is_active = False
    agent.save(update_fields=["is_active"])

    _assert_error_body(api.get("/regions"), 401, "unauthenticated")


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"username": "someone"},
        {"password": PASSWORD},
        {"username": None, "password": PASSWORD},
    ],
    ids=["empty", "no-password", "no-username", "null-username"],
)
def test_missing_credentials_are_refused_with_422(api_as, db, body):
    response = api_as(None).post("/auth/token", body)

    body_out = _assert_error_body(response, 422, "invalid")
    missing = {"username", "password"} - {k for k, v in body.items() if v is not None}
    assert missing <= set(body_out["errors"])
    assert ApiToken.objects.count() == 0


def test_sign_in_is_throttled_after_the_failure_limit_even_with_the_right_password(api_as, agent):
    limit = settings.AXES_FAILURE_LIMIT
    assert limit == 5
    api = api_as(None)
    for _ in range(limit - 1):
        assert _sign_in(api, agent.username, "wrong-password").status_code == 401
    # the limit-th failure may already answer "locked"; either way no token
    assert _sign_in(api, agent.username, "wrong-password").status_code in {401, 429}
    tokens_before = ApiToken.objects.count()

    response = _sign_in(api, agent.username, PASSWORD)

    assert response.status_code == 429, response.content
    assert "token" not in response.content.decode()
    assert ApiToken.objects.count() == tokens_before


def test_throttled_sign_in_answers_with_the_api_error_body(api_as, agent):
    api = api_as(None)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(api, agent.username, "wrong-password")

    response = _sign_in(api, agent.username, PASSWORD)

    _assert_error_body(response, 429, "throttled")


def test_throttling_one_username_does_not_lock_out_another(api_as, agent, make_staff):
    colleague = make_staff("agent")
    api = api_as(None)
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        _sign_in(api, agent.username, "wrong-password")

    response = _sign_in(api, colleague.username, PASSWORD)

    assert response.status_code == 200, response.content


def test_a_success_before_the_limit_resets_the_failure_count(api_as, agent):
    api = api_as(None)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _sign_in(api, agent.username, "wrong-password")
    assert _sign_in(api, agent.username, PASSWORD).status_code == 200
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _sign_in(api, agent.username, "wrong-password").status_code == 401

    assert _sign_in(api, agent.username, PASSWORD).status_code == 200


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer not-a-real-token"},
        {"Authorization": "Bearer "},
        {"Authorization": "Token abc"},
        {"Authorization": "garbage"},
    ],
    ids=["none", "unknown-token", "empty-token", "other-scheme", "garbage"],
)
def test_protected_endpoint_without_a_valid_token_answers_401(api_as, db, headers):
    response = api_as(None).get("/customers", headers=headers)

    _assert_error_body(response, 401, "unauthenticated")


def test_unauthenticated_create_writes_nothing(api_as, regions):
    before = Region.objects.count()

    response = api_as(None).post("/regions", {"code": "south", "name": "华南"})

    _assert_error_body(response, 401)
    assert Region.objects.count() == before


def test_superuser_signs_in_and_acts_as_admin(api_as, regions, make_customer):
    User.objects.create_superuser("root", "root@example.com", PASSWORD)
    make_customer(region=regions["shanghai"])
    make_customer(region=regions["beijing"])
    token = _sign_in(api_as(None), "root", PASSWORD).json()["token"]
    auth = {"Authorization": f"Bearer {token}"}
    api = api_as(None)

    region = api.post("/regions", {"code": "south", "name": "华南"}, headers=auth)
    staff = api.post(
        "/staff",
        {"username": "new-eng", "name": "工程师", "roles": ["engineer"], "password": PASSWORD},
        headers=auth,
    )
    line = api.post("/product-lines", {"code": "tv", "name": "电视"}, headers=auth)
    customers = api.get("/customers", headers=auth)

    assert region.status_code == 201, region.content
    assert staff.status_code == 201, staff.content
    assert line.status_code == 201, line.content
    assert customers.status_code == 200
    assert customers.json()["count"] == 2
