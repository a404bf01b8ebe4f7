"""What each SO-3 action records: its step time and the payload it takes."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from aftersales.core.validation import Errors
from aftersales.service_orders.status import Action, WaitingReason

# The step time each action stamps on the order (SO-4).
ACTION_STEPS: dict[Action, str] = {
    Action.ACKNOWLEDGE: "acknowledged_at",
    Action.ASSIGN: "assigned_at",
    Action.REASSIGN: "assigned_at",
    Action.DEPART: "departed_at",
    Action.ARRIVE: "arrived_at",
    Action.START: "started_at",
    Action.COMPLETE: "resolved_at",
    Action.CONFIRM: "accepted_at",
    Action.FOLLOW_UP: "followed_up_at",
    Action.CLOSE: "closed_at",
    Action.CANCEL: "cancelled_at",
}

MAX_TEXT = 5000


def _text(errors: Errors, payload: dict[str, Any], field: str, *, required: bool) -> str:
    value = payload.get(field)
    if value is None:
        value = ""
    if not isinstance(value, str):
        errors.add(field, _("must be text"))
        return ""
    value = value.strip()
    if required and not value:
        errors.add(field, _("is required"))
    if len(value) > MAX_TEXT:
        errors.add(field, _("is longer than %(max)s characters") % {"max": MAX_TEXT})
    return value


def _score(errors: Errors, payload: dict[str, Any], field: str, *, required: bool) -> int | None:
    value = payload.get(field)
    if value is None:
        if required:
            errors.add(field, _("is required"))
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
        errors.add(field, _("must be a whole number from 1 to 5"))
        return None
    return value


def validate_payload(action: Action, payload: dict[str, Any]) -> dict[str, Any]:
    """Check an action's payload; return what the service needs, or raise naming fields."""
    errors = Errors()
    data: dict[str, Any] = {}
    if action in (Action.ASSIGN, Action.REASSIGN):
        engineer = payload.get("engineer")
        if engineer is None:
            errors.add("engineer", _("is required"))
        elif isinstance(engineer, bool) or not isinstance(engineer, int):
            errors.add("engineer", _("must be an engineer id"))
        else:
            data["engineer"] = engineer
            data["extra"] = {"engineer": engineer}
    if action is Action.REASSIGN:
        data["reason"] = _text(errors, payload, "reason", required=True)
    elif action is Action.WAIT:
        reason = payload.get("reason")
        if reason not in WaitingReason.values:
            errors.add(
                "reason",
                _("must be one of: %(choices)s") % {"choices": ", ".join(WaitingReason.values)},
            )
        data["reason"] = reason
        data["extra"] = {"reason": reason}
    elif action is Action.COMPLETE:
        fields: dict[str, Any] = {
            "fault_cause": _text(errors, payload, "fault_cause", required=True),
            "actions_taken": _text(errors, payload, "actions_taken", required=True),
            "fault_code": _text(errors, payload, "fault_code", required=False),
        }
        if len(fields["fault_code"]) > 32:
            errors.add("fault_code", _("is longer than %(max)s characters") % {"max": 32})
        data["order_fields"] = fields
        data["extra"] = fields
    elif action is Action.CONFIRM:
        accepted = payload.get("accepted")
        if not isinstance(accepted, bool):
            errors.add("accepted", _("must be true or false"))
        opinion = _text(errors, payload, "customer_opinion", required=False)
        data["accepted"] = bool(accepted)
        data["order_fields"] = {"customer_opinion": opinion}
        data["note"] = opinion
        data["extra"] = {"accepted": bool(accepted)}
    elif action is Action.FOLLOW_UP:
        fields = {
            "survey_overall": _score(errors, payload, "overall", required=True),
            "survey_speed": _score(errors, payload, "speed", required=False),
            "survey_attitude": _score(errors, payload, "attitude", required=False),
            "survey_quality": _score(errors, payload, "quality", required=False),
            "survey_comment": _text(errors, payload, "comment", required=False),
        }
        data["order_fields"] = fields
        data["extra"] = {k.removeprefix("survey_"): v for k, v in fields.items()}
    elif action is Action.CANCEL:
        reason = _text(errors, payload, "reason", required=True)
        data["order_fields"] = {"cancel_reason": reason}
        data["note"] = reason
    if "note" not in data:  # the optional timeline note of the plain steps
        data["note"] = _text(errors, payload, "note", required=False)
    errors.raise_if_any()
    return data
