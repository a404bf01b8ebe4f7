"""Reads of warehouses, stock and the ledger, limited to what the user may see (SEC-2).

Who sees which warehouse: the roles that see everything see every warehouse; a
regional role sees the warehouses of its region's subtree and the central ones (whose
stock every region draws on); an engineer also sees their own van. Customers see none.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import BooleanField, Exists, ExpressionWrapper, F, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from aftersales.accounts.access import require, scope_for
from aftersales.accounts.models import User
from aftersales.core.exceptions import NotFound, PermissionDenied
from aftersales.core.queries import first_or_none
from aftersales.inventory.models import (
    DefectiveReturn,
    DefectiveReturnStatus,
    OrderPart,
    OrderPartStatus,
    Stock,
    StockMove,
    Warehouse,
    WarehouseKind,
)
from aftersales.service_orders.selectors import access_service_order, service_order_visible_qs


def warehouse_visible_qs(*, user: User) -> QuerySet[Warehouse]:
    qs = Warehouse.objects.all()
    if user.is_customer_user or not user.is_active or not user.role_codes:
        return qs.none()
    scope = scope_for(user)
    if scope.everything:
        return qs
    return qs.filter(
        Q(kind=WarehouseKind.CENTRAL) | Q(region_id__in=scope.region_ids) | Q(keeper_id=user.pk)
    )


def access_warehouse(*, user: User, warehouse_id: int) -> Warehouse:
    found = first_or_none(warehouse_visible_qs(user=user).filter(pk=warehouse_id))
    if found is None:
        raise NotFound(_("Warehouse not found."))
    return found


def warehouse_list(
    *, user: User, kind: str | None = None, region_id: int | None = None
) -> QuerySet[Warehouse]:
    require(user, "stock.read")
    qs = warehouse_visible_qs(user=user).select_related("region", "keeper", "network_point")
    if kind:
        qs = qs.filter(kind=kind)
    if region_id is not None:
        qs = qs.filter(region_id=region_id)
    return qs.order_by("code")


def stock_list(
    *,
    user: User,
    warehouse_id: int | None = None,
    part_id: int | None = None,
    below_minimum: bool = False,
) -> QuerySet[Stock]:
    """Balances of the warehouses the user sees (404 for a warehouse they don't)."""
    require(user, "stock.read")
    if warehouse_id is not None:
        access_warehouse(user=user, warehouse_id=warehouse_id)
    qs = Stock.objects.filter(warehouse__in=warehouse_visible_qs(user=user)).select_related(
        "warehouse", "part"
    )
    if warehouse_id is not None:
        qs = qs.filter(warehouse_id=warehouse_id)
    if part_id is not None:
        qs = qs.filter(part_id=part_id)
    if below_minimum:
        qs = qs.filter(min_level__isnull=False, min_level__gt=F("on_hand") - F("reserved"))
    return qs.order_by("warehouse__code", "part__sku")


def stock_move_list(
    *,
    user: User,
    warehouse_id: int | None = None,
    part_id: int | None = None,
    order_id: int | None = None,
    kind: str | None = None,
) -> QuerySet[StockMove]:
    """The ledger lines touching warehouses the user sees, newest first, each annotated
    ``order_visible``: whether the user may see the order it was for (a central
    warehouse's line is everyone's, the 上海 order it served is not — SEC-2)."""
    require(user, "stock.read")
    visible = warehouse_visible_qs(user=user)
    qs = (
        StockMove.objects.filter(Q(from_warehouse__in=visible) | Q(to_warehouse__in=visible))
        .select_related("part", "from_warehouse", "to_warehouse", "actor", "service_order")
        .annotate(
            order_visible=Exists(
                service_order_visible_qs(user=user).filter(pk=OuterRef("service_order_id"))
            )
        )
    )
    if warehouse_id is not None:
        access_warehouse(user=user, warehouse_id=warehouse_id)
        qs = qs.filter(Q(from_warehouse_id=warehouse_id) | Q(to_warehouse_id=warehouse_id))
    if part_id is not None:
        qs = qs.filter(part_id=part_id)
    if order_id is not None:
        access_service_order(user=user, order_id=order_id)  # 404 for an invisible order
        qs = qs.filter(service_order_id=order_id)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("-at", "-id")


def order_part_list(*, user: User, order_id: int) -> QuerySet[OrderPart]:
    """The parts of an order the user may see (404 otherwise), oldest first."""
    order = access_service_order(user=user, order_id=order_id)
    return (
        OrderPart.objects.filter(order=order)
        .select_related("part", "warehouse", "defective_return__order", "defective_return__part")
        .order_by("pk")
    )


def defective_return_list(
    *,
    user: User,
    status: str | None = None,
    order_id: int | None = None,
    overdue_on: dt.date | None = None,
) -> QuerySet[DefectiveReturn]:
    """INV-4: the defective-part returns of the orders the user may see, earliest due
    first; ``overdue_on``: only those still pending after their due day."""
    require(user, "stock.read")
    qs = DefectiveReturn.objects.filter(order__in=service_order_visible_qs(user=user))
    if order_id is not None:
        access_service_order(user=user, order_id=order_id)
        qs = qs.filter(order_id=order_id)
    if status:
        qs = qs.filter(status=status)
    if overdue_on is not None:
        qs = qs.filter(status=DefectiveReturnStatus.PENDING, due_by__lt=overdue_on)
    return qs.select_related("order", "part").order_by("due_by", "pk")


# --- the console's stock pages (additive: ``stock_list``/``stock_move_list`` narrowed) ---


def stock_search(
    *,
    user: User,
    warehouse_id: int | None = None,
    q: str | None = None,
    below_minimum: bool = False,
) -> QuerySet[Stock]:
    """``stock_list`` narrowed to the parts whose SKU or name contains ``q``, each row
    annotated ``is_below_minimum`` — the condition ``below_minimum=True`` filters on
    (available below a set minimum)."""
    qs = stock_list(user=user, warehouse_id=warehouse_id, below_minimum=below_minimum)
    term = (q or "").strip()
    if term:
        qs = qs.filter(Q(part__sku__icontains=term) | Q(part__name__icontains=term))
    return qs.annotate(
        is_below_minimum=ExpressionWrapper(
            Q(min_level__isnull=False, min_level__gt=F("on_hand") - F("reserved")),
            output_field=BooleanField(),
        )
    )


def stock_move_search(
    *,
    user: User,
    warehouse_id: int | None = None,
    part_id: int | None = None,
    kind: str | None = None,
    order_number: str | None = None,
) -> QuerySet[StockMove]:
    """``stock_move_list`` filtered by the number of the order the moves were for
    (case and surrounding spaces ignored), newest first."""
    qs = stock_move_list(user=user, warehouse_id=warehouse_id, part_id=part_id, kind=kind)
    term = (order_number or "").strip().upper()
    if term:
        qs = qs.filter(service_order__number=term)
    return qs


def order_parts_in_use(*, order_id: int) -> list[tuple[int, int]]:
    """(part, quantity) of the parts reserved or used on an order, for its quote: each
    part once, the quantities added up, in the order they were first taken."""
    totals: dict[int, int] = {}
    rows = (
        OrderPart.objects.filter(order_id=order_id)
        .exclude(status=OrderPartStatus.RELEASED)
        .order_by("pk")
        .values_list("part_id", "quantity")
    )
    for part_id, quantity in rows:
        totals[part_id] = totals.get(part_id, 0) + quantity
    return list(totals.items())


def may_manage_warehouse(*, user: User, warehouse: Warehouse) -> bool:
    """Whether the user may take stock out of, count, or set the levels of a warehouse
    they see: the central warehouses are head office's (roles that see every region); a
    van is its engineer's — other engineers may not take from it (warehouse staff and
    managers of the region may); every other visible warehouse is the region's."""
    if warehouse.kind == WarehouseKind.CENTRAL:
        return scope_for(user).everything
    if warehouse.kind == WarehouseKind.VAN and warehouse.keeper_id != user.pk:
        return bool(user.role_codes - {"engineer"})
    return True


def require_manage_warehouse(*, user: User, warehouse: Warehouse) -> None:
    """``PermissionDenied`` unless ``may_manage_warehouse``, saying whose stock it is."""
    if may_manage_warehouse(user=user, warehouse=warehouse):
        return
    if warehouse.kind == WarehouseKind.VAN:
        raise PermissionDenied(
            _("A van's stock is its engineer's: other engineers may not take from it.")
        )
    raise PermissionDenied(_("Only head office books moves out of or into the central warehouse."))
