"""What the parts panel of the order page shows (INV-2, INV-4): the order's parts —
reserved, used or released — with their price and defective-part return, the Issue /
Release buttons, and the reserve form (with "used now": straight from a warehouse or
the engineer's van, without a reservation).

Who may act is asked of ``quote_panel.allowed`` (the ``ACTIONS`` table the services
enforce; an engineer only on the orders assigned to them) and the order states of
``inventory.order_parts.USABLE_STATUSES``; the services check both again.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aftersales.accounts.models import User
from aftersales.catalog.selectors import part_list
from aftersales.console.forms import ServiceForm
from aftersales.console.quote_panel import allowed
from aftersales.console.stock_forms import Choices, part_choices, warehouse_choices
from aftersales.inventory.models import (
    DefectiveReturn,
    DefectiveReturnStatus,
    OrderPart,
    OrderPartStatus,
    Warehouse,
    WarehouseKind,
)
from aftersales.inventory.order_parts import USABLE_STATUSES
from aftersales.inventory.selectors import may_manage_warehouse, order_part_list, warehouse_list
from aftersales.service_orders.models import ServiceOrder

STATUS_CSS = {
    OrderPartStatus.RESERVED: "info",
    OrderPartStatus.ISSUED: "ok",
    OrderPartStatus.RELEASED: "muted",
}


class PartReserveForm(ServiceForm):
    """Reserve a part for the order, or (``use_now``) record it used at once. Errors of
    ``stock_move_create`` name the warehouse ``from_warehouse``."""

    error_fields = {
        "from_warehouse": "warehouse",
        "to_warehouse": None,
        "service_order": None,
        "kind": None,
    }

    part = forms.TypedChoiceField(label=_("Part"), required=False, coerce=int, empty_value=None)
    warehouse = forms.TypedChoiceField(
        label=_("Warehouse"), required=False, coerce=int, empty_value=None
    )
    quantity = forms.IntegerField(
        label=_("Quantity"), required=False, initial=1, widget=forms.NumberInput(attrs={"min": 1})
    )
    use_now = forms.BooleanField(
        label=_("Used now"),
        required=False,
        help_text=_(
            "Record the part as used straight from the warehouse or your van, without "
            "reserving it first."
        ),
    )

    def __init__(
        self,
        data: Any = None,
        *,
        parts: Choices,
        warehouses: list[Warehouse],
        use_now: bool,
        initial: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(data, initial=initial, auto_id="id_parts_%s")
        field = self.fields["part"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = parts
        field = self.fields["warehouse"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "—"), *warehouse_choices(warehouses)]
        if not use_now:  # the user may not use parts (order.parts.issue)
            del self.fields["use_now"]


def _own_van(user: User, w: Warehouse) -> bool:
    return w.kind == WarehouseKind.VAN and w.keeper_id == user.pk


def reserve_warehouses(user: User) -> list[Warehouse]:
    """The visible, active warehouses, but no colleague's van (not theirs to claim);
    the user's own van first."""
    found = [
        w
        for w in warehouse_list(user=user).filter(is_active=True)
        if w.kind != WarehouseKind.VAN or may_manage_warehouse(user=user, warehouse=w)
    ]
    return sorted(found, key=lambda w: not _own_van(user, w))


def reserve_parts(order: ServiceOrder) -> Choices:
    """Grouped choices: the parts that fit the unit's model first, then the others.
    (Only a shorter list: the service takes any known part.)"""
    parts = list(part_list())
    fitting: set[int] = set()
    if order.unit is not None:
        fitting = set(
            part_list().filter(fits=order.unit.product_model_id).values_list("pk", flat=True)
        )
    fits = [p for p in parts if p.pk in fitting]
    others = [p for p in parts if p.pk not in fitting]
    choices: Choices = [("", "—")]
    if fits:
        choices.append((_("Fits this unit's model"), part_choices(fits)))
        if others:
            choices.append((_("Other parts"), part_choices(others)))
    else:
        choices += part_choices(others)
    return choices


def reserve_form(user: User, order: ServiceOrder, data: Any = None) -> PartReserveForm:
    warehouses = reserve_warehouses(user)
    van = next((w.pk for w in warehouses if _own_van(user, w)), None)
    return PartReserveForm(
        data,
        parts=reserve_parts(order),
        warehouses=warehouses,
        use_now=allowed(user, order, "order.parts.issue"),
        initial={"warehouse": van} if van else None,
    )


@dataclass(frozen=True)
class PartRow:
    used: OrderPart
    status_css: str
    amount: Decimal
    returned: DefectiveReturn | None
    overdue: bool  # the defective original is still owed after its due day
    can_issue: bool
    can_release: bool


def _rows(user: User, order: ServiceOrder) -> list[PartRow]:
    today = timezone.localdate()
    usable = order.status in USABLE_STATUSES
    issue = usable and allowed(user, order, "order.parts.issue")
    release = allowed(user, order, "order.parts.release")
    rows = []
    for used in order_part_list(user=user, order_id=order.pk):
        returned = getattr(used, "defective_return", None)
        reserved = used.status == OrderPartStatus.RESERVED
        rows.append(
            PartRow(
                used=used,
                status_css=STATUS_CSS.get(OrderPartStatus(used.status), "muted"),
                amount=used.unit_price * used.quantity,
                returned=returned,
                overdue=returned is not None
                and returned.status == DefectiveReturnStatus.PENDING
                and returned.due_by < today,
                can_issue=reserved and issue,
                can_release=reserved and release,
            )
        )
    return rows


def parts_panel(
    user: User,
    order: ServiceOrder,
    *,
    form: PartReserveForm | None = None,
    error: str = "",
    notice: str = "",
) -> dict[str, Any] | None:
    """None when there is nothing to show: no parts and this user may not reserve one
    now. ``form`` is a reserve form that failed (shown open with its errors)."""
    rows = _rows(user, order)
    can_reserve = order.status in USABLE_STATUSES and allowed(user, order, "order.parts.reserve")
    if not (rows or can_reserve or error or notice):
        return None
    if can_reserve and form is None:
        form = reserve_form(user, order)
    return {
        "rows": rows,
        "can_reserve": can_reserve,
        "form": form if can_reserve else None,
        "form_open": form is not None and form.is_bound,
        "error": error,
        "notice": notice,
    }
