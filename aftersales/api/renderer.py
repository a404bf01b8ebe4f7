import datetime as dt
import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest
from django.utils import timezone
from ninja.renderers import BaseRenderer


class LocalTimeEncoder(DjangoJSONEncoder):
    """Times in the product's zone (Asia/Shanghai) with their offset, e.g.
    ``2026-11-30T04:11:38.421+08:00``; decimals as strings ("1299.00")."""

    def default(self, o: Any) -> Any:
        if isinstance(o, dt.datetime) and timezone.is_aware(o):
            return timezone.localtime(o).isoformat(timespec="milliseconds")
        return super().default(o)


class JSONRenderer(BaseRenderer):
    media_type = "application/json"

    def render(self, request: HttpRequest, data: Any, *, response_status: int) -> Any:
        return json.dumps(data, cls=LocalTimeEncoder, ensure_ascii=False)
