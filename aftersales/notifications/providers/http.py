"""Webhooks and the group robots of 企业微信 (WeCom) and 钉钉 (DingTalk), over httpx.

* ``webhook``: POST of the JSON payload, signed (``signing.py``); any 2xx is taken.
* ``wecom``: ``{"msgtype": "markdown", "markdown": {"content": …}}`` to the robot URL
  (``…/cgi-bin/webhook/send?key=…``); taken when the answer's ``errcode`` is 0.
  WeCom allows 4096 bytes of content and 20 messages a minute per robot: a refusal
  (``errcode`` 45009) is retried by the outbox like any other.
* ``dingtalk``: ``{"msgtype": "markdown", "markdown": {"title", "text"}}`` to
  ``…/robot/send?access_token=…``, the URL signed with the robot's secret when one is
  set (加签); taken when ``errcode`` is 0.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
from django.conf import settings

from aftersales.notifications.providers.base import DeliveryError, Outgoing, Target
from aftersales.notifications.signing import (
    DELIVERY_HEADER,
    EVENT_HEADER,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    dingtalk_signed_url,
    webhook_signature,
)

WECOM_MAX_BYTES = 4096
DINGTALK_MAX_BYTES = 18000
USER_AGENT = "aftersales-notifications/1"

# The transport httpx uses; ``None`` = the network. ``use_transport`` swaps it where the
# outside world must be replaced (tests: ``httpx.MockTransport``).
_transport: httpx.BaseTransport | None = None


@contextmanager
def use_transport(transport: httpx.BaseTransport | None) -> Iterator[None]:
    global _transport
    previous, _transport = _transport, transport
    try:
        yield
    finally:
        _transport = previous


def _client() -> httpx.Client:
    return httpx.Client(
        timeout=settings.NOTIFY_HTTP_TIMEOUT,
        transport=_transport,
        follow_redirects=False,
        headers={"User-Agent": USER_AGENT},
    )


def _post(url: str, *, content: bytes, headers: dict[str, str]) -> httpx.Response:
    try:
        with _client() as client:
            return client.post(url, content=content, headers=headers)
    except httpx.HTTPError as exc:
        raise DeliveryError(f"{type(exc).__name__}: {exc}") from exc


def _target(message: Outgoing) -> Target:
    if message.target is None:
        raise DeliveryError("no endpoint", permanent=True)
    return message.target


def canonical_json(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


def truncate_utf8(text: str, max_bytes: int) -> str:
    encoded = text.encode()
    if len(encoded) <= max_bytes:
        return text
    return encoded[: max_bytes - 3].decode(errors="ignore") + "…"


class WebhookProvider:
    def send(self, message: Outgoing) -> str:
        target = _target(message)
        body = canonical_json(message.payload)
        timestamp = int(time.time())
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            TIMESTAMP_HEADER: str(timestamp),
            SIGNATURE_HEADER: webhook_signature(
                secret=target.secret, timestamp=timestamp, body=body
            ),
            EVENT_HEADER: message.event_type,
            DELIVERY_HEADER: message.delivery_id,
        }
        response = _post(target.url, content=body, headers=headers)
        if not response.is_success:
            raise DeliveryError(f"HTTP {response.status_code}: {response.text[:200]}")
        return f"HTTP {response.status_code}"


def _robot_answer(response: httpx.Response) -> str:
    if not response.is_success:
        raise DeliveryError(f"HTTP {response.status_code}: {response.text[:200]}")
    try:
        answer = response.json()
    except ValueError:
        raise DeliveryError(f"not JSON: {response.text[:200]}") from None
    errcode = answer.get("errcode") if isinstance(answer, dict) else None
    if errcode != 0:
        errmsg = answer.get("errmsg", "") if isinstance(answer, dict) else ""
        raise DeliveryError(f"errcode {errcode}: {errmsg}")
    return "errcode 0"


class WeComRobotProvider:
    def send(self, message: Outgoing) -> str:
        target = _target(message)
        content = truncate_utf8(message.body, WECOM_MAX_BYTES)
        body = canonical_json({"msgtype": "markdown", "markdown": {"content": content}})
        response = _post(target.url, content=body, headers={"Content-Type": "application/json"})
        return _robot_answer(response)


class DingTalkRobotProvider:
    def send(self, message: Outgoing) -> str:
        target = _target(message)
        url = target.url
        if target.secret:
            url = dingtalk_signed_url(
                url=url, secret=target.secret, timestamp_ms=int(time.time() * 1000)
            )
        text = truncate_utf8(message.body, DINGTALK_MAX_BYTES)
        body = canonical_json(
            {"msgtype": "markdown", "markdown": {"title": message.subject, "text": text}}
        )
        response = _post(url, content=body, headers={"Content-Type": "application/json"})
        return _robot_answer(response)
