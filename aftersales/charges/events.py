"""Timeline events of charges (SO-6): one function per event, rows only ever inserted.

They are ``charges`` events of the order's timeline whose ``action`` names what happened
(``quote_issued``, ``quote_approved``, ``quote_declined``, ``charges_adjusted``), whose note
says it in words (a decline's and an adjustment's note is the reason) and whose ``extra``
carries the quote and the amounts; the order's status is unchanged by them
(the transitions that follow write their own events).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _

from aftersales.accounts.models import User
from aftersales.charges.models import ApprovalChannel, ChargeAdjustment, Quote
from aftersales.service_orders.events import order_record_event
from aftersales.service_orders.models import EventKind, ServiceOrder, ServiceOrderEvent


def _write(
    order: ServiceOrder,
    *,
    action: str,
    actor: User | None,
    at: dt.datetime,
    note: str = "",
    extra: dict[str, Any],
) -> ServiceOrderEvent:
    return order_record_event(
        order=order,
        kind=EventKind.CHARGES,
        action=action,
        actor=actor,
        at=at,
        note=note,
        extra=extra,
    )


def _joined(*parts: str) -> str:
    return "\n".join(p for p in parts if p)


def _quote_extra(quote: Quote) -> dict[str, Any]:
    return {
        "quote": quote.pk,
        "quote_number": quote.number,
        "revision": quote.revision,
        "status": quote.status,
        "list_total": str(quote.list_total),
        "charge_total": str(quote.charge_total),
    }


def quote_issued_event(
    *, order: ServiceOrder, actor: User, at: dt.datetime, quote: Quote, superseded: list[int]
) -> ServiceOrderEvent:
    extra = _quote_extra(quote)
    extra["approval_required"] = quote.awaiting_approval
    extra["superseded_revisions"] = superseded
    values = {"number": quote.number, "amount": f"{quote.charge_total:.2f}"}
    summary = (
        _("Quote %(number)s issued: %(amount)s yuan to pay.") % values
        if quote.charge_total > 0
        else _("Quote %(number)s issued: nothing to pay.") % values
    )
    return _write(
        order,
        action="quote_issued",
        actor=actor,
        at=at,
        note=_joined(summary, quote.note),
        extra=extra,
    )


def quote_approved_event(
    *, order: ServiceOrder, actor: User, at: dt.datetime, quote: Quote
) -> ServiceOrderEvent:
    extra = _quote_extra(quote)
    extra["channel"] = quote.decision_channel
    summary = _("Quote %(number)s approved (%(channel)s).") % {
        "number": quote.number,
        "channel": ApprovalChannel(quote.decision_channel).label,
    }
    return _write(
        order,
        action="quote_approved",
        actor=actor,
        at=at,
        note=_joined(summary, quote.decision_note),
        extra=extra,
    )


def quote_declined_event(
    *, order: ServiceOrder, actor: User, at: dt.datetime, quote: Quote
) -> ServiceOrderEvent:
    extra = _quote_extra(quote)
    extra["channel"] = quote.decision_channel
    return _write(
        order, action="quote_declined", actor=actor, at=at, note=quote.decision_note, extra=extra
    )


def charges_adjusted_event(
    *, order: ServiceOrder, actor: User, at: dt.datetime, adjustment: ChargeAdjustment
) -> ServiceOrderEvent:
    extra: dict[str, Any] = {
        "adjustment": adjustment.pk,
        "quote": adjustment.quote_id,
        "list_total": str(adjustment.list_total),
        "charge_total": str(adjustment.charge_total),
    }
    return _write(
        order, action="charges_adjusted", actor=actor, at=at, note=adjustment.reason, extra=extra
    )
