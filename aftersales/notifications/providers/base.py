"""What every channel provider receives and may raise."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol


class DeliveryError(Exception):
    """The provider did not take the message. ``permanent`` = retrying cannot help
    (no address); otherwise the outbox tries again later. ``cancel`` = the message is
    no longer wanted (its endpoint was switched off): cancelled, not failed."""

    def __init__(self, message: str, *, permanent: bool = False, cancel: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent or cancel
        self.cancel = cancel


@dataclass(frozen=True)
class Target:
    """An endpoint as read at sending time (a corrected URL applies to retries)."""

    kind: str
    url: str
    secret: str
    name: str = ""


@dataclass(frozen=True)
class Outgoing:
    """A rendered message, ready for one channel."""

    delivery_id: str
    event_type: str
    channel: str
    address: str  # phone or e-mail; blank for endpoints
    subject: str
    text: str  # the short text (SMS, the webhook's ``text``)
    body: str  # e-mail body, or the robot's markdown
    payload: dict[str, Any] = field(default_factory=dict)  # webhook JSON
    target: Target | None = None


class Provider(Protocol):
    def send(self, message: Outgoing) -> str:
        """Deliver ``message``; return the provider's reference (may be empty).
        Raise ``DeliveryError`` (or anything) when it was not taken."""
        ...
