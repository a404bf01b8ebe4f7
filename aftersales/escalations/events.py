"""Timeline events of escalations (SO-6): ``escalation`` events whose ``action`` names
the step — ``warn``, ``manager``, ``director`` (SLA-4), ``loaner_due`` (SLA-5),
``compensation`` (SLA-6). The system acts (no actor); the note says it in the site's
language; the order's status is unchanged. Writing one is what notifies people
(aftersales.notifications hears every timeline event)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from aftersales.escalations.models import Compensation, CompensationKind, Target
from aftersales.service_orders.events import order_record_event
from aftersales.service_orders.models import EventKind, ServiceOrder, ServiceOrderEvent


def _write(
    order: ServiceOrder, *, action: str, at: dt.datetime, note: str, extra: dict[str, Any]
) -> ServiceOrderEvent:
    return order_record_event(
        order=order,
        kind=EventKind.ESCALATION,
        action=action,
        actor=None,
        at=at,
        note=note,
        extra=extra,
    )


def _local(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def escalation_event(
    *,
    order: ServiceOrder,
    at: dt.datetime,
    target: str,
    level: str,
    due_at: dt.datetime,
    elapsed_fraction: float,
) -> ServiceOrderEvent:
    percent = int(elapsed_fraction * 100)
    with translation.override(settings.LANGUAGE_CODE):
        values = {"target": Target(target).label, "due": _local(due_at), "percent": percent}
        if level == "warn":
            note = _("%(percent)s%% of the %(target)s time is used; due %(due)s.") % values
        elif level == "manager":
            note = _("The %(target)s target due %(due)s is breached: the regional manager is told.")
            note = note % values
        else:
            note = (
                _(
                    "The %(target)s target due %(due)s is breached by its span again: "
                    "the service director is told."
                )
                % values
            )
    extra = {
        "target": target,
        "level": level,
        "due_at": due_at.isoformat(),
        "elapsed_percent": percent,
    }
    return _write(order, action=level, at=at, note=note, extra=extra)


def loaner_due_event(
    *, order: ServiceOrder, at: dt.datetime, hours_open: int, rule_name: str
) -> ServiceOrderEvent:
    with translation.override(settings.LANGUAGE_CODE):
        note = _("Open %(hours)s hours: a loaner unit must be offered (%(rule)s).") % {
            "hours": hours_open,
            "rule": rule_name,
        }
    extra = {"hours_open": hours_open}
    return _write(order, action="loaner_due", at=at, note=note, extra=extra)


def compensation_event(
    *, order: ServiceOrder, at: dt.datetime, compensation: Compensation, rule_name: str
) -> ServiceOrderEvent:
    with translation.override(settings.LANGUAGE_CODE):
        note = _(
            "Compensation attached to the %(target)s breach: %(kind)s, %(amount)s yuan (%(rule)s)."
        ) % {
            "target": Target(compensation.target).label,
            "kind": CompensationKind(compensation.kind).label,
            "amount": f"{compensation.amount:.2f}",
            "rule": rule_name,
        }
    extra = {
        "compensation": compensation.pk,
        "target": compensation.target,
        "kind": compensation.kind,
        "amount": f"{compensation.amount:.2f}",
    }
    return _write(order, action="compensation", at=at, note=note, extra=extra)
