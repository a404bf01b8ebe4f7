"""Console forms: they parse and render input only. Every rule is checked by the
service the view calls; its ``ApplicationError.errors`` come back onto the fields."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from aftersales.accounts.models import User
from aftersales.core.exceptions import ApplicationError
from aftersales.organisation.models import Region
from aftersales.service_orders.models import Channel, Kind, Priority
from aftersales.service_orders.status import Action, Status, WaitingReason


class StaffAuthenticationForm(AuthenticationForm):
    """Django's sign-in form (axes throttles it through ``authenticate``), for staff only."""

    def confirm_login_allowed(self, user: Any) -> None:
        super().confirm_login_allowed(user)
        if getattr(user, "customer_id", None) is not None:
            raise ValidationError(
                _("This sign-in is for staff. Customers use the customer portal."),
                code="customer_user",
            )


class ServiceForm(forms.Form):
    """A form whose real validation happens in a service."""

    # service error key -> form field, where the names differ; None: the error is about
    # the whole form and is shown above it without its key
    error_fields: dict[str, str | None] = {}

    def apply_errors(self, exc: ApplicationError, *, message_on_form: bool = True) -> bool:
        """Put the service's errors on the fields; True when every one found its field.

        An error naming no field (403, 409) goes on the form unless the page shows
        ``exc.message`` elsewhere (``message_on_form=False``).
        """
        if not exc.errors:
            if message_on_form:
                self.add_error(None, exc.message)
            return False
        all_placed = True
        for key, messages in exc.errors.items():
            name = self.error_fields.get(key, key)
            if name is None:
                for message in messages:
                    self.add_error(None, message)
                continue
            target = name if name in self.fields else None
            all_placed = all_placed and target is not None
            for message in messages:
                if target is None:
                    self.add_error(None, f"{key}: {message}")
                else:
                    self.add_error(target, message)
        return all_placed


def _blank(label: Any) -> list[tuple[Any, Any]]:
    return [("", label)]


def _set_choices(field: forms.Field, choices: list[tuple[Any, Any]]) -> None:
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices


class OrderFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Order number, phone or serial")}
        ),
    )
    status = forms.ChoiceField(label=_("Status"), required=False)
    region = forms.TypedChoiceField(label=_("Region"), required=False, coerce=int)
    engineer = forms.TypedChoiceField(label=_("Engineer"), required=False, coerce=int)
    sla = forms.ChoiceField(
        label=_("SLA"),
        required=False,
        choices=[("", _("any")), ("breached", _("breached")), ("ok", _("not breached"))],
    )

    def __init__(
        self,
        data: Any,
        *,
        regions: Iterable[Region],
        engineers: Iterable[User] | None,
    ) -> None:
        super().__init__(data)
        _set_choices(self.fields["status"], _blank(_("all")) + list(Status.choices))
        _set_choices(
            self.fields["region"],
            _blank(_("all"))
            + [(r.pk, "· " * max(r.path.count("/") - 2, 0) + r.name) for r in regions],
        )
        if engineers is None:  # the user may not list staff
            del self.fields["engineer"]
        else:
            _set_choices(
                self.fields["engineer"], _blank(_("all")) + [(u.pk, str(u)) for u in engineers]
            )

    def filters(self) -> dict[str, Any]:
        """Keyword arguments for ``service_order_list``; invalid fields are ignored."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        sla = data.get("sla")
        return {
            "q": (data.get("q") or "").strip() or None,
            "status": [data["status"]] if data.get("status") else None,
            "region": data.get("region") or None,
            "assigned_engineer": data.get("engineer") or None,
            "sla_breached": {"breached": True, "ok": False}.get(sla or ""),
        }


class OrderCreateForm(ServiceForm):
    error_fields = {"unit": "serial_number", "customer": "customer"}

    lookup_phone = forms.CharField(
        label=_("Customer phone"),
        required=False,
        widget=forms.TextInput(
            attrs={"type": "tel", "autocomplete": "off", "placeholder": _("e.g. 13800138000")}
        ),
    )
    customer = forms.IntegerField(label=_("Customer"), required=False, widget=forms.HiddenInput)
    serial_number = forms.CharField(
        label=_("Serial or warranty card number"), required=False, max_length=64
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices, initial=Kind.REPAIR)
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices, initial=Channel.PHONE)
    priority = forms.ChoiceField(
        label=_("Priority"), choices=Priority.choices, initial=Priority.NORMAL
    )
    fault_description = forms.CharField(
        label=_("Fault description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    contact_phone = forms.CharField(
        label=_("Contact phone"),
        required=False,
        max_length=32,
        widget=forms.TextInput(
            attrs={"type": "tel", "placeholder": _("Leave empty to use the customer's phone")}
        ),
    )
    address = forms.CharField(
        label=_("Address"),
        required=False,
        max_length=255,
        widget=forms.TextInput(
            attrs={"placeholder": _("Leave empty to use the customer's address")}
        ),
    )

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "customer_id": data.get("customer"),
            "serial_number": (data.get("serial_number") or "").strip() or None,
            "kind": data["kind"],
            "channel": data["channel"],
            "priority": data["priority"],
            "fault_description": data.get("fault_description") or "",
            "contact_phone": data.get("contact_phone") or "",
            "address": data.get("address") or "",
        }


# --- the inline forms of the SO-3 actions ---------------------------------------------

_SCORES: list[tuple[Any, Any]] = [("", "—")] + [(str(n), str(n)) for n in range(1, 6)]


def _yes_no(value: str) -> bool:
    return value == "yes"


class ActionForm(ServiceForm):
    """The payload of one action. An action without fields is a bare button."""

    def payload(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class EngineerChoiceMixin:
    fields: dict[str, forms.Field]

    def set_engineers(self, engineers: Iterable[User]) -> None:
        _set_choices(
            self.fields["engineer"],
            _blank("—")
            + [(u.pk, f"{u} ({u.region})" if u.region_id else str(u)) for u in engineers],
        )


class AssignForm(EngineerChoiceMixin, ActionForm):
    engineer = forms.TypedChoiceField(
        label=_("Engineer"), required=False, coerce=int, empty_value=None
    )


class ReassignForm(EngineerChoiceMixin, ActionForm):
    engineer = forms.TypedChoiceField(
        label=_("New engineer"), required=False, coerce=int, empty_value=None
    )
    reason = forms.CharField(label=_("Reason"), required=False)


class WaitForm(ActionForm):
    reason = forms.ChoiceField(
        label=_("Waiting for"), required=False, choices=_blank("—") + WaitingReason.choices
    )


class CompleteForm(ActionForm):
    fault_cause = forms.CharField(
        label=_("Fault cause"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    actions_taken = forms.CharField(
        label=_("Actions taken"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    fault_code = forms.CharField(label=_("Fault code"), required=False)


class ConfirmForm(ActionForm):
    accepted = forms.TypedChoiceField(
        label=_("Customer accepts the work"),
        required=False,
        coerce=_yes_no,
        empty_value=None,
        choices=[("yes", _("yes, satisfied")), ("no", _("no, not satisfied"))],
        widget=forms.RadioSelect,
    )
    customer_opinion = forms.CharField(
        label=_("Customer opinion"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class FollowUpForm(ActionForm):
    overall = forms.TypedChoiceField(
        label=_("Overall satisfaction"), required=False, coerce=int, empty_value=None
    )
    speed = forms.TypedChoiceField(label=_("Speed"), required=False, coerce=int, empty_value=None)
    attitude = forms.TypedChoiceField(
        label=_("Attitude"), required=False, coerce=int, empty_value=None
    )
    quality = forms.TypedChoiceField(
        label=_("Quality"), required=False, coerce=int, empty_value=None
    )
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("overall", "speed", "attitude", "quality"):
            _set_choices(self.fields[name], _SCORES)


class CancelForm(ActionForm):
    reason = forms.CharField(label=_("Cancel reason"), required=False)


ACTION_FORMS: dict[Action, type[ActionForm]] = {
    Action.ASSIGN: AssignForm,
    Action.REASSIGN: ReassignForm,
    Action.WAIT: WaitForm,
    Action.COMPLETE: CompleteForm,
    Action.CONFIRM: ConfirmForm,
    Action.FOLLOW_UP: FollowUpForm,
    Action.CANCEL: CancelForm,
}


def action_form(
    action: Action,
    *,
    data: Any = None,
    engineers: Iterable[User] = (),
) -> ActionForm:
    form = ACTION_FORMS.get(action, ActionForm)(data, auto_id=f"id_{action.value}_%s")
    if isinstance(form, EngineerChoiceMixin):
        form.set_engineers(engineers)
    return form
