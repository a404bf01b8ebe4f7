"""The fixed-window limit per client address (PORTAL-1)."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from hypothesis import given, settings
from hypothesis import strategies as st

from aftersales.portal.ratelimit import client_address, throttle


def _request(remote="203.0.113.7", forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/warranty/lookup", **meta)


@pytest.mark.parametrize(
    ("behind_proxy", "hops", "remote", "forwarded", "expected"),
    [
        (False, 1, "203.0.113.7", "198.51.100.1", "203.0.113.7"),  # header ignored
        (True, 1, "10.0.0.2", "198.51.100.1", "198.51.100.1"),
        (True, 1, "10.0.0.2", "6.6.6.6, 198.51.100.1", "198.51.100.1"),  # forged left part
        (True, 2, "10.0.0.2", "6.6.6.6, 198.51.100.1, 10.0.0.9", "198.51.100.1"),
        (True, 3, "10.0.0.2", "198.51.100.1", "198.51.100.1"),  # fewer hops than expected
        (True, 1, "10.0.0.2", None, "10.0.0.2"),  # no header: the proxy itself
        (False, 1, "2001:db8:1:2:3:4:5:6", None, "2001:db8:1:2::/64"),
        (False, 1, "::ffff:198.51.100.1", None, "198.51.100.1"),
        (False, 1, "not an address", None, "not an address"),
        (False, 1, "", None, "unknown"),
    ],
)
def test_client_address(settings, behind_proxy, hops, remote, forwarded, expected):
    settings.BEHIND_PROXY = behind_proxy
    settings.PROXY_HOPS = hops

    assert client_address(_request(remote, forwarded)) == expected


def test_over_the_limit_answers_the_seconds_to_wait(settings):
    settings.PUBLIC_LOOKUP_RATE_LIMIT = 2
    settings.PUBLIC_LOOKUP_RATE_WINDOW = 60
    request = _request()

    assert throttle(request=request, scope="t") is None
    assert throttle(request=request, scope="t") is None
    wait = throttle(request=request, scope="t")

    assert wait is not None
    assert 1 <= wait <= 60
    assert throttle(request=_request("203.0.113.8"), scope="t") is None  # another client
    assert throttle(request=request, scope="other") is None  # another scope


def test_a_limit_of_zero_turns_it_off(settings):
    settings.PUBLIC_LOOKUP_RATE_LIMIT = 0

    assert all(throttle(request=_request(), scope="t") is None for _ in range(100))


@settings(max_examples=30, deadline=None)
@given(limit=st.integers(1, 12), requests=st.integers(0, 30))
def test_exactly_limit_requests_pass_in_a_window(limit, requests):
    from django.conf import settings as django_settings
    from django.core.cache import cache

    cache.clear()  # hypothesis runs many examples inside one test

    old = django_settings.PUBLIC_LOOKUP_RATE_LIMIT, django_settings.PUBLIC_LOOKUP_RATE_WINDOW
    django_settings.PUBLIC_LOOKUP_RATE_LIMIT = limit
    django_settings.PUBLIC_LOOKUP_RATE_WINDOW = 10**9  # no window boundary until 2033
    try:
        passed = sum(throttle(request=_request(), scope="p") is None for _ in range(requests))
    finally:
        django_settings.PUBLIC_LOOKUP_RATE_LIMIT, django_settings.PUBLIC_LOOKUP_RATE_WINDOW = old

    assert passed == min(requests, limit)
