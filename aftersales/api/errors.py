"""Map every error to the one body of api.md: ``{"detail", "errors", "code"}``."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from aftersales.core.exceptions import ApplicationError

_LOCATIONS = {"body", "query", "path", "header", "payload", "cookie", "form"}
INT64_MAX = 2**63 - 1


def _too_big(value: str) -> bool:
    digits = value.strip().lstrip("+-")
    return digits.isdigit() and int(digits) > INT64_MAX


def _field_name(loc: list[Any] | tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc if str(p) not in _LOCATIONS]
    # ninja wraps body and query params in the schema's argument name; drop it
    if len(parts) > 1 and parts[0] in {"data", "filters", "params"}:
        parts = parts[1:]
    return ".".join(parts) or "__all__"


def install(api: NinjaAPI) -> None:
    @api.exception_handler(ApplicationError)
    def application_error(request: HttpRequest, exc: ApplicationError) -> HttpResponse:
        body: dict[str, Any] = {"detail": exc.message, "errors": exc.errors, "code": exc.code}
        if exc.extra:
            body["extra"] = exc.extra
        return api.create_response(request, body, status=exc.http_status)

    @api.exception_handler(NinjaValidationError)
    def validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        errors: dict[str, list[str]] = {}
        for error in exc.errors:
            errors.setdefault(_field_name(error.get("loc", ())), []).append(
                str(error.get("msg", "invalid"))
            )
        first = next(iter(errors), "__all__")
        detail = f"Invalid {first}: {errors[first][0]}" if errors else "Invalid input."
        return api.create_response(
            request, {"detail": detail, "errors": errors, "code": "invalid"}, status=422
        )

    @api.exception_handler(OverflowError)
    def out_of_range(request: HttpRequest, exc: OverflowError) -> HttpResponse:
        # SQLite cannot bind an integer past 64 bits: an id far out of range in a query or
        # path parameter is bad input, named like any other.
        given = {**request.GET.dict()}
        match = getattr(request, "resolver_match", None)
        if match is not None:
            given.update({k: str(v) for k, v in match.kwargs.items()})
        fields = [k for k, v in given.items() if _too_big(v)]
        message = _("is out of range")
        errors = {field: [message] for field in fields} or {"__all__": [message]}
        first = next(iter(errors))
        return api.create_response(
            request,
            {"detail": f"Invalid {first}: {message}", "errors": errors, "code": "invalid"},
            status=422,
        )

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return api.create_response(
            request,
            {"detail": "Authentication required.", "errors": {}, "code": "unauthenticated"},
            status=401,
        )

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return api.create_response(
            request,
            {"detail": str(exc), "errors": {}, "code": "http_error"},
            status=exc.status_code,
        )
