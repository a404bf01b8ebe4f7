"""Template helpers of the console: show a link only when the role table allows it."""

from __future__ import annotations

from typing import Any

from django import template

from aftersales.accounts.access import may as _may
from aftersales.accounts.models import User

register = template.Library()


@register.filter
def may(user: Any, action: str) -> bool:
    """``{% if user|may:"order.create" %}`` — the same table the services enforce."""
    return isinstance(user, User) and _may(user, action)
