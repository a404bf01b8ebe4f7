"""The lifecycle guard of FEE-2: work starts only after the customer approves a
chargeable quote.

``check_transition`` is meant to be called by ``service_order_transition`` on the
locked order, after the transition table has accepted the action and before anything
is written. It imports nothing from ``service_orders.services`` (no import cycle).
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from aftersales.charges.models import Quote, QuoteStatus
from aftersales.core.exceptions import Conflict
from aftersales.service_orders.models import ServiceOrder

# The steps that are work on the unit: refused while a chargeable quote awaits approval.
GUARDED_ACTIONS = frozenset({"start", "resume", "complete"})


class QuotePending(Conflict):
    """A chargeable quote awaits the customer's decision (409)."""

    code = "quote_pending"


def _pending_quote(order: ServiceOrder) -> Quote | None:
    return (
        Quote.objects.filter(
            order_id=order.pk, status=QuoteStatus.ISSUED, charge_total__gt=Decimal(0)
        )
        .order_by("-revision")
        .only("id", "revision", "charge_total")
        .first()
    )


def may_hold_work(order: ServiceOrder) -> bool:
    """Whether a pending quote could hold this order's work (no query): it waits for a
    quote's approval, or its work has not started yet (a quote issued before the visit)."""
    return (order.status == "waiting" and order.waiting_reason == "quote_approval") or (
        order.status in {"acknowledged", "on_site"}
    )


def held_actions(*, order: ServiceOrder) -> frozenset[str]:
    """The work steps a pending chargeable quote refuses now (to hide their buttons);
    reads the database only when ``may_hold_work``."""
    if not may_hold_work(order) or _pending_quote(order) is None:
        return frozenset()
    return GUARDED_ACTIONS


def check_transition(*, order: ServiceOrder, action: str) -> None:
    """Refuse ``start``, ``resume`` and ``complete`` while the order has an issued quote
    with something to pay that the customer has neither approved nor declined.

    After a decline the order may be resumed (to complete it without the repair) or
    cancelled; a zero-charge quote never blocks anything.
    """
    if action not in GUARDED_ACTIONS:
        return
    pending = _pending_quote(order)
    if pending is None:
        return
    raise QuotePending(
        _(
            "Quote revision %(revision)s (%(amount)s yuan) is waiting for the customer's "
            "approval; work starts after approval."
        )
        % {"revision": pending.revision, "amount": f"{pending.charge_total:.2f}"},
        extra={"quote": pending.pk, "action": action},
    )
