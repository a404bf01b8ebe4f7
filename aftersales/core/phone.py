"""Phone numbers as agents type them: mobile ``13800138000``, landline ``021-62345678``,
hotline ``400-830-7582``, optionally with ``+86``. Stored normalised (no spaces)."""

from __future__ import annotations

import re

_PHONE = re.compile(r"^\+?[0-9][0-9-]{4,19}$")


def normalise_phone(value: str) -> str:
    return re.sub(r"[\s()]", "", value or "")


def is_valid_phone(value: str) -> bool:
    return bool(_PHONE.match(value)) and sum(c.isdigit() for c in value) >= 5
