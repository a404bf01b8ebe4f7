"""Writes on warehouses and the stock ledger's own moves (INV-1, INV-2).

``stock_move_create`` is ``POST /stock-moves``: receipts, transfers, scrap, count
adjustments and defective returns by warehouse staff, and issues to an order (which go
through ``order_parts.order_part_issue``). Every refusal is raised before anything is
written: 403 the actor may not, 422 a bad field (named), 409 not enough stock.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aftersales.accounts.access import require
from aftersales.accounts.models import User
from aftersales.catalog.models import Part
from aftersales.core.validation import Errors, full_clean_or_raise
from aftersales.inventory import order_parts, rules
from aftersales.inventory.ledger import post_move
from aftersales.inventory.models import MoveKind, StockMove, Warehouse, WarehouseKind
from aftersales.inventory.selectors import require_manage_warehouse, warehouse_visible_qs
from aftersales.organisation.models import NetworkPoint, Region

# The kinds POST /stock-moves takes; reserve/release belong to an order's parts.
API_KINDS = ("receipt", "transfer", "issue", "defective_return", "scrap", "adjustment")
MAX_QUANTITY = 100_000
REASON_REQUIRED = ("scrap", "adjustment")


@transaction.atomic
def warehouse_create(
    *,
    actor: User,
    code: str,
    name: str,
    kind: str,
    region_id: int | None = None,
    network_point_id: int | None = None,
    keeper_id: int | None = None,
) -> Warehouse:
    require(actor, "warehouse.create")
    errors = Errors()
    code, name = (code or "").strip(), (name or "").strip()
    if not code:
        errors.add("code", _("is required"))
    elif Warehouse.objects.filter(code=code).exists():
        errors.add("code", _("is already taken"))
    if not name:
        errors.add("name", _("is required"))
    if kind not in WarehouseKind.values:
        errors.add(
            "kind",
            _("must be one of: %(choices)s") % {"choices": ", ".join(WarehouseKind.values)},
        )
    region = Region.objects.filter(pk=region_id).first() if region_id is not None else None
    if region_id is not None and region is None:
        errors.add("region", _("unknown region"))
    elif region is None and kind != WarehouseKind.CENTRAL:
        errors.add("region", _("is required (only the central warehouse serves no region)"))
    point = None
    if network_point_id is not None:
        point = NetworkPoint.objects.filter(pk=network_point_id).first()
        if point is None:
            errors.add("network_point", _("unknown network point"))
    keeper = None
    if keeper_id is not None:
        keeper = User.objects.filter(pk=keeper_id, customer__isnull=True).first()
        if keeper is None:
            errors.add("keeper", _("unknown staff member"))
    if kind == WarehouseKind.VAN:
        if keeper is None and "keeper" not in errors.errors:
            errors.add("keeper", _("is required for a van: the engineer it belongs to"))
        elif keeper is not None and "engineer" not in keeper.role_codes:
            errors.add("keeper", _("must be an engineer: a van is an engineer's stock"))
        elif keeper is not None and Warehouse.objects.filter(kind="van", keeper=keeper).exists():
            errors.add("keeper", _("already has a van"))
    errors.raise_if_any()
    warehouse = Warehouse(
        code=code, name=name, kind=kind, region=region, network_point=point, keeper=keeper
    )
    full_clean_or_raise(warehouse)
    warehouse.save()
    return warehouse


def _quantity(errors: Errors, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        errors.add("quantity", _("must be a whole number"))
        return 0
    if value < 1:
        errors.add("quantity", _("must be at least 1"))
    elif value > MAX_QUANTITY:
        errors.add("quantity", _("must be at most %(max)s") % {"max": MAX_QUANTITY})
    return value


def _warehouse(actor: User, errors: Errors, field: str, pk: int | None) -> Warehouse | None:
    if pk is None:
        return None
    found = warehouse_visible_qs(user=actor).filter(pk=pk).first()
    if found is None:
        errors.add(field, _("unknown warehouse"))
    elif not found.is_active:
        errors.add(field, _("the warehouse is closed"))
    return found


def _check_managed(actor: User, *warehouses: Warehouse | None) -> None:
    """Stock leaving a warehouse, received from outside or counted there is booked by its
    own staff (``may_manage_warehouse``); sending to one is anyone's who sees it."""
    for warehouse in warehouses:
        if warehouse is not None:
            require_manage_warehouse(user=actor, warehouse=warehouse)


def _sides(errors: Errors, kind: str, has_from: bool, has_to: bool) -> None:
    if kind == "adjustment":
        if has_from == has_to:
            errors.add(
                "to_warehouse",
                _("give to_warehouse to count up or from_warehouse to count down (one of them)"),
            )
        return
    needs_from, needs_to = rules.SIDES[kind]
    label = MoveKind(kind).label
    for field, needed, given in (
        ("from_warehouse", needs_from, has_from),
        ("to_warehouse", needs_to, has_to),
    ):
        if needed and not given:
            errors.add(field, _("is required for a %(kind)s") % {"kind": label})
        elif given and not needed:
            errors.add(field, _("must be empty for a %(kind)s") % {"kind": label})


@transaction.atomic
def stock_move_create(
    *,
    actor: User,
    kind: str,
    part_id: int | None,
    quantity: Any,
    from_warehouse_id: int | None = None,
    to_warehouse_id: int | None = None,
    service_order_id: int | None = None,
    reason: str = "",
) -> StockMove:
    """Book one move of ``API_KINDS``; an issue needs ``service_order`` and becomes a
    part used on that order (``order_parts.order_part_issue``)."""
    if kind == "issue":
        require(actor, "order.parts.issue")
    else:
        require(actor, "stock.move")
    errors = Errors()
    if kind not in API_KINDS:
        errors.add("kind", _("must be one of: %(choices)s") % {"choices": ", ".join(API_KINDS)})
        errors.raise_if_any()
    qty = _quantity(errors, quantity)
    part = Part.objects.filter(pk=part_id).first() if part_id is not None else None
    if part is None:
        errors.add("part", _("unknown part") if part_id is not None else _("is required"))
    _sides(errors, kind, from_warehouse_id is not None, to_warehouse_id is not None)
    source = _warehouse(actor, errors, "from_warehouse", from_warehouse_id)
    target = _warehouse(actor, errors, "to_warehouse", to_warehouse_id)
    if source is not None and target is not None and source.pk == target.pk:
        errors.add("to_warehouse", _("must differ from from_warehouse"))
    reason = (reason or "").strip()
    if kind in REASON_REQUIRED and not reason:
        errors.add("reason", _("is required for a %(kind)s") % {"kind": MoveKind(kind).label})
    if kind == "issue" and service_order_id is None:
        errors.add("service_order", _("is required: parts are issued to an order"))
    errors.raise_if_any()
    assert part is not None
    _check_managed(actor, source, target if kind in ("receipt", "adjustment") else None)
    if kind == "issue":
        assert source is not None
        assert service_order_id is not None
        used = order_parts.order_part_issue(
            actor=actor,
            order_id=service_order_id,
            part_id=part.pk,
            warehouse_id=source.pk,
            quantity=qty,
        )
        return used.moves.filter(kind=MoveKind.ISSUE).latest("id")
    pending = None
    if service_order_id is not None:
        if kind != "defective_return":
            raise_field("service_order", _("only issues and defective returns name an order"))
        pending = order_parts.pending_return(
            actor=actor, order_id=service_order_id, part_id=part.pk, quantity=qty
        )
    move = post_move(
        kind=kind,
        part_id=part.pk,
        part_name=part.name,
        quantity=qty,
        actor=actor,
        at=timezone.now(),
        from_warehouse_id=source.pk if source else None,
        to_warehouse_id=target.pk if target else None,
        service_order_id=service_order_id,
        reason=reason,
    )
    if pending is not None:
        order_parts.receive_return(actor=actor, pending=pending, move=move)
    return move


def raise_field(field: str, message: str) -> None:
    errors = Errors()
    errors.add(field, message)
    errors.raise_if_any()
