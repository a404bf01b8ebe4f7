"""JSON out (api.md): UTF-8, times in the product's zone with their offset, decimals as
strings. One encoder, used by ninja's renderer and by the hot endpoints that answer
with ``json_response`` directly (see docs/architecture.md, "Hot paths")."""

import datetime as dt
from decimal import Decimal
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

import orjson
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from ninja.renderers import BaseRenderer

_OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_NON_STR_KEYS


@cache
def _zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


_fallback = DjangoJSONEncoder()


def _default(o: Any) -> Any:
    """Times in the product's zone (Asia/Shanghai) with their offset, e.g.
    ``2026-11-30T04:11:38.421+08:00``; decimals as strings ("1299.00").

    The zone is the fixed ``TIME_ZONE`` (not the per-request active zone), which also
    keeps this off the hot path's context-local lookups."""
    if isinstance(o, dt.datetime):
        if o.tzinfo is not None:
            return o.astimezone(_zone()).isoformat(timespec="milliseconds")
        return o.isoformat(timespec="milliseconds")
    if isinstance(o, dt.date):
        return o.isoformat()
    if isinstance(o, Decimal):
        return str(o)
    return _fallback.default(o)  # times, durations, lazy translations, …


def dumps(data: Any) -> bytes:
    return orjson.dumps(data, default=_default, option=_OPTIONS)


def json_response(data: Any, status: int = 200) -> HttpResponse:
    """An answer rendered here instead of by ninja, which would first validate ``data``
    against the operation's response schema: hot endpoints build their data to that
    schema already, and the tests check that they do (``api/tests/test_schemas``)."""
    return HttpResponse(dumps(data), status=status, content_type="application/json")


class JSONRenderer(BaseRenderer):
    media_type = "application/json"

    def render(self, request: HttpRequest, data: Any, *, response_status: int) -> Any:
        return dumps(data)
