"""Signatures of outgoing webhooks (ours and DingTalk's), as pure functions.

Our webhooks: ``X-Aftersales-Signature: sha256=<hex>`` where the hex is
HMAC-SHA256(secret, ``"<timestamp>." + body``) and ``<timestamp>`` (Unix seconds) is sent
in ``X-Aftersales-Timestamp``. Signing the timestamp with the body lets a receiver
refuse replays: it recomputes the HMAC over the exact bytes it received and accepts
only a fresh timestamp (``verify_webhook``, for receivers written in Python).

DingTalk's 加签: sign = urlencode(base64(HMAC-SHA256(secret, "<ms timestamp>\\n<secret>")))
appended to the robot URL as ``&timestamp=…&sign=…``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from urllib.parse import quote_plus

SIGNATURE_HEADER = "X-Aftersales-Signature"
TIMESTAMP_HEADER = "X-Aftersales-Timestamp"
EVENT_HEADER = "X-Aftersales-Event"
DELIVERY_HEADER = "X-Aftersales-Delivery"


def webhook_signature(*, secret: str, timestamp: int, body: bytes) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"sha256={mac.hexdigest()}"


def verify_webhook(
    *,
    secret: str,
    timestamp: str,
    body: bytes,
    signature: str,
    now: float,
    tolerance_seconds: int = 300,
) -> bool:
    """Whether a received webhook is ours and fresh (what a receiver should check)."""
    try:
        sent = int(timestamp)
    except ValueError:
        return False
    if abs(now - sent) > tolerance_seconds:
        return False
    expected = webhook_signature(secret=secret, timestamp=sent, body=body)
    return hmac.compare_digest(expected, signature)


def dingtalk_sign(*, secret: str, timestamp_ms: int) -> str:
    to_sign = f"{timestamp_ms}\n{secret}".encode()
    digest = hmac.new(secret.encode(), to_sign, hashlib.sha256).digest()
    return quote_plus(base64.b64encode(digest))


def dingtalk_signed_url(*, url: str, secret: str, timestamp_ms: int) -> str:
    sign = dingtalk_sign(secret=secret, timestamp_ms=timestamp_ms)
    joiner = "&" if "?" in url else "?"
    return f"{url}{joiner}timestamp={timestamp_ms}&sign={sign}"
