"""The API's JSON encoding and the PostgreSQL timestamp loader (core/db.py)."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.utils.translation import gettext_lazy

from aftersales.api.renderer import dumps, json_response


def test_times_are_shanghai_with_offset_and_milliseconds():
    at = dt.datetime(2026, 11, 29, 20, 11, 38, 421999, tzinfo=dt.UTC)
    assert json.loads(dumps({"at": at})) == {"at": "2026-11-30T04:11:38.421+08:00"}


def test_dates_decimals_and_lazy_text_are_plain_strings():
    data = {"on": dt.date(2024, 2, 29), "price": Decimal("1299.00"), "label": gettext_lazy("x")}
    assert json.loads(dumps(data)) == {"on": "2024-02-29", "price": "1299.00", "label": "x"}


def test_chinese_is_written_as_utf8_not_escaped():
    body = json_response({"fault": "不制冷"}, status=201)
    assert body.status_code == 201
    assert "不制冷".encode() in body.content
    assert body["Content-Type"] == "application/json"


def test_unknown_types_are_refused_not_guessed():
    with pytest.raises(TypeError):
        dumps({"x": object()})


@pytest.mark.skipif(connection.vendor != "postgresql", reason="psycopg loaders")
@pytest.mark.django_db
@pytest.mark.parametrize(
    "text",
    [
        "2026-11-29 23:59:59.999999+08",
        "2024-02-29 00:00:00+00",
        "1999-12-31 16:00:00.5-05:30",
    ],
)
def test_timestamps_load_as_the_same_aware_utc_values(text):
    with connection.cursor() as cursor:
        cursor.execute("SELECT %s::timestamptz, %s::timestamptz::text", [text, text])
        loaded, as_text = cursor.fetchone()
    assert loaded.tzinfo == dt.UTC
    expected = dt.datetime.fromisoformat(
        text.replace(" ", "T") + ("" if ":" in text[-3:] else ":00")
    )
    assert loaded == expected
    assert loaded.astimezone(ZoneInfo("Asia/Shanghai")) == expected
    assert as_text  # the session time zone is UTC, which the fast loader relies on
    loader = connection.connection.adapters.get_loader(1184, 0)  # timestamptz, text
    assert loader.__name__ == "UtcTimestamptzLoader"
