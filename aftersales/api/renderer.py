import datetime as dt
import json
from decimal import Decimal
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest
from ninja.renderers import BaseRenderer


@cache
def _zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


class LocalTimeEncoder(DjangoJSONEncoder):
    """Times in the product's zone (Asia/Shanghai) with their offset, e.g.
    ``2026-11-30T04:11:38.421+08:00``; decimals as strings ("1299.00").

    The zone is the fixed ``TIME_ZONE`` (not the per-request active zone), which also
    keeps this off the hot path's context-local lookups."""

    def default(self, o: Any) -> Any:
        if isinstance(o, dt.datetime) and o.tzinfo is not None:
            return o.astimezone(_zone()).isoformat(timespec="milliseconds")
        if isinstance(o, dt.date):
            return o.isoformat()
        if isinstance(o, Decimal):
            return str(o)
        return super().default(o)


class JSONRenderer(BaseRenderer):
    media_type = "application/json"

    def render(self, request: HttpRequest, data: Any, *, response_status: int) -> Any:
        return json.dumps(data, cls=LocalTimeEncoder, ensure_ascii=False)
