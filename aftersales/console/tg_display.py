"""The three guarantees and the warranty as the console shows them: the entitlement
banner ("Exchange or refund · repaired twice and failed again"), the period with its
TG-7 extension, and the recorded exclusions with their photos.

Presentation only: the rule, the remedies and the dates were decided by
``warranty.threeguarantees`` and ``warranty.selectors``; this module words them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from aftersales.console.display import Badge
from aftersales.units.models import Unit
from aftersales.warranty.models import (
    ExclusionReason,
    SettlementKind,
    ThreeGuaranteesSettlement,
    WarrantyExclusion,
)
from aftersales.warranty.rules import WarrantyStatus
from aftersales.warranty.selectors import applicable_exclusions
from aftersales.warranty.tg_present import entitlement_reason
from aftersales.warranty.threeguarantees import (
    EARLY_7_DAYS,
    EARLY_15_DAYS,
    EXCHANGE,
    REFUND,
    REPAIR,
    STANDARD_REPAIR,
    TWO_REPAIRS_FAILED,
    UNREPAIRED_60_DAYS,
    Entitlement,
)


def remedies_text(remedies: Iterable[str]) -> str:
    """What the customer may claim, as the banner's first words."""
    chosen = frozenset(remedies)
    if chosen == {REFUND, EXCHANGE, REPAIR}:
        return _("May refund, exchange or repair")
    if chosen == {EXCHANGE, REFUND}:
        return _("May exchange or refund")
    if chosen == {EXCHANGE, REPAIR}:
        return _("May exchange or repair")
    if chosen == {EXCHANGE}:
        return _("May exchange")
    if chosen == {REFUND}:
        return _("May refund")
    return _("Repair only")


def rule_text(ent: Entitlement) -> str:
    """The rule that decided, in a few words."""
    if ent.rule == EARLY_7_DAYS:
        days = (ent.early_refund_until - ent.purchase_date).days
        return _("fault within %(days)s days of purchase") % {"days": days}
    if ent.rule == EARLY_15_DAYS:
        days = (ent.early_exchange_until - ent.purchase_date).days
        return _("fault within %(days)s days of purchase") % {"days": days}
    if ent.rule == TWO_REPAIRS_FAILED:
        return _("repaired twice and failed again")
    if ent.rule == UNREPAIRED_60_DAYS and ent.unrepaired is not None:
        return _("not fixed within %(days)s days") % {"days": ent.unrepaired.limit_days}
    if ent.rule == STANDARD_REPAIR:
        return _("inside the three-guarantees period")
    if ent.until is None:
        return _("no three-guarantees period")
    return _("three-guarantees period over")


@dataclass(frozen=True)
class EntitlementView:
    on: dt.date
    rule: str
    remedies: tuple[str, ...]
    banner: Badge
    text: str  # "May exchange or refund · repaired twice and failed again"
    period_start: dt.date
    base_until: dt.date | None
    until: dt.date | None
    extension_days: int
    in_period: bool
    counted_repairs: tuple[str, ...]
    explanation: str


def entitlement_view(ent: Entitlement, status: WarrantyStatus) -> EntitlementView:
    text = f"{remedies_text(ent.remedies)} · {rule_text(ent)}"
    strong = bool({EXCHANGE, REFUND} & set(ent.remedies))
    return EntitlementView(
        on=ent.on,
        rule=ent.rule,
        remedies=ent.remedies,
        banner=Badge("warn" if strong else ("info" if ent.in_period else "muted"), text),
        text=text,
        period_start=ent.start,
        base_until=ent.base_until,
        until=ent.until,
        extension_days=ent.extension_days,
        in_period=ent.in_period,
        counted_repairs=ent.counted_repairs,
        explanation=entitlement_reason(ent, status),
    )


def settlement_text(settlement: ThreeGuaranteesSettlement | None) -> str:
    if settlement is None:
        return ""
    if settlement.kind == SettlementKind.EXCHANGE:
        return _("Exchanged on %(date)s.") % {"date": settlement.settled_on.isoformat()}
    return _("Refunded on %(date)s: %(amount)s yuan.") % {
        "date": settlement.settled_on.isoformat(),
        "amount": f"{settlement.refund_amount:.2f}" if settlement.refund_amount else "0.00",
    }


@dataclass(frozen=True)
class PhotoView:
    url: str
    width: int
    height: int


@dataclass(frozen=True)
class ExclusionView:
    pk: int
    reason: str
    reason_label: str
    note: str
    recorded_by: str
    recorded_at: dt.datetime
    order_id: int | None
    order_number: str
    applies: bool  # to the order the page is about (always True on the unit page)
    unit_level: bool
    photos: list[PhotoView] = field(default_factory=list)


def exclusion_views(
    unit: Unit, exclusions: Iterable[WarrantyExclusion], *, order_id: int | None
) -> list[ExclusionView]:
    """Rows for the recorded exclusions (loaded by ``warranty.photos.unit_exclusions``);
    ``applies`` is what ``applicable_exclusions`` says for ``order_id``."""
    rows = []
    for ex in exclusions:
        applies_to = applicable_exclusions(unit=unit, recorded=[ex], order_id=order_id)
        unit_level = ex.reason in applicable_exclusions(unit=unit, recorded=[ex], order_id=None)
        rows.append(
            ExclusionView(
                pk=ex.pk,
                reason=ex.reason,
                reason_label=str(ExclusionReason(ex.reason).label),
                note=ex.note,
                recorded_by=str(ex.recorded_by),
                recorded_at=ex.recorded_at,
                order_id=ex.service_order_id,
                order_number=ex.service_order.number if ex.service_order else "",
                applies=order_id is None or ex.reason in applies_to,
                unit_level=unit_level,
                photos=[PhotoView(p.image.url, p.width, p.height) for p in ex.photos.all()],
            )
        )
    return rows
