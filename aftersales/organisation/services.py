from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from aftersales.core.validation import Errors, full_clean_or_raise
from aftersales.organisation.models import Region


@transaction.atomic
def region_create(*, code: str, name: str, parent: Region | None = None) -> Region:
    region = Region(code=code, name=name, parent=parent)
    errors = Errors()
    if parent is not None and parent.path.count("/") > 8:
        errors.add("parent", _("the region tree is at most 8 levels deep"))
    errors.raise_if_any()
    full_clean_or_raise(region, exclude=["path"])
    region.save()
    region.path = f"{parent.path if parent else '/'}{region.pk}/"
    region.save(update_fields=["path"])
    return region
