"""Forms of the quote section (FEE-2): what to price, and the customer's decision.

They parse input only. ``charges.services`` checks the lines against the price list and
the catalogue and names each bad line (``labour.hours``, ``parts.1.quantity``); the
form maps those names back onto its own fields.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from aftersales.accounts.models import User
from aftersales.accounts.roles import RoleCode
from aftersales.catalog.models import Part
from aftersales.charges.models import ApprovalChannel
from aftersales.charges.pricing import LinesIn, PartIn
from aftersales.charges.rules import Level
from aftersales.console.forms import ServiceForm

PART_ROWS = 3  # part lines on the form; a quote needing more is made through the API

# service error key -> form field (the parts' keys are added per submitted row)
QUOTE_ERROR_FIELDS: dict[str, str | None] = {
    "labour": "hours",
    "labour.fault_level": "fault_level",
    "labour.hours": "hours",
    "travel.distance_km": "distance_km",
    "lines": None,
}


def _set_choices(field: forms.Field, choices: list[tuple[Any, Any]]) -> None:
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices


class QuoteForm(ServiceForm):
    """Labour by fault level or by hours, travel by distance, parts with quantities."""

    fault_level = forms.TypedChoiceField(
        label=_("Labour by fault level"), required=False, coerce=int, empty_value=None
    )
    hours = forms.DecimalField(
        label=_("or labour hours"),
        required=False,
        widget=forms.NumberInput(attrs={"step": "0.25", "min": "0", "inputmode": "decimal"}),
    )
    distance_km = forms.DecimalField(
        label=_("Travel distance (km)"),
        required=False,
        widget=forms.NumberInput(attrs={"step": "0.1", "min": "0", "inputmode": "decimal"}),
    )
    note = forms.CharField(
        label=_("Note for the customer"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(
        self,
        data: Any = None,
        *,
        levels: Iterable[Level],
        parts: Iterable[Part],
        initial_parts: Iterable[tuple[int, int]] = (),
    ) -> None:
        """``initial_parts``: (part, quantity) rows to start an empty form with — the
        parts reserved or used on the order."""
        initial: dict[str, Any] = {}
        for i, (part_id, quantity) in enumerate(list(initial_parts)[:PART_ROWS]):
            initial[f"part_{i}"], initial[f"quantity_{i}"] = part_id, quantity
        super().__init__(data, auto_id="id_quote_%s", initial=initial)
        self.error_fields = dict(QUOTE_ERROR_FIELDS)
        _set_choices(
            self.fields["fault_level"],
            [
                ("", "—"),
                *(
                    (lv.fault_level, f"{lv.fault_level} · {lv.name} ({lv.price:.2f})")
                    for lv in levels
                ),
            ],
        )
        part_choices = [("", "—"), *((p.pk, f"{p.sku} {p.name} ({p.price:.2f})") for p in parts)]
        for i in range(PART_ROWS):
            part = forms.TypedChoiceField(
                label=_("Part"), required=False, coerce=int, empty_value=None
            )
            _set_choices(part, part_choices)
            self.fields[f"part_{i}"] = part
            self.fields[f"quantity_{i}"] = forms.IntegerField(
                label=_("Quantity"),
                required=False,
                widget=forms.NumberInput(attrs={"min": "1", "step": "1", "inputmode": "numeric"}),
            )

    def part_rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"part_{i}"], self[f"quantity_{i}"]) for i in range(PART_ROWS)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for i in range(PART_ROWS):
            if data.get(f"quantity_{i}") is not None and data.get(f"part_{i}") is None:
                self.add_error(f"part_{i}", _("choose the part for this quantity"))
        return data

    def lines(self) -> LinesIn:
        """What to price; also maps the service's ``parts.N`` errors to the form rows."""
        data = self.cleaned_data
        parts: list[PartIn] = []
        for i in range(PART_ROWS):
            part = data.get(f"part_{i}")
            if part is None:
                continue
            n = len(parts)
            self.error_fields[f"parts.{n}.part"] = f"part_{i}"
            self.error_fields[f"parts.{n}.quantity"] = f"quantity_{i}"
            quantity = data.get(f"quantity_{i}")
            parts.append(PartIn(part=part, quantity=1 if quantity is None else quantity))
        return LinesIn(
            fault_level=data.get("fault_level"),
            hours=data.get("hours"),
            distance_km=data.get("distance_km"),
            parts=tuple(parts),
        )


def _channel_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("How did the customer decide?"),
        choices=[
            (ApprovalChannel.PHONE.value, ApprovalChannel.PHONE.label),
            (ApprovalChannel.ON_SITE.value, ApprovalChannel.ON_SITE.label),
        ],
        widget=forms.RadioSelect,
    )


def _channel_for(user: User) -> str:
    """An engineer records the decision on site; everybody else after a call."""
    if user.role_codes == {RoleCode.ENGINEER}:
        return ApprovalChannel.ON_SITE.value
    return ApprovalChannel.PHONE.value


class QuoteApproveForm(ServiceForm):
    channel = _channel_field()
    note = forms.CharField(
        label=_("Note (e.g. who approved on the phone)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, data: Any = None, *, user: User) -> None:
        super().__init__(data, auto_id="id_approve_%s", initial={"channel": _channel_for(user)})


class QuoteDeclineForm(ServiceForm):
    channel = _channel_field()
    reason = forms.CharField(
        label=_("Why the customer declined"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, data: Any = None, *, user: User) -> None:
        super().__init__(data, auto_id="id_decline_%s", initial={"channel": _channel_for(user)})
