"""Forms of the spare-parts pages: the stock and move-history filters, and the move
form. They parse input only; ``inventory.services.stock_move_create`` decides, and its
errors come back onto the fields (``ServiceForm.apply_errors``)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from aftersales.accounts.models import User
from aftersales.catalog.models import Part
from aftersales.console.forms import ServiceForm
from aftersales.inventory import rules
from aftersales.inventory.models import MoveKind, Warehouse
from aftersales.service_orders.selectors import service_order_by_number

Choices = list[tuple[Any, Any]]


def warehouse_choices(warehouses: Iterable[Warehouse]) -> Choices:
    return [(w.pk, f"{w.code} · {w.name}") for w in warehouses]


def part_choices(parts: Iterable[Part]) -> Choices:
    return [(p.pk, f"{p.sku} · {p.name}") for p in parts]


def _choices(field: forms.Field, choices: Choices) -> None:
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices


def _id_field(label: Any) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(label=label, required=False, coerce=int, empty_value=None)


def _valid_data(form: forms.Form) -> dict[str, Any]:
    """The fields that parsed; invalid ones filter nothing (and show their error)."""
    form.is_valid()
    return getattr(form, "cleaned_data", {})


class StockFilterForm(forms.Form):
    warehouse = _id_field(_("Warehouse"))
    q = forms.CharField(
        label=_("Part"),
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("SKU or name")}),
    )
    below_minimum = forms.BooleanField(label=_("Below minimum only"), required=False)

    def __init__(self, data: Any, *, warehouses: Iterable[Warehouse]) -> None:
        super().__init__(data)
        _choices(self.fields["warehouse"], [("", _("all")), *warehouse_choices(warehouses)])

    def filters(self) -> dict[str, Any]:
        """Keyword arguments for ``inventory.selectors.stock_search``."""
        data = _valid_data(self)
        return {
            "warehouse_id": data.get("warehouse"),
            "q": (data.get("q") or "").strip() or None,
            "below_minimum": bool(data.get("below_minimum")),
        }


class MoveFilterForm(forms.Form):
    warehouse = _id_field(_("Warehouse"))
    part = _id_field(_("Part"))
    kind = forms.ChoiceField(label=_("Move kind"), required=False)
    order = forms.CharField(
        label=_("Order number"),
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )

    def __init__(
        self, data: Any, *, warehouses: Iterable[Warehouse], parts: Iterable[Part]
    ) -> None:
        super().__init__(data)
        _choices(self.fields["warehouse"], [("", _("all")), *warehouse_choices(warehouses)])
        _choices(self.fields["part"], [("", _("all")), *part_choices(parts)])
        _choices(self.fields["kind"], [("", _("all")), *list(MoveKind.choices)])

    def filters(self) -> dict[str, Any]:
        """Keyword arguments for ``inventory.selectors.stock_move_search``."""
        data = _valid_data(self)
        return {
            "warehouse_id": data.get("warehouse"),
            "part_id": data.get("part"),
            "kind": data.get("kind") or None,
            "order_number": (data.get("order") or "").strip() or None,
        }


# The move form's kinds: a count adjustment is offered as "up" and "down"; issues are
# booked from the order page (parts used on an order).
ADJUST_UP, ADJUST_DOWN = "adjustment_up", "adjustment_down"
FORM_KINDS: Choices = [
    (MoveKind.RECEIPT.value, MoveKind.RECEIPT.label),
    (MoveKind.TRANSFER.value, MoveKind.TRANSFER.label),
    (MoveKind.SCRAP.value, MoveKind.SCRAP.label),
    (ADJUST_UP, _("count adjustment up")),
    (ADJUST_DOWN, _("count adjustment down")),
    (MoveKind.DEFECTIVE_RETURN.value, MoveKind.DEFECTIVE_RETURN.label),
]
# (names a source, names a target) per form kind: the ledger's own table (rules.SIDES).
FORM_SIDES: dict[str, tuple[bool, bool]] = {
    **{kind: rules.SIDES[kind] for kind, _label in FORM_KINDS if kind in rules.SIDES},
    ADJUST_UP: (False, True),
    ADJUST_DOWN: (True, False),
}


class StockMoveForm(ServiceForm):
    """One move of the ledger. A warehouse the kind does not name, and the order number
    of anything but a defective return, are ignored (the page hides them), so a value
    left there from another kind does not refuse the move."""

    error_fields = {"service_order": "order"}

    kind = forms.ChoiceField(label=_("Move kind"), choices=FORM_KINDS)
    part = _id_field(_("Part"))
    quantity = forms.IntegerField(
        label=_("Quantity"), required=False, widget=forms.NumberInput(attrs={"min": 1})
    )
    from_warehouse = _id_field(_("From warehouse"))
    to_warehouse = _id_field(_("To warehouse"))
    order = forms.CharField(
        label=_("Order number"),
        required=False,
        max_length=32,
        help_text=_("For a defective return: the order the part was used on."),
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required for scrap and count adjustments."),
    )

    def __init__(
        self,
        data: Any = None,
        *,
        user: User,
        sources: Iterable[Warehouse],
        targets: Iterable[Warehouse],
        parts: Iterable[Part],
        initial: dict[str, Any] | None = None,
    ) -> None:
        """``sources``: the warehouses stock may leave (or be counted in) for this user;
        ``targets``: those it may be sent to."""
        super().__init__(data, initial=initial)
        self.user = user
        _choices(self.fields["from_warehouse"], [("", "—"), *warehouse_choices(sources)])
        _choices(self.fields["to_warehouse"], [("", "—"), *warehouse_choices(targets)])
        _choices(self.fields["part"], [("", "—"), *part_choices(parts)])

    def clean(self) -> dict[str, Any]:
        """Only a defective return names an order (the page hides the field otherwise):
        its number becomes the id of an order this user sees, else a field error."""
        data = super().clean() or {}
        number = (data.get("order") or "").strip()
        data["order"] = None
        if number and data.get("kind") == MoveKind.DEFECTIVE_RETURN:
            order = service_order_by_number(user=self.user, number=number)
            if order is None:
                self.add_error("order", _("No such order."))
            else:
                data["order"] = order.pk
        return data

    def service_kwargs(self) -> dict[str, Any]:
        """Keyword arguments for ``stock_move_create`` (without the actor)."""
        data = self.cleaned_data
        kind = data["kind"]
        names_from, names_to = FORM_SIDES[kind]
        return {
            "kind": "adjustment" if kind in (ADJUST_UP, ADJUST_DOWN) else kind,
            "part_id": data.get("part"),
            "quantity": data.get("quantity"),
            "from_warehouse_id": data.get("from_warehouse") if names_from else None,
            "to_warehouse_id": data.get("to_warehouse") if names_to else None,
            "service_order_id": data.get("order"),
            "reason": data.get("reason") or "",
        }

    def hidden_sides(self) -> list[tuple[str, str]]:
        """(kind, css class) pairs: the fields the page hides while that kind is chosen."""
        hidden = []
        for kind, (names_from, names_to) in FORM_SIDES.items():
            if not names_from:
                hidden.append((kind, "for-from"))
            if not names_to:
                hidden.append((kind, "for-to"))
            if kind != MoveKind.DEFECTIVE_RETURN:
                hidden.append((kind, "for-order"))
        return hidden
