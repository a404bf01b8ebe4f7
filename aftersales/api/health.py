"""Health checks for load balancers and process supervisors (no sign-in, no personal data).

- ``GET /api/v1/health``: the web process answers (liveness). Touches nothing else.
- ``GET /api/v1/health/ready``: it can also reach its database (readiness); 503 when not.
"""

from __future__ import annotations

import logging

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema

from aftersales.api.renderer import json_response

router = Router(auth=None)
log = logging.getLogger(__name__)


class HealthOut(Schema):
    status: str
    database: str | None = None


@router.get("", response=HealthOut, summary="Liveness: the web process answers")
def health_api(request: HttpRequest) -> HttpResponse:
    return json_response({"status": "ok", "database": None})


@router.get(
    "/ready",
    response={200: HealthOut, 503: HealthOut},
    summary="Readiness: the web process and its database answer (503 when the database does not)",
)
def ready_api(request: HttpRequest) -> HttpResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        log.exception("readiness check: database unreachable")
        return json_response({"status": "unavailable", "database": "unreachable"}, status=503)
    return json_response({"status": "ok", "database": "ok"})
