"""Small helpers that turn bad input into ``ValidationFailed`` naming the field."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TypeVar

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.utils.translation import gettext as _

from aftersales.core.exceptions import ValidationFailed
from aftersales.core.timeutil import local_today


class Errors:
    """Collects field errors, then raises them all at once."""

    def __init__(self) -> None:
        self.errors: dict[str, list[str]] = {}

    def add(self, field: str, message: str) -> None:
        self.errors.setdefault(field, []).append(message)

    def raise_if_any(self, message: str | None = None) -> None:
        if self.errors:
            first = next(iter(self.errors))
            raise ValidationFailed(
                message
                or _("Invalid %(field)s: %(error)s")
                % {"field": first, "error": self.errors[first][0]},
                errors=self.errors,
            )

    def not_in_future(self, field: str, value: dt.date | None) -> None:
        if value is not None and value > local_today():
            self.add(field, _("must not be in the future"))

    def not_negative(self, field: str, value: Decimal | int | None) -> None:
        if value is not None and value < 0:
            self.add(field, _("must be zero or more"))


def full_clean_or_raise(instance: models.Model, *, exclude: list[str] | None = None) -> None:
    """Run Django's model validation and re-raise it as ``ValidationFailed``."""
    try:
        instance.full_clean(exclude=exclude)
    except DjangoValidationError as exc:
        errors = {field: [str(m) for m in messages] for field, messages in exc.message_dict.items()}
        first = next(iter(errors))
        raise ValidationFailed(
            _("Invalid %(field)s: %(error)s") % {"field": first, "error": errors[first][0]},
            errors=errors,
        ) from exc


M = TypeVar("M", bound=models.Model)


def get_or_field_error(model: type[M], field: str, **lookup: object) -> M:
    """Fetch a referenced record or fail naming the request field (``known references``)."""
    obj = model._default_manager.filter(**lookup).first()
    if obj is None:
        raise ValidationFailed.field(field, _("unknown %(field)s") % {"field": field})
    return obj
