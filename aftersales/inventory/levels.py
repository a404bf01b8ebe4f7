"""INV-5: a warehouse's minimum and maximum for a part.

The levels live on the ``Stock`` row (made, empty, when the warehouse has never held
the part). Setting them changes no quantity, so it needs no stock move; the quantities
are the ledger's alone (INV-2).
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from aftersales.accounts.access import require
from aftersales.accounts.models import User
from aftersales.catalog.models import Part
from aftersales.core.exceptions import PermissionDenied
from aftersales.core.queries import first_or_none
from aftersales.core.validation import Errors
from aftersales.inventory.locks import lock_stock_rows
from aftersales.inventory.models import Stock
from aftersales.inventory.selectors import access_warehouse, may_manage_warehouse

# The columns are 32-bit integers on PostgreSQL; a larger level is bad input, not a 500.
MAX_LEVEL = 1_000_000_000


def _check_levels(errors: Errors, min_level: int | None, max_level: int | None) -> None:
    errors.not_negative("min_level", min_level)
    errors.not_negative("max_level", max_level)
    for field, value in (("min_level", min_level), ("max_level", max_level)):
        if value is not None and value > MAX_LEVEL:
            errors.add(field, _("must be at most %(max)s") % {"max": MAX_LEVEL})
    if min_level is not None and max_level is not None and 0 <= max_level < min_level:
        errors.add("max_level", _("must not be less than the minimum"))


@transaction.atomic
def stock_levels_set(
    *,
    actor: User,
    warehouse_id: int,
    part_id: int,
    min_level: int | None,
    max_level: int | None,
) -> Stock:
    """Set (or clear, with ``None``) the minimum and maximum of a part in a warehouse.

    The warehouse must be visible (404), the actor allowed ``stock.levels`` (403), the
    part known and 0 ≤ minimum ≤ maximum (422 naming the field); nothing is written
    otherwise. The row is made if missing and locked (``locks.lock_stock_rows``) before
    it changes, and only its levels are saved.
    """
    warehouse = access_warehouse(user=actor, warehouse_id=warehouse_id)
    require(actor, "stock.levels")
    if not may_manage_warehouse(user=actor, warehouse=warehouse):
        raise PermissionDenied(_("Only head office sets the levels of the central warehouse."))
    errors = Errors()
    part = first_or_none(Part.objects.filter(pk=part_id))
    if part is None:
        errors.add("part", _("unknown %(field)s") % {"field": "part"})
    _check_levels(errors, min_level, max_level)
    errors.raise_if_any()
    assert part is not None
    stock = lock_stock_rows([(warehouse.pk, part.pk)])[(warehouse.pk, part.pk)]
    stock.warehouse, stock.part = warehouse, part
    stock.min_level = min_level
    stock.max_level = max_level
    stock.save(update_fields=["min_level", "max_level"])
    return stock
