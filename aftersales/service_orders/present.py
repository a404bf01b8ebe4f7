"""The service-order resource of api.md, built from an order loaded by the selectors.

List items use ``order_summary`` (no timeline, no per-row queries); the detail adds the
warranty, the allowed actions and the timeline.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from types import SimpleNamespace
from typing import Any

from django.utils import timezone

from aftersales.accounts.models import User
from aftersales.service_orders.models import ServiceOrder, ServiceOrderEvent
from aftersales.service_orders.permissions import actions_for
from aftersales.service_orders.selectors import service_order_sla, service_order_timeline
from aftersales.service_orders.transitions import ACTION_STEPS
from aftersales.sla.events import breaches_in_timeline
from aftersales.sla.models import BreachCause
from aftersales.sla.selectors import on_site_prediction
from aftersales.warranty.models import WarrantyExclusion
from aftersales.warranty.present import warranty_resource
from aftersales.warranty.selectors import recorded_exclusions, warranty_status


def _named(order: Any, annotation: str, load: Callable[[], Any]) -> Any:
    """A related name: the list's annotation when present, else from the loaded object."""
    return getattr(order, annotation) if hasattr(order, annotation) else load()


def _label(choices: Any, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def _actor_name(event: ServiceOrderEvent) -> str:
    """The timeline's annotation, or the loaded actor of an event just written."""
    if hasattr(event, "actor_name"):
        return str(event.actor_name)
    return str(event.actor) if event.actor else ""


def order_summary(order: ServiceOrder | SimpleNamespace) -> dict[str, Any]:
    """A list item, from an order or a light row of ``service_order_rows``."""
    sla = service_order_sla(order=order)
    return {
        "id": order.pk,
        "number": order.number,
        "kind": order.kind,
        "channel": order.channel,
        "priority": order.priority,
        "status": order.status,
        "customer": order.customer_id,
        "customer_name": _named(order, "customer_name", lambda: order.customer.name),
        "unit": order.unit_id,
        "serial_number": _named(
            order, "unit_serial", lambda: order.unit.serial_number if order.unit else None
        ),
        "region": order.region_id,
        "fault_description": order.fault_description,
        "contact_phone": order.contact_phone,
        "address": order.address,
        "reported_at": order.reported_at,
        "created_at": order.created_at,
        "assigned_engineer": order.assigned_engineer_id,
        "assigned_engineer_name": _named(
            order,
            "engineer_name",
            lambda: str(order.assigned_engineer) if order.assigned_engineer else None,
        ),
        "waiting_reason": order.waiting_reason,
        "in_warranty": order.in_warranty,
        "sla": {
            "policy": _named(
                order,
                "sla_policy_name",
                lambda: order.sla_policy.name if order.sla_policy else None,
            ),
            "respond_by": order.respond_by,
            "respond_state": sla.respond.state,
            "on_site_by": order.on_site_by,
            "on_site_state": sla.on_site.state,
            "resolve_by": order.resolve_by,
            "resolve_state": sla.resolve.state,
            "breached": sla.breached,
            "paused_since": sla.paused_since,
            "paused_seconds": int(sla.paused.total_seconds()),
        },
    }


def order_sla_detail(
    order: ServiceOrder, *, summary: dict[str, Any], timeline: list[ServiceOrderEvent]
) -> dict[str, Any]:
    """What the detail's SLA section adds: the stored breaches, as the timeline tells
    them (each ``SlaBreach`` row is written with its event) — a target with one is
    ``breached`` whatever its deadline says now (SLA-3: never recomputed away) — and the
    on-site prediction (two queries, for an order assigned or en route only); an
    on-site target that the prediction says will be missed is ``at_risk``."""
    breaches = breaches_in_timeline(timeline)
    prediction = on_site_prediction(order=order, now=timezone.now())
    extra: dict[str, Any] = {f"{b.target}_state": "breached" for b in breaches}
    if breaches:
        extra["breached"] = True
    extra |= {
        "breaches": [
            {
                "target": b.target,
                "due_at": b.due_at,
                "breached_at": b.breached_at,
                "done_at": b.done_at,
                "cause_code": b.cause_code,
                "cause": _label(BreachCause, b.cause_code),
                "recorded_at": b.recorded_at,
            }
            for b in breaches
        ],
        "predicted_on_site_at": prediction.on_site_at if prediction else None,
        "on_site_prediction": None,
    }
    if prediction is not None:
        extra["on_site_prediction"] = {
            "distance_km": prediction.distance_km,
            "travel_minutes": int(prediction.travel.total_seconds() // 60),
            "jobs_ahead": prediction.jobs_ahead,
            "queue_minutes": int(prediction.queue.total_seconds() // 60),
        }
        late = order.on_site_by is not None and prediction.on_site_at > order.on_site_by
        if late and extra.get("on_site_state", summary["on_site_state"]) == "pending":
            extra["on_site_state"] = "at_risk"
    return extra


def order_warranty(
    order: ServiceOrder, *, exclusions: Iterable[WarrantyExclusion] | None = None
) -> dict[str, Any] | None:
    if order.unit is None:
        return None
    status = warranty_status(
        unit=order.unit,
        on=timezone.localdate(order.reported_at),
        order_id=order.pk,
        recorded=(
            recorded_exclusions(
                unit=order.unit, known_none=not getattr(order, "unit_has_exclusions", True)
            )
            if exclusions is None
            else exclusions
        ),
    )
    return warranty_resource(serial_number=order.unit.serial_number, status=status)


def order_detail(
    order: ServiceOrder,
    *,
    actor: User,
    exclusions: Iterable[WarrantyExclusion] | None = None,
    timeline: Iterable[ServiceOrderEvent] | None = None,
) -> dict[str, Any]:
    """The order as read by ``actor``: ``allowed_actions`` are those this reader may take.

    ``exclusions`` (the unit's recorded ones) and ``timeline`` may be passed in by a
    caller that has them already (intake), instead of being queried."""
    data = order_summary(order)
    events = list(service_order_timeline(order=order) if timeline is None else timeline)
    data["sla"].update(order_sla_detail(order, summary=data["sla"], timeline=events))
    survey = None
    if order.survey_overall is not None:
        survey = {
            "overall": order.survey_overall,
            "speed": order.survey_speed,
            "attitude": order.survey_attitude,
            "quality": order.survey_quality,
            "comment": order.survey_comment,
        }
    data.update(
        {
            "warranty": order_warranty(order, exclusions=exclusions),
            "steps": {
                field.removesuffix("_at"): getattr(order, field)
                for field in dict.fromkeys(ACTION_STEPS.values())
            },
            "fault_cause": order.fault_cause,
            "actions_taken": order.actions_taken,
            "fault_code": order.fault_code,
            "customer_opinion": order.customer_opinion,
            "cancel_reason": order.cancel_reason,
            "survey": survey,
            "allowed_actions": [a.value for a in actions_for(actor=actor, order=order)],
            "timeline": [
                {
                    "id": e.pk,
                    "kind": e.kind,
                    "action": e.action,
                    "from_status": e.from_status,
                    "to_status": e.to_status,
                    "actor": e.actor_id,
                    "actor_name": _actor_name(e),
                    "at": e.at,
                    "note": e.note,
                    "extra": e.extra,
                }
                for e in events
            ],
        }
    )
    return data
