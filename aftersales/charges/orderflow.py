"""How a quote moves its order through the SO-3 lifecycle, only ever through
``service_order_transition`` (which locks, checks and writes the timeline).

* A quote with something to pay stops the work: an order ``in_progress`` waits with
  reason ``quote_approval``; an order ``on_site`` (the engineer has diagnosed the
  fault) is started and then waits. Orders before the visit stay where they are (the
  lifecycle guard keeps them from starting), and an order already waiting keeps its
  reason.
* Approval resumes an order that waits with reason ``quote_approval``. The resume is
  done by the approver when they may resume; a customer may not (SO-3 roles), so after
  a portal approval it is recorded as done by the quote's issuer, else the assigned
  engineer, with a note naming the approval. If neither may, the order stays waiting.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from aftersales.accounts.models import User
from aftersales.charges.models import ApprovalChannel, Quote
from aftersales.core.exceptions import NotFound, PermissionDenied
from aftersales.service_orders.models import ServiceOrder
from aftersales.service_orders.services import service_order_transition
from aftersales.service_orders.status import Status, WaitingReason


def move_order_for_pending_quote(*, actor: User, order: ServiceOrder, quote: Quote) -> None:
    """Make the order wait for the customer's approval of ``quote`` (see module doc)."""
    values = {"number": quote.number, "amount": f"{quote.charge_total:.2f}"}
    status = order.status
    if status == Status.ON_SITE:
        moved = service_order_transition(
            actor=actor,
            order_id=order.pk,
            action="start",
            payload={"note": _("Fault diagnosed on site; quote %(number)s issued.") % values},
        )
        status = moved.status
    if status == Status.IN_PROGRESS:
        service_order_transition(
            actor=actor,
            order_id=order.pk,
            action="wait",
            payload={
                "reason": WaitingReason.QUOTE_APPROVAL,
                "note": _(
                    "Quote %(number)s: %(amount)s yuan to pay; waiting for the customer's approval."
                )
                % values,
            },
        )


def resume_after_approval(*, actor: User, order: ServiceOrder, quote: Quote) -> bool:
    """Resume an order waiting for this approval; True when it was resumed."""
    order.refresh_from_db(fields=["status", "waiting_reason", "assigned_engineer"])
    if order.status != Status.WAITING or order.waiting_reason != WaitingReason.QUOTE_APPROVAL:
        return False
    channel = ApprovalChannel(quote.decision_channel).label if quote.decision_channel else ""
    note = _("Quote %(number)s approved (%(channel)s); work resumes.") % {
        "number": quote.number,
        "channel": channel,
    }
    candidates: list[User] = []
    for who in (actor, quote.issued_by, order.assigned_engineer):
        if who is not None and not who.is_customer_user and who not in candidates:
            candidates.append(who)
    for who in candidates:
        try:
            with transaction.atomic():
                service_order_transition(
                    actor=who, order_id=order.pk, action="resume", payload={"note": note}
                )
        except (PermissionDenied, NotFound):
            continue
        return True
    return False
