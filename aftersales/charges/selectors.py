"""Reads on charges: the price list in force, an order's quotes, its final charges."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from aftersales.accounts.models import User
from aftersales.charges import rules
from aftersales.charges.explain import coverage_reason, line_label, sheet_reason
from aftersales.charges.models import (
    ChargeAdjustment,
    ChargeLine,
    PricedSheet,
    PriceList,
    Quote,
    QuoteStatus,
)
from aftersales.core.exceptions import NotFound
from aftersales.service_orders.models import ServiceOrder
from aftersales.service_orders.status import Status
from aftersales.warranty.models import WarrantyExclusion
from aftersales.warranty.rules import WarrantyStatus
from aftersales.warranty.selectors import warranty_status

LIVE_STATUSES = (QuoteStatus.ISSUED, QuoteStatus.APPROVED, QuoteStatus.DECLINED)
# From these order statuses on, the charges are those of the repair report (FEE-3).
FINAL_ORDER_STATUSES = frozenset(
    {Status.RESOLVED, Status.ACCEPTED, Status.FOLLOWED_UP, Status.CLOSED, Status.CANCELLED}
)


# --- price list (FEE-1) ----------------------------------------------------------------


def price_list_in_force(*, on: dt.date) -> PriceList | None:
    """The list with the latest ``valid_from`` on or before ``on`` that has not ended."""
    return (
        PriceList.objects.filter(valid_from__lte=on)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=on))
        .prefetch_related("labour_rates", "travel_bands")
        .order_by("-valid_from")
        .first()
    )


def access_price_list(*, on: dt.date) -> PriceList:
    price_list = price_list_in_force(on=on)
    if price_list is None:
        raise NotFound(_("No price list is in force on %(date)s.") % {"date": on.isoformat()})
    return price_list


def price_table(*, price_list: PriceList) -> rules.PriceTable:
    return rules.PriceTable(
        hourly_rate=price_list.hourly_rate,
        levels=tuple(
            rules.Level(fault_level=r.fault_level, name=r.name, price=r.price)
            for r in price_list.labour_rates.all()
        ),
        bands=tuple(
            rules.Band(km_from=b.km_from, km_to=b.km_to, fee=b.fee)
            for b in price_list.travel_bands.all()
        ),
    )


def price_list_used(*, price_list: PriceList) -> bool:
    """Whether a quote was issued from this list (then its prices are kept as issued)."""
    return Quote.objects.filter(price_list=price_list).exclude(status=QuoteStatus.DRAFT).exists()


# --- warranty of an order --------------------------------------------------------------


def order_warranty_status(*, order: ServiceOrder) -> WarrantyStatus | None:
    """The order's warranty as the order shows it: evaluated on the report date, with
    the exclusions that apply to this order (None when the order has no unit)."""
    if order.unit is None:
        return None
    return warranty_status(
        unit=order.unit,
        on=timezone.localdate(order.reported_at),
        order_id=order.pk,
        recorded=WarrantyExclusion.objects.filter(unit=order.unit),
    )


def cover_of(status: WarrantyStatus | None) -> rules.Cover:
    if status is None:
        return rules.UNKNOWN_COVER
    return rules.Cover(
        known=True,
        in_warranty=status.in_warranty,
        accessories_in_warranty=status.accessories_in_warranty,
        exclusions=status.exclusions,
    )


def cover_of_sheet(sheet: PricedSheet) -> rules.Cover:
    if not sheet.warranty_known:
        return rules.UNKNOWN_COVER
    return rules.Cover(
        known=True,
        in_warranty=sheet.in_warranty,
        accessories_in_warranty=sheet.accessories_in_warranty,
        exclusions=tuple(sheet.exclusions),
    )


# --- quotes (FEE-2) --------------------------------------------------------------------


def _quotes(order_id: int) -> QuerySet[Quote]:
    return Quote.objects.filter(order_id=order_id).select_related(
        "order", "price_list", "created_by", "issued_by", "decided_by"
    )


def quote_list(*, order: ServiceOrder, user: User) -> QuerySet[Quote]:
    """Every revision, newest first; drafts are internal and hidden from customers."""
    qs = _quotes(order.pk).prefetch_related("lines").order_by("-revision")
    if user.is_customer_user:
        qs = qs.exclude(status=QuoteStatus.DRAFT)
    return qs


def live_quote(*, order_id: int) -> Quote | None:
    """The revision the customer sees: issued, approved or declined (at most one)."""
    return (
        _quotes(order_id)
        .filter(status__in=LIVE_STATUSES)
        .prefetch_related("lines")
        .order_by("-revision")
        .first()
    )


def access_live_quote(*, order: ServiceOrder) -> Quote:
    quote = live_quote(order_id=order.pk)
    if quote is None:
        raise NotFound(_("This order has no issued quote."))
    return quote


def draft_quote(*, order_id: int) -> Quote | None:
    return (
        _quotes(order_id)
        .filter(status=QuoteStatus.DRAFT)
        .prefetch_related("lines")
        .order_by("-revision")
        .first()
    )


def pending_quote(*, order_id: int) -> Quote | None:
    """An issued quote with something to pay that the customer has not decided on."""
    return (
        Quote.objects.filter(order_id=order_id, status=QuoteStatus.ISSUED, charge_total__gt=0)
        .order_by("-revision")
        .first()
    )


def approved_quote(*, order_id: int) -> Quote | None:
    return (
        _quotes(order_id)
        .filter(status=QuoteStatus.APPROVED)
        .prefetch_related("lines")
        .order_by("-revision")
        .first()
    )


def current_adjustment(*, order_id: int, quote: Quote | None) -> ChargeAdjustment | None:
    """The latest adjustment made against ``quote`` (or against no quote)."""
    qs = ChargeAdjustment.objects.filter(order_id=order_id).select_related(
        "created_by", "price_list"
    )
    qs = qs.filter(quote=quote) if quote is not None else qs.filter(quote__isnull=True)
    return (
        qs.prefetch_related(Prefetch("lines", queryset=ChargeLine.objects.order_by("position")))
        .order_by("-created_at", "-id")
        .first()
    )


# --- lines and final charges (FEE-3) ---------------------------------------------------


@dataclass(frozen=True)
class LineView:
    position: int
    kind: str
    label: str
    description: str
    code: str
    part: int | None
    warranty_class: str
    quantity: Decimal
    unit_price: Decimal
    list_amount: Decimal
    charge: Decimal
    covered: bool
    coverage: str
    reason: str


def _view(sheet: PricedSheet, line: ChargeLine) -> LineView:
    label = line_label(
        kind=line.kind, description=line.description, code=line.code, quantity=line.quantity
    )
    return LineView(
        position=line.position,
        kind=line.kind,
        label=label,
        # the line's own name (fault level, part, other text); hourly labour and travel
        # have none, and show their label instead
        description=line.description or label,
        code=line.code,
        part=line.part_id,
        warranty_class=line.warranty_class,
        quantity=line.quantity,
        unit_price=line.unit_price,
        list_amount=line.list_amount,
        charge=line.charge,
        covered=line.coverage in rules.COVERED_CODES,
        coverage=line.coverage,
        reason=coverage_reason(line.coverage, sheet),
    )


def line_views(sheet: PricedSheet, lines: list[ChargeLine]) -> tuple[LineView, ...]:
    return tuple(_view(sheet, line) for line in sorted(lines, key=lambda x: x.position))


@dataclass(frozen=True)
class FinalCharges:
    """The order's charge list (收费清单) as the repair report prints it.

    ``source`` says where the lines come from: ``adjustment`` (the engineer's final
    lines, with ``adjust_reason``), ``quote`` (the approved quote), or ``none`` (no
    approved quote: nothing to pay). ``final`` is true once the order is resolved (or
    cancelled); before that the list is what would be charged now.
    """

    order_id: int
    order_number: str
    source: str
    final: bool
    quote_id: int | None
    quote_number: str | None
    approved_at: dt.datetime | None
    approved_by: str
    approval_channel: str
    adjusted_at: dt.datetime | None
    adjusted_by: str
    adjust_reason: str
    lines: tuple[LineView, ...]
    list_total: Decimal
    covered_total: Decimal
    charge_total: Decimal
    reason: str
    currency: str = "CNY"


def final_charges(*, order: ServiceOrder) -> FinalCharges:
    """The final charges of an order (FEE-3): the engineer's adjustment of the approved
    quote if there is one, else the approved quote's lines, else nothing to pay.
    A cancelled order charges nothing."""
    final = order.status in FINAL_ORDER_STATUSES
    quote = None if order.status == Status.CANCELLED else approved_quote(order_id=order.pk)
    adjustment = (
        None
        if order.status == Status.CANCELLED
        else current_adjustment(order_id=order.pk, quote=quote)
    )
    sheet: PricedSheet | None = None
    rows: list[ChargeLine] = []
    if adjustment is not None:
        sheet, rows = adjustment, list(adjustment.lines.all())
    elif quote is not None:
        sheet, rows = quote, list(quote.lines.all())
    lines = line_views(sheet, rows) if sheet is not None else ()
    zero = rules.ZERO
    return FinalCharges(
        order_id=order.pk,
        order_number=order.number,
        source="adjustment" if adjustment else "quote" if quote else "none",
        final=final,
        quote_id=quote.pk if quote else None,
        quote_number=quote.number if quote else None,
        approved_at=quote.decided_at if quote else None,
        approved_by=str(quote.decided_by) if quote and quote.decided_by else "",
        approval_channel=quote.decision_channel if quote else "",
        adjusted_at=adjustment.created_at if adjustment else None,
        adjusted_by=str(adjustment.created_by) if adjustment else "",
        adjust_reason=adjustment.reason if adjustment else "",
        lines=lines,
        list_total=sheet.list_total if sheet else zero,
        covered_total=(sheet.list_total - sheet.charge_total) if sheet else zero,
        charge_total=sheet.charge_total if sheet else zero,
        reason=sheet_reason(sheet) if sheet else _("No approved quote: nothing to pay."),
    )
