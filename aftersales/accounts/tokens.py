"""Bearer tokens: issue and resolve (api.md ``POST /api/v1/auth/token``)."""

from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth.signals import user_logged_in
from django.http import HttpRequest

from aftersales.accounts.models import ApiToken, User

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


def user_for_token(key: str) -> User | None:
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=_hash(key), user__is_active=True)
        .first()
    )
    return token.user if token else None


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
