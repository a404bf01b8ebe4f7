"""A process trusts a resolved token for API_TOKEN_CACHE_SECONDS (ADR 0002)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from aftersales.accounts.models import ApiToken
from aftersales.accounts.tokens import forget_cached_tokens


@pytest.fixture
def token_cache(settings):
    settings.API_TOKEN_CACHE_SECONDS = 30
    forget_cached_tokens()
    yield
    forget_cached_tokens()


def _queries(api, path):
    with CaptureQueriesContext(connection) as ctx:
        response = api.get(path)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_a_cached_token_saves_the_sign_in_queries(token_cache, api_as, make_staff, regions):
    manager = make_staff("manager", region=regions["east"])
    api = api_as(manager)
    first = _queries(api, "/customers")
    second = _queries(api, "/customers")
    assert second <= first - 2  # no token, role or region-tree queries the second time


def test_a_deleted_token_is_refused_once_the_cache_is_forgotten(token_cache, api_as, agent):
    api = api_as(agent)
    assert api.get("/customers").status_code == 200
    ApiToken.objects.all().delete()
    forget_cached_tokens()
    assert api.get("/customers").status_code == 401


def test_without_the_cache_a_deleted_token_is_refused_at_once(api_as, agent):
    api = api_as(agent)
    assert api.get("/customers").status_code == 200
    ApiToken.objects.all().delete()
    assert api.get("/customers").status_code == 401
