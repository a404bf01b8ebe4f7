"""Lists: ``?page=N&page_size=M`` (max 200) → ``{"count", "results"}`` (api.md)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.db.models import Model, QuerySet
from ninja import Schema
from pydantic import Field

from aftersales.core.counting import fast_count

M = TypeVar("M", bound=Model)


class PageParams(Schema):
    page: int = Field(1, ge=1, description="page number, from 1")
    page_size: int = Field(50, ge=1, le=200, description="rows per page, at most 200")


def paginate(
    qs: QuerySet[M],
    params: PageParams,
    count: Callable[[], int] | None = None,
    build: Callable[[QuerySet[M]], list[Any]] = list,
) -> tuple[int, list[Any]]:
    """One page of ``qs`` and the total; ``count`` may supply a cheaper total and
    ``build`` may make the page's rows some other way than as model instances."""
    start = (params.page - 1) * params.page_size
    rows = build(qs[start : start + params.page_size])
    if params.page == 1 and len(rows) < params.page_size:
        return len(rows), rows  # the whole list is on this page: no COUNT needed
    return (count() if count else fast_count(qs)), rows


def page_response(count: int, results: list[Any]) -> dict[str, Any]:
    return {"count": count, "results": results}
