from __future__ import annotations

from django.db.models import QuerySet

from aftersales.organisation.models import Region


def region_list() -> QuerySet[Region]:
    return Region.objects.select_related("parent").order_by("path")


def region_subtree_ids(*, region: Region) -> list[int]:
    """Ids of the region and everything below it (one indexed prefix query)."""
    return list(Region.objects.filter(path__startswith=region.path).values_list("id", flat=True))
