from __future__ import annotations

from django.db.models import QuerySet

from aftersales.accounts.models import User


def staff_list(*, role: str | None = None, region: int | None = None) -> QuerySet[User]:
    qs = (
        User.objects.filter(customer__isnull=True, is_active=True)
        .select_related("region")
        .prefetch_related("roles", "skills")
        .order_by("id")
    )
    if role:
        qs = qs.filter(roles__code=role)
    if region:
        qs = qs.filter(region_id=region)
    return qs
