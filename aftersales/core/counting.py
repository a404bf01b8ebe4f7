"""Counting list results without making the list slow on large tables."""

from __future__ import annotations

from django.db.models import QuerySet


def fast_count(qs: QuerySet) -> int:
    """Exact row count of ``qs`` without its ordering, select_related or prefetches."""
    return qs.order_by().select_related(None).prefetch_related(None).count()
