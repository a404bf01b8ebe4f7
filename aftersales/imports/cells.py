"""Turn one spreadsheet cell into a typed value, or say in the user's words why not.

Cells come as Excel gives them (``str``, ``int``, ``float``, ``datetime``, ``bool``,
``None``) or as CSV text. Each parser returns the value (``None`` for an empty cell) or
raises ``CellError`` with a message for the report. No database access here.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _


class CellError(ValueError):
    """A cell that cannot be read as the column's type; the message is for the user."""


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def as_text(value: object) -> str:
    """Text as the user sees it in the sheet.

    Excel stores a phone or serial typed without quotes as a number: ``13800138000`` comes
    back as ``13800138000`` (int) or ``13800138000.0`` (float), never as ``1.38e10``.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    # NFKC turns full-width digits and letters (１２３, ＡＢ) into ASCII.
    return unicodedata.normalize("NFKC", str(value)).strip()


def parse_text(value: object, *, max_length: int) -> str:
    text = as_text(value)
    if len(text) > max_length:
        raise CellError(
            _("is too long (%(length)s characters, at most %(max)s)")
            % {"length": len(text), "max": max_length}
        )
    return text


_DATE_PATTERNS = (
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$"),
    re.compile(r"^(\d{4})\u5e74(\d{1,2})\u6708(\d{1,2})\u65e5?$"),  # 2025年3月10日
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)


def parse_date(value: object) -> dt.date | None:
    """A date: an Excel date cell, or text ``2025-03-10``, ``2025/3/10``, ``2025.3.10``,
    ``2025年3月10日`` or ``20250310``. A time of day, if any, is dropped."""
    if is_blank(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = as_text(value)
    text = text.split(" ")[0].split("T")[0]  # "2025-03-10 00:00:00" from some exports
    for pattern in _DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            year, month, day = (int(part) for part in match.groups())
            try:
                return dt.date(year, month, day)
            except ValueError:
                break
    raise CellError(_("is not a date (write it as YYYY-MM-DD, e.g. 2025-03-10)"))


_MONEY_NOISE = re.compile(r"[\s,\u00a5\uffe5\u5143]|^rmb|^cny", re.IGNORECASE)  # ¥ ￥ 元


def parse_money(value: object) -> Decimal | None:
    """An amount in yuan with at most two decimals: ``3599``, ``3,599.00``, ``¥3599.5``."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise CellError(_("is not an amount"))
    if isinstance(value, int):
        return Decimal(value)
    # repr of a float is the shortest text that reads back the same: 1299.99 → "1299.99"
    text = repr(value) if isinstance(value, float) else _MONEY_NOISE.sub("", as_text(value))
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise CellError(_("is not an amount")) from None
    if not amount.is_finite():
        raise CellError(_("is not an amount"))
    if amount.as_tuple().exponent < -2:  # type: ignore[operator]
        raise CellError(_("has more than two decimals (amounts are in yuan, to the fen)"))
    return amount


def parse_int(value: object) -> int | None:
    """A whole number (months): ``12``, ``12.0`` from Excel."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise CellError(_("is not a whole number"))
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        raise CellError(_("is not a whole number"))
    text = as_text(value)
    if not re.fullmatch(r"[+-]?\d{1,9}", text):
        raise CellError(_("is not a whole number"))
    return int(text)


# Yes/no as users type it, in English and Chinese (是/否, 有/无, 对/错, √/×).
_TRUE = frozenset({"1", "y", "yes", "true", "t", "\u662f", "\u6709", "\u5bf9", "\u221a"})
_FALSE = frozenset({"0", "n", "no", "false", "f", "\u5426", "\u65e0", "\u9519", "\u00d7", "x"})


def parse_bool(value: object) -> bool | None:
    if is_blank(value):
        return None
    if isinstance(value, bool):
        return value
    text = as_text(value).lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise CellError(_("is not yes or no (write 1/0, yes/no, true/false)"))


def parse_choice(value: object, *, choices: dict[str, str]) -> str | None:
    """One of ``choices`` (what users write → stored code), case-insensitive."""
    if is_blank(value):
        return None
    text = as_text(value).lower()
    if text in choices:
        return choices[text]
    accepted = ", ".join(sorted(set(choices)))
    raise CellError(_("must be one of: %(choices)s") % {"choices": accepted})
