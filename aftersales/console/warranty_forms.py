"""Forms of the warranty and three-guarantees parts of the console: recording an
exclusion (with a photo), the entitlement on a date, the refund quote, and the exchange
and refund settlements. They parse input only; the services decide and their errors
come back onto the fields (``ServiceForm.apply_errors``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aftersales.catalog.models import ProductModel
from aftersales.console.forms import ServiceForm
from aftersales.service_orders.models import ServiceOrder
from aftersales.warranty.models import ExclusionReason
from aftersales.warranty.photos import PHOTO_ACCEPT


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


def _set_choices(field: forms.Field, choices: list[tuple[Any, Any]]) -> None:
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices


class ExclusionForm(ServiceForm):
    """WAR-5: reason, what was found, and optionally a photo of it."""

    reason = forms.ChoiceField(
        label=_("Exclusion reason"),
        required=False,
        choices=[("", "—"), *ExclusionReason.choices],
    )
    note = forms.CharField(
        label=_("What was found"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    photo = forms.FileField(
        label=_("Photo (optional)"),
        required=False,
        widget=forms.FileInput(attrs={"accept": PHOTO_ACCEPT}),
    )

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "reason": data.get("reason") or "",
            "note": data.get("note") or "",
            "photo": data.get("photo"),
        }


class PhotoForm(ServiceForm):
    """One more photo for an exclusion recorded earlier."""

    photo = forms.FileField(
        label=_("Add a photo"),
        required=False,
        widget=forms.FileInput(attrs={"accept": PHOTO_ACCEPT}),
    )


class EntitlementDateForm(forms.Form):
    """The date a customer reports a fault on (default today; not before the purchase)."""

    on = forms.DateField(label=_("Fault reported on"), required=False, widget=DateInput())

    def __init__(self, data: Any, *, purchase_date: dt.date) -> None:
        super().__init__(data)
        self.purchase_date = purchase_date

    def clean_on(self) -> dt.date:
        on: dt.date = self.cleaned_data.get("on") or timezone.localdate()
        if on < self.purchase_date:
            raise forms.ValidationError(
                _("must not be before the purchase date %(date)s")
                % {"date": self.purchase_date.isoformat()}
            )
        return on

    def day(self) -> dt.date | None:
        """The valid date, or ``None`` when the input was refused."""
        return self.cleaned_data["on"] if self.is_valid() else None


class RefundQuoteForm(ServiceForm):
    """TG-5: what the refund would be if the unit came back on a date (nothing is
    recorded). The service's ``sale_price``/``invoice_date`` errors name no field of
    this form and are shown above it."""

    return_date = forms.DateField(label=_("Return date"), required=True, widget=DateInput())


def _order_choices(orders: Iterable[ServiceOrder]) -> list[tuple[Any, Any]]:
    return [("", _("none")), *((o.pk, o.number) for o in orders)]


class SettlementForm(ServiceForm):
    """What the exchange and the refund share: the return order and a note."""

    service_order = forms.TypedChoiceField(
        label=_("Return order"), required=False, coerce=int, empty_value=None
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(
        self, data: Any = None, *, return_orders: Iterable[ServiceOrder], **kwargs: Any
    ) -> None:
        super().__init__(data, **kwargs)
        _set_choices(self.fields["service_order"], _order_choices(return_orders))


class ExchangeForm(SettlementForm):
    """TG-8: the replacement unit and, for another model, the price difference."""

    new_serial_number = forms.CharField(
        label=_("Serial number of the replacement"), required=False, max_length=64
    )
    warranty_card_number = forms.CharField(
        label=_("Warranty card number of the replacement"), required=False, max_length=64
    )
    exchange_date = forms.DateField(label=_("Exchange date"), required=False, widget=DateInput())
    product_model = forms.TypedChoiceField(
        label=_("Model of the replacement"), required=False, coerce=int, empty_value=None
    )
    price_difference = forms.DecimalField(
        label=_("Price difference (yuan; + customer pays, − customer gets back)"),
        required=False,
        max_digits=12,
        decimal_places=2,
    )
    field_order = [
        "new_serial_number",
        "warranty_card_number",
        "product_model",
        "price_difference",
        "exchange_date",
        "service_order",
        "note",
    ]

    def __init__(
        self,
        data: Any = None,
        *,
        return_orders: Iterable[ServiceOrder],
        models: Iterable[ProductModel],
        current_model: ProductModel,
    ) -> None:
        super().__init__(
            data,
            return_orders=return_orders,
            auto_id="id_exchange_%s",
            initial={"exchange_date": timezone.localdate()},
        )
        same = _("same model: %(name)s") % {"name": current_model.name}
        _set_choices(
            self.fields["product_model"],
            [("", same), *((m.pk, f"{m.code} {m.name}") for m in models)],
        )

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "new_serial_number": (data.get("new_serial_number") or "").strip(),
            "warranty_card_number": (data.get("warranty_card_number") or "").strip() or None,
            "exchange_date": data.get("exchange_date"),
            "product_model_id": data.get("product_model"),
            "price_difference": data.get("price_difference"),
            "service_order_id": data.get("service_order"),
            "note": data.get("note") or "",
        }


class RefundForm(SettlementForm):
    """TG-5: take the unit back; the refund is the quote on the return date."""

    return_date = forms.DateField(label=_("Return date"), required=False, widget=DateInput())
    field_order = ["return_date", "service_order", "note"]

    def __init__(self, data: Any = None, *, return_orders: Iterable[ServiceOrder]) -> None:
        super().__init__(
            data,
            return_orders=return_orders,
            auto_id="id_refund_%s",
            initial={"return_date": timezone.localdate()},
        )

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "return_date": data.get("return_date"),
            "service_order_id": data.get("service_order"),
            "note": data.get("note") or "",
        }
