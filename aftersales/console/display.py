"""Turn orders, SLA states, warranty decisions and timeline events into what the console
shows. Presentation only: every decision here was already made by a selector or rule."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from aftersales.accounts.access import may
from aftersales.accounts.models import User
from aftersales.accounts.selectors import staff_list
from aftersales.dispatch.reasons import duration_text
from aftersales.service_orders.models import EventKind, ServiceOrder, ServiceOrderEvent
from aftersales.service_orders.selectors import SlaView, service_order_sla
from aftersales.service_orders.status import Action, Status, WaitingReason
from aftersales.sla.clock import effective_now
from aftersales.sla.state import TargetState
from aftersales.warranty.models import ExclusionReason
from aftersales.warranty.rules import WarrantyStatus

SLA_LABELS = {
    "met": gettext_lazy("met"),
    "breached": gettext_lazy("breached"),
    "at_risk": gettext_lazy("at risk"),
    "pending": gettext_lazy("on track"),
    "none": gettext_lazy("no target"),
}
# Worst first: the list shows one badge per order, the worst of its three targets.
_SLA_SEVERITY = ["breached", "at_risk", "pending", "met", "none"]


def mask_phone(phone: str) -> str:
    """``13912345678`` → ``139****5678``; short numbers keep only their last two digits."""
    if len(phone) >= 7:
        return phone[:3] + "****" + phone[-4:]
    return "*" * max(len(phone) - 2, 0) + phone[-2:]


def sees_phones(user: User) -> bool:
    """SEC-3: who sees full phone numbers in lists is in ``accounts.roles.ACTIONS``."""
    return may(user, "customer.contact.read")


@dataclass(frozen=True)
class Badge:
    css: str  # ok | warn | bad | info | muted
    label: str


def sla_badge(state: str) -> Badge:
    css = {"met": "ok", "breached": "bad", "at_risk": "warn", "pending": "info"}.get(state, "muted")
    return Badge(css, str(SLA_LABELS.get(state, state)))


def worst_sla(sla: SlaView) -> Badge:
    states = {sla.respond.state, sla.on_site.state, sla.resolve.state}
    worst = next(s for s in _SLA_SEVERITY if s in states or s == "none")
    return sla_badge(worst)


TARGET_LABELS: dict[str, Any] = {
    "respond": gettext_lazy("Respond"),
    "on_site": gettext_lazy("On site"),
    "resolve": gettext_lazy("Resolve"),
}


@dataclass(frozen=True)
class Countdown:
    css: str  # the target's SLA state as a badge colour
    text: str  # "On site: in 1 h 20 min", "Resolve: overdue 35 min"
    paused: bool  # the clocks stand still (SLA-2): the time left as of the pause


def target_countdown(
    order: Any, *, target: str, due: dt.datetime, state: str, now: dt.datetime
) -> Countdown:
    """ "On site: in 1 h 20 min" for one open target; a paused order counts as of the
    moment its clocks stopped."""
    text = _("%(target)s: %(countdown)s") % {
        "target": TARGET_LABELS[target],
        "countdown": countdown(due, now=effective_now(now, order.sla_paused_at)),
    }
    return Countdown(css=sla_badge(state).css, text=text, paused=order.sla_paused_at is not None)


def next_countdown(order: Any, sla: SlaView, *, now: dt.datetime) -> Countdown | None:
    """The countdown to the first target not done yet (respond, on site, resolve)."""
    for target in ("respond", "on_site", "resolve"):
        state: TargetState = getattr(sla, target)
        if state.due is not None and state.done_at is None:
            if order.status == Status.CANCELLED:
                return None
            return target_countdown(order, target=target, due=state.due, state=state.state, now=now)
    return None


@dataclass(frozen=True)
class OrderRow:
    order: ServiceOrder
    sla: Badge
    phone: str
    next: Countdown | None = None


def order_rows(orders: Iterable[ServiceOrder], *, user: User) -> list[OrderRow]:
    show = sees_phones(user)
    now = timezone.now()
    rows = []
    for o in orders:
        sla = service_order_sla(order=o, now=now)
        rows.append(
            OrderRow(
                order=o,
                sla=worst_sla(sla),
                phone=o.contact_phone if show else mask_phone(o.contact_phone),
                next=next_countdown(o, sla, now=now),
            )
        )
    return rows


@dataclass(frozen=True)
class SlaRow:
    label: str
    due: dt.datetime | None
    done_at: dt.datetime | None
    badge: Badge
    countdown: str = ""  # while the target is open: "in 1 h 20 min", "overdue 35 min"


def sla_rows(order: ServiceOrder) -> list[SlaRow]:
    now = timezone.now()
    sla = service_order_sla(order=order, now=now)
    clock_now = effective_now(now, order.sla_paused_at)
    open_order = order.status != Status.CANCELLED

    def row(target: str, state: TargetState) -> SlaRow:
        left = ""
        if open_order and state.due is not None and state.done_at is None:
            left = countdown(state.due, now=clock_now)
        return SlaRow(
            str(TARGET_LABELS[target]), state.due, state.done_at, sla_badge(state.state), left
        )

    return [row("respond", sla.respond), row("on_site", sla.on_site), row("resolve", sla.resolve)]


def warranty_badge(*, in_warranty: bool, exclusions: Iterable[str]) -> Badge:
    if not in_warranty:
        return Badge("bad", _("Out of warranty"))
    if list(exclusions):
        return Badge("warn", _("Chargeable"))
    return Badge("ok", _("In warranty"))


def warranty_status_badge(status: WarrantyStatus) -> Badge:
    return warranty_badge(in_warranty=status.in_warranty, exclusions=status.exclusions)


def exclusion_labels(reasons: Iterable[str]) -> list[str]:
    return [_label(ExclusionReason, r) for r in reasons]


def _label(choices: Any, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


@dataclass
class TimelineRow:
    at: dt.datetime
    actor: str
    title: str
    from_status: str
    to_status: str
    note: str
    details: list[tuple[str, str]] = field(default_factory=list)


def _engineer_names(events: list[ServiceOrderEvent]) -> dict[int, str]:
    ids: set[int] = set()
    for e in events:
        for key in ("engineer", "from_engineer", "to_engineer"):
            value = e.extra.get(key)
            if isinstance(value, int):
                ids.add(value)
    if not ids:
        return {}
    return {u.pk: str(u) for u in staff_list().filter(pk__in=ids)}


def _details(event: ServiceOrderEvent, names: dict[int, str]) -> list[tuple[str, str]]:
    extra = event.extra or {}

    def engineer(key: str) -> str:
        value = extra.get(key)
        return names.get(value, "—") if isinstance(value, int) else "—"

    if event.kind == EventKind.ASSIGNMENT:
        return [(_("Engineer"), f"{engineer('from_engineer')} → {engineer('to_engineer')}")]
    action = event.action
    rows: list[tuple[str, str]] = []
    if action == Action.ASSIGN and "engineer" in extra:
        rows.append((_("Engineer"), engineer("engineer")))
    elif action == Action.WAIT and extra.get("reason"):
        rows.append((_("Reason"), _label(WaitingReason, extra["reason"])))
    elif action == Action.COMPLETE:
        for key, label in (
            ("fault_cause", _("Fault cause")),
            ("actions_taken", _("Actions taken")),
            ("fault_code", _("Fault code")),
        ):
            if extra.get(key):
                rows.append((label, str(extra[key])))
    elif action == Action.CONFIRM:
        accepted = _("yes, satisfied") if extra.get("accepted") else _("no, not satisfied")
        rows.append((_("Customer accepts the work"), accepted))
    elif action == Action.FOLLOW_UP:
        for key, label in (
            ("overall", _("Overall")),
            ("speed", _("Speed")),
            ("attitude", _("Attitude")),
            ("quality", _("Quality")),
            ("comment", _("Comment")),
        ):
            if extra.get(key) not in (None, ""):
                rows.append((label, str(extra[key])))
    elif event.kind == EventKind.EXCLUSION and extra.get("reason"):
        rows.append((_("Exclusion"), _label(ExclusionReason, extra["reason"])))
    elif event.kind == EventKind.PARTS and extra.get("sku"):
        rows.append(
            (_("Part"), f"{extra['sku']} {extra.get('name', '')} × {extra.get('quantity')}")
        )
    return rows


# Events other than transitions whose ``action`` says more than their kind.
EVENT_TITLES: dict[tuple[str, str], Any] = {
    (EventKind.EXCLUSION, "exclusion_photo"): gettext_lazy("exclusion photo added"),
    (EventKind.CHARGES, "quote_issued"): gettext_lazy("quote issued"),
    (EventKind.CHARGES, "quote_approved"): gettext_lazy("quote approved"),
    (EventKind.CHARGES, "quote_declined"): gettext_lazy("quote declined"),
    (EventKind.CHARGES, "charges_adjusted"): gettext_lazy("charges adjusted"),
    (EventKind.SETTLEMENT, "exchange"): gettext_lazy("unit exchanged"),
    (EventKind.SETTLEMENT, "refund"): gettext_lazy("unit refunded"),
    (EventKind.SLA, "paused"): gettext_lazy("SLA clocks paused"),
    (EventKind.SLA, "resumed"): gettext_lazy("SLA clocks running again"),
    (EventKind.SLA, "breached"): gettext_lazy("SLA target breached"),
    (EventKind.SLA, "retargeted"): gettext_lazy("priority changed, SLA targets re-computed"),
    (EventKind.ESCALATION, "warn"): gettext_lazy("escalation: assignee warned"),
    (EventKind.ESCALATION, "manager"): gettext_lazy("escalation: regional manager"),
    (EventKind.ESCALATION, "director"): gettext_lazy("escalation: service director"),
    (EventKind.ESCALATION, "loaner_due"): gettext_lazy("a loaner unit is due"),
    (EventKind.ESCALATION, "compensation"): gettext_lazy("compensation attached"),
    (EventKind.PARTS, "reserved"): gettext_lazy("part reserved"),
    (EventKind.PARTS, "issued"): gettext_lazy("part used"),
    (EventKind.PARTS, "released"): gettext_lazy("part reservation released"),
    (EventKind.PARTS, "defective_back"): gettext_lazy("defective part returned"),
    (EventKind.LOANER, "issued"): gettext_lazy("loaner unit lent"),
    (EventKind.LOANER, "returned"): gettext_lazy("loaner unit returned"),
    (EventKind.LOANER, "overdue"): gettext_lazy("loaner unit overdue"),
}


def _title(event: ServiceOrderEvent) -> str:
    if event.kind == EventKind.TRANSITION and event.action:
        return _label(Action, event.action)
    title = EVENT_TITLES.get((event.kind, event.action))
    return str(title) if title is not None else _label(EventKind, event.kind)


def timeline_rows(events: Iterable[ServiceOrderEvent]) -> list[TimelineRow]:
    events = list(events)
    names = _engineer_names(events)
    return [
        TimelineRow(
            at=e.at,
            actor=getattr(e, "actor_name", None) or (str(e.actor) if e.actor else _("system")),
            title=_title(e),
            from_status=_label(Status, e.from_status) if e.from_status else "",
            to_status=_label(Status, e.to_status) if e.to_status else "",
            note=e.note,
            details=_details(e, names),
        )
        for e in events
    ]


def countdown(due: dt.datetime | None, *, now: dt.datetime) -> str:
    """Time to a deadline as people say it: "in 1 h 20 min", "overdue 35 min", "in 2 d
    3 h" (whole minutes, rounded down; the units of ``dispatch.reasons.duration_text``);
    "due now" within a minute either side; "" without a deadline."""
    if due is None:
        return ""
    seconds = (due - now).total_seconds()
    minutes = int(abs(seconds) // 60)
    if minutes == 0:
        return _("due now")
    values = {"time": duration_text(minutes)}
    if seconds > 0:
        return _("in %(time)s") % values
    return _("overdue %(time)s") % values
