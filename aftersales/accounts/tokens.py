"""Bearer tokens: issue and resolve (api.md ``POST /api/v1/auth/token``)."""

from __future__ import annotations

import copy
import hashlib
import secrets
import time

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.http import HttpRequest

from aftersales.accounts.access import scope_for
from aftersales.accounts.models import ApiToken, User
from aftersales.core.queries import first_or_none

_CACHE_ATTR = "_bearer_user"


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def token_issue(*, user: User) -> str:
    key = secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, key_hash=_hash(key))
    return key


def token_sign_in(*, request: HttpRequest, user: User) -> str:
    """A successful API sign-in: a new token, and the same ``user_logged_in`` signal as
    the console's sign-in (last_login; the throttle forgets earlier failures)."""
    key = token_issue(user=user)
    user_logged_in.send(sender=user.__class__, request=request, user=user)
    return key


# Recently resolved tokens, per process: {key hash: (valid until, user with roles)}.
# Saves the token and role queries on every API request; a deleted token or a
# deactivated user is refused at most API_TOKEN_CACHE_SECONDS later (ADR 0002).
_resolved: dict[str, tuple[float, User]] = {}
_MAX_CACHED = 10_000


def user_for_token(key: str) -> User | None:
    key_hash = _hash(key)
    ttl = settings.API_TOKEN_CACHE_SECONDS
    now = time.monotonic()
    hit = _resolved.get(key_hash) if ttl > 0 else None
    if hit is not None and hit[0] > now:
        return copy.copy(hit[1])  # per-request copy: request-level caches stay apart
    token = first_or_none(
        ApiToken.objects.select_related("user").filter(key_hash=key_hash, user__is_active=True)
    )
    if token is None:
        _resolved.pop(key_hash, None)
        return None
    user = token.user
    scope_for(user)  # roles and visible regions, loaded once with the user
    if ttl > 0:
        if len(_resolved) >= _MAX_CACHED:
            _resolved.clear()
        _resolved[key_hash] = (now + ttl, user)
        return copy.copy(user)
    return user


def forget_cached_tokens() -> None:
    _resolved.clear()


def user_from_request(request: HttpRequest) -> User | None:
    """The bearer token's user, else the session's user; cached on the request."""
    if hasattr(request, _CACHE_ATTR):
        return getattr(request, _CACHE_ATTR)
    user: User | None = None
    header = request.META.get("HTTP_AUTHORIZATION", "")
    scheme, _, key = header.partition(" ")
    if scheme.lower() == "bearer" and key.strip():
        user = user_for_token(key.strip())
    elif getattr(request, "user", None) is not None and request.user.is_authenticated:
        user = request.user
    setattr(request, _CACHE_ATTR, user)
    return user
