"""Signatures: ours (HMAC-SHA256 over timestamp and body) and DingTalk's 加签."""

from __future__ import annotations

import base64
import hashlib
import hmac
from urllib.parse import parse_qs, unquote_plus, urlsplit

from hypothesis import given
from hypothesis import strategies as st

from aftersales.notifications.signing import (
    dingtalk_sign,
    dingtalk_signed_url,
    verify_webhook,
    webhook_signature,
)

SECRET = "s3cret"
BODY = b'{"event":"order.received","order":{"number":"SO2025030700001"}}'


def test_webhook_signature_is_hmac_sha256_over_timestamp_dot_body():
    # Computed the way a receiver in any language would, from the documented recipe.
    expected = hmac.new(b"s3cret", b"1741338000." + BODY, hashlib.sha256).hexdigest()
    assert webhook_signature(secret=SECRET, timestamp=1741338000, body=BODY) == (
        f"sha256={expected}"
    )


def test_a_receiver_accepts_a_fresh_signed_body_and_refuses_anything_else():
    signature = webhook_signature(secret=SECRET, timestamp=1000, body=BODY)
    ok = {"secret": SECRET, "timestamp": "1000", "body": BODY, "signature": signature}
    assert verify_webhook(**ok, now=1000)
    assert verify_webhook(**ok, now=1299)  # within five minutes
    assert not verify_webhook(**ok, now=1301)  # a replay after the tolerance
    assert not verify_webhook(**{**ok, "secret": "other"}, now=1000)
    assert not verify_webhook(**{**ok, "body": BODY + b" "}, now=1000)
    assert not verify_webhook(**{**ok, "timestamp": "1001"}, now=1000)  # ts is signed too
    assert not verify_webhook(**{**ok, "timestamp": "soon"}, now=1000)


@given(
    secret=st.text(min_size=1, max_size=40),
    body=st.binary(max_size=200),
    timestamp=st.integers(min_value=0, max_value=2**40),
    flip=st.integers(min_value=0, max_value=199),
)
def test_any_changed_byte_breaks_the_signature(secret, body, timestamp, flip):
    signature = webhook_signature(secret=secret, timestamp=timestamp, body=body)
    assert verify_webhook(
        secret=secret, timestamp=str(timestamp), body=body, signature=signature, now=timestamp
    )
    if body:
        i = flip % len(body)
        tampered = body[:i] + bytes([body[i] ^ 1]) + body[i + 1 :]
        assert not verify_webhook(
            secret=secret,
            timestamp=str(timestamp),
            body=tampered,
            signature=signature,
            now=timestamp,
        )


def test_dingtalk_sign_follows_the_robot_documentation():
    # DingTalk: base64(HmacSHA256(key=secret, "<ms>\n<secret>")), then URL-encoded.
    secret, ms = "SEC0123456789abcdef", 1741338000123
    digest = hmac.new(secret.encode(), f"{ms}\n{secret}".encode(), hashlib.sha256).digest()
    sign = dingtalk_sign(secret=secret, timestamp_ms=ms)
    assert unquote_plus(sign) == base64.b64encode(digest).decode()
    assert "+" not in sign
    assert "/" not in sign
    assert "=" not in sign


def test_dingtalk_signed_url_keeps_the_access_token_and_adds_timestamp_and_sign():
    url = dingtalk_signed_url(
        url="https://oapi.dingtalk.com/robot/send?access_token=abc", secret="SECx", timestamp_ms=5
    )
    query = parse_qs(urlsplit(url).query)
    assert query["access_token"] == ["abc"]
    assert query["timestamp"] == ["5"]
    assert query["sign"] == [unquote_plus(dingtalk_sign(secret="SECx", timestamp_ms=5))]
