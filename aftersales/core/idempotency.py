"""Idempotency-Key for creating POSTs (api.md).

The same key with the same body, from the same user, within ``IDEMPOTENCY_TTL_HOURS``
returns the first response and creates nothing new. The same key with another body is
refused (422). The record is written in the same transaction as the work it guards, so
a refused or failed request leaves no record, and a concurrent duplicate waits on the
unique key and then replays the winner's response.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone

from aftersales.core.models import IdempotencyRecord

HEADER = "HTTP_IDEMPOTENCY_KEY"
API_PREFIX = "/api/v1/"
EXEMPT_PATHS = {"/api/v1/auth/token"}


def _user_key(request: HttpRequest) -> str | None:
    from aftersales.accounts.tokens import user_from_request

    user = user_from_request(request)
    return f"user:{user.pk}" if user is not None else None


def _error(message: str, status: int) -> JsonResponse:
    return JsonResponse(
        {"detail": message, "errors": {"Idempotency-Key": [message]}, "code": "idempotency"},
        status=status,
    )


class IdempotencyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = request.META.get(HEADER)
        if (
            not key
            or request.method != "POST"
            or not request.path.startswith(API_PREFIX)
            or request.path in EXEMPT_PATHS
        ):
            return self.get_response(request)
        if len(key) > 200:
            return _error("Idempotency-Key is longer than 200 characters.", 422)
        user_key = _user_key(request)
        if user_key is None:  # unauthenticated: let the API answer 401
            return self.get_response(request)
        body_hash = hashlib.sha256(request.body).hexdigest()
        ttl = dt.timedelta(hours=settings.IDEMPOTENCY_TTL_HOURS)
        now = timezone.now()
        IdempotencyRecord.objects.filter(
            user_key=user_key, key=key, created_at__lt=now - ttl
        ).delete()

        previous = IdempotencyRecord.objects.filter(user_key=user_key, key=key).first()
        if previous is not None:
            return self._replay(previous, request, body_hash)
        try:
            with transaction.atomic():
                record = IdempotencyRecord.objects.create(
                    key=key,
                    user_key=user_key,
                    method=request.method,
                    path=request.path,
                    body_hash=body_hash,
                    created_at=now,
                )
                response = self.get_response(request)
                if 200 <= response.status_code < 300 and not response.streaming:
                    record.status_code = response.status_code
                    record.response_body = response.content
                    record.content_type = response.get("Content-Type", "application/json")
                    record.save(update_fields=["status_code", "response_body", "content_type"])
                else:
                    # Refused requests change nothing, so they leave no record either.
                    transaction.set_rollback(True)
                return response
        except IntegrityError:
            # A concurrent request with the same key committed first: replay it.
            previous = IdempotencyRecord.objects.filter(user_key=user_key, key=key).first()
            if previous is None:
                raise
            return self._replay(previous, request, body_hash)

    @staticmethod
    def _replay(record: IdempotencyRecord, request: HttpRequest, body_hash: str) -> HttpResponse:
        if record.body_hash != body_hash or record.path != request.path:
            return _error("This Idempotency-Key was already used with a different request.", 422)
        response = HttpResponse(
            bytes(record.response_body), status=record.status_code, content_type=record.content_type
        )
        response["Idempotent-Replayed"] = "true"
        return response
