from typing import TypeVar

from django.db.models import Model, QuerySet

M = TypeVar("M", bound=Model)


def first_or_none(qs: QuerySet[M]) -> M | None:
    """The first row of a lookup by a unique key, or None.

    Unlike ``QuerySet.first()`` it adds no ORDER BY (first() orders by the model's
    ordering or pk), which only costs the database planning and sorting time.
    """
    rows = list(qs.order_by()[:1])
    return rows[0] if rows else None
