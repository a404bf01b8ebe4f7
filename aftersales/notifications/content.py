"""What a message says: the facts kept with an outbox row, and its rendering (NTF-3).

The facts (``context``) are taken when the cause happens — the engineer's name and
phone at assignment, the quote's amount when issued — and kept as plain JSON, so a
retry hours later says what was true then. Rendering happens when the row is sent,
in the recipient's language: each event has one template per language,
``notifications/<event>.<language>.txt``, with a named partial per part
(``subject``, ``sms``, ``email``, ``robot``), rendered as plain text (no HTML
escaping) inside ``translation.override(language)``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.template import Context, engines
from django.utils import timezone, translation

from aftersales.notifications.models import EventType, Language
from aftersales.service_orders.models import ServiceOrder, ServiceOrderEvent
from aftersales.service_orders.status import Status

PARTS = ("subject", "sms", "email", "robot")
LANGUAGES = {language.value for language in Language}


def local(moment: dt.datetime | str | None) -> str:
    """A time as people in the service area read it: ``2025-03-07 14:30`` (Asia/Shanghai)."""
    if moment is None or moment == "":
        return ""
    if isinstance(moment, str):
        moment = dt.datetime.fromisoformat(moment)
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def survey_url(number: str) -> str:
    url = settings.NOTIFY_SURVEY_URL.format(number=number)
    if url.startswith("/") and settings.SITE_URL:
        return settings.SITE_URL.rstrip("/") + url
    return url


def order_context(
    *, order: ServiceOrder, event: ServiceOrderEvent, event_type: str
) -> dict[str, Any]:
    """The facts a message about ``order`` needs, as of ``event``."""
    extra = event.extra or {}
    context: dict[str, Any] = {
        "order_id": order.pk,
        "number": order.number,
        "status": order.status,
        "kind": order.kind,
        "priority": order.priority,
        "customer_name": order.customer.name,
        "contact_phone": order.contact_phone,
        "address": order.address,
        "fault_description": order.fault_description[:200],
        "region_name": order.region.name,
        "reported_at": local(order.reported_at),
        "event_at": local(event.at),
    }
    engineer = order.assigned_engineer if order.assigned_engineer_id else None
    if engineer is not None:
        context["engineer_name"] = str(engineer)
        context["engineer_phone"] = engineer.phone
    if event_type == EventType.ORDER_ASSIGNED:
        # The commitment the customer was given (SLA-1): on site by this time.
        context["expected_arrival"] = local(order.on_site_by)
    elif event_type == EventType.QUOTE_AWAITING:
        context["quote_number"] = extra.get("quote_number", "")
        context["amount"] = extra.get("charge_total", "")
    elif event_type == EventType.ORDER_COMPLETED:
        context["survey_url"] = survey_url(order.number)
    elif event_type == EventType.ORDER_STATUS:
        context.update(
            action=event.action, from_status=event.from_status, to_status=event.to_status
        )
    elif event_type == EventType.LOANER_OVERDUE:
        context.update(
            serial_number=extra.get("serial_number", ""),
            issued_at=local(extra.get("issued_at")),
            expected_back=extra.get("expected_back") or "",
        )
    elif event_type.startswith("escalation.") or event_type == EventType.LOANER_DUE:
        context.update(
            level=event.action,
            target=extra.get("target", ""),
            due_at=local(extra.get("due_at")),
            elapsed_percent=extra.get("elapsed_percent", ""),
            hours_open=extra.get("hours_open", ""),
        )
    return context


@dataclass(frozen=True)
class Rendered:
    language: str
    subject: str
    sms: str
    email: str
    robot: str


def _status_labels(context: dict[str, Any]) -> dict[str, str]:
    """Status codes in the active language (the labels of the SO-3 table)."""
    labels = {}
    for key in ("status", "from_status", "to_status"):
        code = context.get(key)
        if code in Status.values:
            labels[f"{key}_label"] = str(Status(code).label)
        elif code:
            labels[f"{key}_label"] = str(code)
    return labels


def render(*, event_type: str, language: str, context: dict[str, Any]) -> Rendered:
    """Every part of the message for ``event_type`` in ``language`` (zh-hans when the
    language has no templates)."""
    if language not in LANGUAGES:
        language = Language.ZH_HANS
    name = f"notifications/{event_type}.{language}.txt"
    with translation.override(language):
        context = {**context, **_status_labels(context)}
        if context.get("target"):
            context["target_label"] = _plain(f"notifications/_target.{language}.txt", context)
        parts = {part: _plain(f"{name}#{part}", context) for part in PARTS}
    return Rendered(language=language, **parts)


def _plain(name: str, context: dict[str, Any]) -> str:
    """A text template rendered without HTML escaping (an SMS says "A&B", not "A&amp;B")."""
    template = engines["django"].get_template(name)
    return str(template.template.render(Context(context, autoescape=False))).strip()  # type: ignore[attr-defined]
