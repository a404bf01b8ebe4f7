"""The one error hierarchy (conventions B.3.9).

Services raise these; the API maps them to HTTP codes in one place
(``aftersales.api.errors``) and the console shows ``message`` to the user.
Every subclass carries a stable ``code`` that clients may switch on.
"""

from __future__ import annotations

from typing import Any


class ApplicationError(Exception):
    code = "application_error"
    http_status = 400

    def __init__(
        self,
        message: str,
        *,
        errors: dict[str, list[str]] | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.errors = errors or {}
        self.extra = extra or {}


class ValidationFailed(ApplicationError):
    """Bad input; ``errors`` names each field."""

    code = "invalid"
    http_status = 422

    @classmethod
    def field(cls, field: str, message: str) -> ValidationFailed:
        return cls(message, errors={field: [message]})


class NotFound(ApplicationError):
    """Unknown record, or one the user may not see (SEC-2: the same answer)."""

    code = "not_found"
    http_status = 404


class PermissionDenied(ApplicationError):
    """A forbidden action on a record the user can see."""

    code = "forbidden"
    http_status = 403


class Conflict(ApplicationError):
    code = "conflict"
    http_status = 409


class InvalidTransition(Conflict):
    code = "invalid_transition"


class AlreadyAssigned(Conflict):
    code = "already_assigned"


class InsufficientStock(Conflict):
    """INV-3: the stock a move needs is not there (or was taken meanwhile)."""

    code = "insufficient_stock"
