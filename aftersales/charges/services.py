"""Writes on charges: price lists (FEE-1), quotes and their approval (FEE-2), the
engineer's final adjustment (FEE-3).

Each quote write locks the order row first (``service_order_lock_qs``), so two people
quoting one order at once are serialised; the order moves through the lifecycle only
via ``service_order_transition`` in the same transaction. Refusals, in order: 404 the
order is invisible, 403 the actor may not, 422 bad input, 409 the state forbids it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from aftersales.accounts.models import User
from aftersales.charges import events, rules
from aftersales.charges.models import (
    ApprovalChannel,
    ChargeAdjustment,
    ChargeLine,
    LabourRate,
    PriceList,
    Quote,
    QuoteStatus,
    TravelBand,
)
from aftersales.charges.orderflow import (
    move_order_for_pending_quote,
    resume_after_approval,
)
from aftersales.charges.preconditions import (
    ADJUSTABLE,
    QUOTABLE,
    check_actor,
    clean_text,
    lock_visible_order,
    price_list_today,
    require_state,
)
from aftersales.charges.pricing import LinesIn, checked_items, line_rows, stamp_warranty
from aftersales.charges.selectors import (
    approved_quote,
    cover_of,
    cover_of_sheet,
    draft_quote,
    live_quote,
    order_warranty_status,
    price_list_in_force,
    price_table,
)
from aftersales.core.exceptions import Conflict
from aftersales.core.validation import Errors
from aftersales.service_orders.models import ServiceOrder

# --- price lists -----------------------------------------------------------------------


@transaction.atomic
def price_list_create(
    *,
    name: str,
    valid_from: dt.date,
    hourly_rate: Decimal,
    valid_until: dt.date | None = None,
    labour_rates: Sequence[tuple[int, str, Decimal]] = (),
    travel_bands: Sequence[tuple[Decimal, Decimal | None, Decimal]] = (),
    note: str = "",
) -> PriceList:
    """Publish a price list: labour per fault level (level, name, price), the hourly
    rate, and travel bands (from km, to km or None, fee)."""
    errors = Errors()
    name = (name or "").strip()
    if not name or len(name) > 100:
        errors.add("name", _("is required, at most 100 characters"))
    if valid_until is not None and valid_until < valid_from:
        errors.add("valid_until", _("must not be before valid from"))
    if PriceList.objects.filter(valid_from=valid_from).exists():
        errors.add("valid_from", _("another price list starts on this date"))
    errors.not_negative("hourly_rate", hourly_rate)
    levels = [level for level, _n, _p in labour_rates]
    if any(level < 1 for level in levels) or len(set(levels)) != len(levels):
        errors.add("labour_rates", _("fault levels must be 1 or more, each once"))
    if any(not (n or "").strip() or p < 0 for _l, n, p in labour_rates):
        errors.add("labour_rates", _("each level needs a name and a price of zero or more"))
    if rules.band_problems([(f, t) for f, t, _fee in travel_bands]) or any(
        fee < 0 for _f, _t, fee in travel_bands
    ):
        errors.add("travel_bands", _("bands must not overlap; only the last may be open-ended"))
    errors.raise_if_any()
    price_list = PriceList.objects.create(
        name=name,
        valid_from=valid_from,
        valid_until=valid_until,
        hourly_rate=hourly_rate,
        note=note,
    )
    LabourRate.objects.bulk_create(
        LabourRate(price_list=price_list, fault_level=level, name=n.strip(), price=p)
        for level, n, p in labour_rates
    )
    TravelBand.objects.bulk_create(
        TravelBand(price_list=price_list, km_from=f, km_to=t, fee=fee) for f, t, fee in travel_bands
    )
    return price_list


# --- quotes ----------------------------------------------------------------------------


@transaction.atomic
def quote_create(
    *,
    actor: User,
    order_id: int,
    lines: LinesIn,
    note: str = "",
    issue: bool = True,
) -> Quote:
    """Price a quote for an order from the price list in force today and the order's
    warranty, and issue it (or keep it as the order's one draft when ``issue`` is
    false). See ``_issue`` for what issuing does to the order."""
    order = lock_visible_order(actor=actor, order_id=order_id)
    check_actor(actor=actor, order=order, action="quote.create")
    errors = Errors()
    note = clean_text(errors, "note", note, required=False)
    errors.raise_if_any()
    price_list = price_list_today()
    table = price_table(price_list=price_list)
    status = order_warranty_status(order=order)
    cover = cover_of(status)
    items = checked_items(lines=lines, table=table, order=order)
    require_state(order, QUOTABLE, _("A quote cannot be made for an order that is %(status)s."))

    now = timezone.now()
    totals = rules.price_items(items, table=table, cover=cover)
    Quote.objects.filter(order=order, status=QuoteStatus.DRAFT).update(
        status=QuoteStatus.SUPERSEDED, superseded_at=now
    )
    last = Quote.objects.filter(order=order).aggregate(n=Max("revision"))["n"] or 0
    quote = Quote(
        order=order,
        revision=last + 1,
        status=QuoteStatus.DRAFT,
        price_list=price_list,
        priced_on=timezone.localdate(now),
        list_total=totals.list_total,
        charge_total=totals.charge_total,
        note=note,
        created_by=actor,
        created_at=now,
    )
    stamp_warranty(quote, cover, status)
    quote.save()
    rows = line_rows(totals)
    for row in rows:
        row.quote = quote
    ChargeLine.objects.bulk_create(rows)
    if issue:
        _issue(actor=actor, order=order, quote=quote, now=now)
    return quote


@transaction.atomic
def quote_issue(*, actor: User, order_id: int) -> Quote:
    """Issue the order's draft. A draft whose price list or warranty has changed since
    it was priced is refused (409): price it again."""
    order = lock_visible_order(actor=actor, order_id=order_id)
    check_actor(actor=actor, order=order, action="quote.create")
    draft = draft_quote(order_id=order.pk)
    if draft is None:
        raise Conflict(_("There is no draft quote to issue."))
    require_state(order, QUOTABLE, _("A quote cannot be issued on an order that is %(status)s."))
    if price_list_in_force(on=timezone.localdate()) != draft.price_list or cover_of(
        order_warranty_status(order=order)
    ) != cover_of_sheet(draft):
        raise Conflict(
            _("The price list or the warranty changed since the draft was priced; price it again.")
        )
    _issue(actor=actor, order=order, quote=draft, now=timezone.now())
    return draft


def _issue(*, actor: User, order: ServiceOrder, quote: Quote, now: dt.datetime) -> None:
    """Supersede every earlier revision, then issue ``quote``. With something to pay it
    awaits approval and the order waits for it (``orderflow``); with nothing to pay it
    is approved at once (channel ``not_required``) and an order waiting for a quote
    approval resumes. The order moves before the quote is marked issued, so the
    lifecycle guard never sees this quote as pending while moving it."""
    earlier = list(
        Quote.objects.filter(order=order)
        .exclude(pk=quote.pk)
        .exclude(status=QuoteStatus.SUPERSEDED)
        .values_list("revision", flat=True)
    )
    Quote.objects.filter(order=order, revision__in=earlier).update(
        status=QuoteStatus.SUPERSEDED, superseded_at=now
    )
    quote.issued_by = actor
    quote.issued_at = now
    fields = ["status", "issued_by", "issued_at"]
    if quote.charge_total > 0:
        quote.status = QuoteStatus.ISSUED
    else:
        quote.status = QuoteStatus.APPROVED
        quote.decided_at = now
        quote.decision_channel = ApprovalChannel.NOT_REQUIRED
        fields += ["decided_at", "decision_channel"]
    events.quote_issued_event(order=order, actor=actor, at=now, quote=quote, superseded=earlier)
    if quote.status == QuoteStatus.ISSUED:
        move_order_for_pending_quote(actor=actor, order=order, quote=quote)
    quote.save(update_fields=fields)
    if quote.status == QuoteStatus.APPROVED:
        resume_after_approval(actor=actor, order=order, quote=quote)


def _decision_channel(errors: Errors, actor: User, channel: str | None) -> str:
    """Customers decide on the portal (the default for them); staff record a decision
    made by phone or on the engineer's phone on site, and must say which."""
    if actor.is_customer_user:
        if channel not in (None, ApprovalChannel.PORTAL):
            errors.add("channel", _("a customer's own sign-in decides on the portal"))
        return ApprovalChannel.PORTAL
    allowed = [ApprovalChannel.PHONE.value, ApprovalChannel.ON_SITE.value]
    if channel is None:
        errors.add(
            "channel",
            _("is required: how did the customer decide (%(choices)s)?")
            % {"choices": ", ".join(allowed)},
        )
        return ""
    if channel not in allowed:
        errors.add("channel", _("must be one of: %(choices)s") % {"choices": ", ".join(allowed)})
    return channel


def _awaiting(order: ServiceOrder) -> Quote:
    quote = live_quote(order_id=order.pk)
    if quote is None or quote.status != QuoteStatus.ISSUED:
        raise Conflict(
            _("There is no quote awaiting the customer's decision."),
            extra={"quote_status": quote.status if quote else None},
        )
    return quote


@transaction.atomic
def quote_approve(*, actor: User, order_id: int, channel: str | None, note: str = "") -> Quote:
    """Record the customer's approval (who, when, how); an order waiting for it
    resumes."""
    order = lock_visible_order(actor=actor, order_id=order_id)
    check_actor(actor=actor, order=order, action="quote.approve")
    errors = Errors()
    chosen = _decision_channel(errors, actor, channel)
    note = clean_text(errors, "note", note, required=False)
    errors.raise_if_any()
    quote = _awaiting(order)
    require_state(order, QUOTABLE, _("A quote cannot be approved on an order that is %(status)s."))
    now = timezone.now()
    quote.status = QuoteStatus.APPROVED
    quote.decided_by = actor
    quote.decided_at = now
    quote.decision_channel = chosen
    quote.decision_note = note
    quote.save(
        update_fields=["status", "decided_by", "decided_at", "decision_channel", "decision_note"]
    )
    events.quote_approved_event(order=order, actor=actor, at=now, quote=quote)
    resume_after_approval(actor=actor, order=order, quote=quote)
    return quote


@transaction.atomic
def quote_decline(*, actor: User, order_id: int, reason: str, channel: str | None = None) -> Quote:
    """Record that the customer declined the quote, with the reason. The order stays
    where it is (usually waiting): staff then cancel it, issue a new quote, or resume
    and complete it without the repair."""
    order = lock_visible_order(actor=actor, order_id=order_id)
    check_actor(actor=actor, order=order, action="quote.decline")
    errors = Errors()
    chosen = _decision_channel(errors, actor, channel)
    reason = clean_text(errors, "reason", reason, required=True)
    errors.raise_if_any()
    quote = _awaiting(order)
    require_state(order, QUOTABLE, _("A quote cannot be declined on an order that is %(status)s."))
    now = timezone.now()
    quote.status = QuoteStatus.DECLINED
    quote.decided_by = actor
    quote.decided_at = now
    quote.decision_channel = chosen
    quote.decision_note = reason
    quote.save(
        update_fields=["status", "decided_by", "decided_at", "decision_channel", "decision_note"]
    )
    events.quote_declined_event(order=order, actor=actor, at=now, quote=quote)
    return quote


# --- final charges ---------------------------------------------------------------------


@transaction.atomic
def charges_adjust(*, actor: User, order_id: int, lines: LinesIn, reason: str) -> ChargeAdjustment:
    """The engineer's final charge list when the work differed from the approved quote
    (FEE-3). Priced with the approved quote's price list, warranty and part prices
    (today's list and the order's warranty when no quote was approved); it may not ask
    the customer to pay more than they approved — that needs a new quote."""
    order = lock_visible_order(actor=actor, order_id=order_id)
    check_actor(actor=actor, order=order, action="charges.adjust")
    errors = Errors()
    reason = clean_text(errors, "reason", reason, required=True)
    errors.raise_if_any()
    base = approved_quote(order_id=order.pk)
    if base is not None:
        price_list = base.price_list
        cover = cover_of_sheet(base)
        known = {ln.part_id: ln.unit_price for ln in base.lines.all() if ln.part_id is not None}
        status = None
    else:
        price_list = price_list_today()
        status = order_warranty_status(order=order)
        cover = cover_of(status)
        known = {}
    table = price_table(price_list=price_list)
    items = checked_items(lines=lines, table=table, order=order, known_prices=known)
    totals = rules.price_items(items, table=table, cover=cover)
    approved = base.charge_total if base is not None else rules.ZERO
    if totals.charge_total > approved:
        message = _(
            "the charges (%(total)s yuan) would exceed what the customer approved "
            "(%(approved)s yuan); issue a new quote for approval"
        ) % {"total": f"{totals.charge_total:.2f}", "approved": f"{approved:.2f}"}
        errors.add("lines", message)
        errors.raise_if_any()
    require_state(
        order, ADJUSTABLE, _("The charges cannot be adjusted on an order that is %(status)s.")
    )
    now = timezone.now()
    adjustment = ChargeAdjustment(
        order=order,
        quote=base,
        reason=reason,
        price_list=price_list,
        priced_on=base.priced_on if base is not None else timezone.localdate(now),
        list_total=totals.list_total,
        charge_total=totals.charge_total,
        created_by=actor,
        created_at=now,
    )
    if base is not None:
        for name in (
            "warranty_known",
            "in_warranty",
            "accessories_in_warranty",
            "whole_unit_until",
            "accessories_until",
            "exclusions",
        ):
            setattr(adjustment, name, getattr(base, name))
    else:
        stamp_warranty(adjustment, cover, status)
    adjustment.save()
    rows = line_rows(totals)
    for row in rows:
        row.adjustment = adjustment
    ChargeLine.objects.bulk_create(rows)
    events.charges_adjusted_event(order=order, actor=actor, at=now, adjustment=adjustment)
    return adjustment
