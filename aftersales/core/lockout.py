"""The answer to a throttled sign-in (SEC-1): the API's JSON error body under /api/,
a short page elsewhere. Wired in as ``AXES_LOCKOUT_CALLABLE``."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

STATUS = 429


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    if request.path.startswith("/api/"):
        message = _("Too many failed sign-ins; try again later.")
        return JsonResponse(
            {"detail": message, "errors": {"username": [message]}, "code": "throttled"},
            status=STATUS,
        )
    minutes = int(float(settings.AXES_COOLOFF_TIME) * 60)
    html = render_to_string("core/locked_out.html", {"minutes": minutes}, request=request)
    return HttpResponse(html, status=STATUS)
