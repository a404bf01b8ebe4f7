"""Writes on service orders: intake (SO-1, SO-2, SO-4, SLA-1) and the SO-3 lifecycle."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from aftersales.accounts.access import require
from aftersales.accounts.models import User
from aftersales.accounts.roles import RoleCode
from aftersales.charges.guards import check_transition as charges_check_transition
from aftersales.core.exceptions import (
    AlreadyAssigned,
    InvalidTransition,
    NotFound,
    ValidationFailed,
)
from aftersales.core.phone import is_valid_phone, normalise_phone
from aftersales.core.queries import first_or_none
from aftersales.core.validation import Errors
from aftersales.customers.models import Customer
from aftersales.customers.selectors import customer_visible_qs
from aftersales.dispatch.guards import check_assignable
from aftersales.inventory.order_parts import order_parts_release_all
from aftersales.service_orders import events
from aftersales.service_orders.locks import lock_visible_order
from aftersales.service_orders.models import (
    Channel,
    Kind,
    Priority,
    ServiceOrder,
    ServiceOrderEvent,
)
from aftersales.service_orders.numbering import next_order_number
from aftersales.service_orders.permissions import check_actor
from aftersales.service_orders.status import (
    Action,
    Status,
    can_transition,
    target_of,
)
from aftersales.service_orders.tallies import tally_add, tally_move
from aftersales.service_orders.transitions import ACTION_STEPS, validate_payload
from aftersales.sla.rules import OrderFacts
from aftersales.sla.selectors import sla_targets_for
from aftersales.sla.services import sla_clock_record, sla_clock_step, sla_record_breaches
from aftersales.units.models import Unit
from aftersales.units.selectors import unit_by_serial
from aftersales.warranty.models import ExclusionReason, WarrantyExclusion
from aftersales.warranty.selectors import (
    recorded_exclusions,
    unit_has_exclusions,
    warranty_status,
)


def _choice(errors: Errors, field: str, value: str, choices: list[str]) -> None:
    if value not in choices:
        errors.add(field, _("must be one of: %(choices)s") % {"choices": ", ".join(choices)})


def _resolve_customer_and_unit(
    *,
    actor: User,
    customer_id: int | None,
    unit_id: int | None,
    serial_number: str | None,
    errors: Errors,
) -> tuple[Customer | None, Unit | None]:
    if actor.is_customer_user:  # a customer reports for itself only
        if customer_id is not None and customer_id != actor.customer_id:
            errors.add("customer", _("unknown customer"))
        customer_id = actor.customer_id
    customer = None
    if customer_id is None:
        errors.add("customer", _("is required"))
    else:
        customer = first_or_none(
            customer_visible_qs(user=actor).select_related("region").filter(pk=customer_id)
        )
        if customer is None:
            errors.add("customer", _("unknown customer"))
    unit: Unit | None = None
    if unit_id is not None:
        unit = first_or_none(
            Unit.objects.select_related("product_model__product_line", "customer")
            .annotate(has_exclusions=unit_has_exclusions("pk"))
            .filter(pk=unit_id)
        )
        if unit is None:
            errors.add("unit", _("unknown unit"))
    elif serial_number:
        unit = unit_by_serial(serial_number=serial_number.strip())
        if unit is None:
            errors.add("serial_number", _("no unit has this serial or card number"))
    if unit is not None and customer is not None and unit.customer_id != customer.pk:
        errors.add(
            "unit" if unit_id is not None else "serial_number",
            _("the unit does not belong to this customer"),
        )
    return customer, unit


@dataclass(frozen=True)
class Intake:
    """A new order with what intake already read and wrote, so that the answer to the
    create request needs no further query: the unit's recorded exclusions and the
    ``created`` event (the whole timeline so far)."""

    order: ServiceOrder
    exclusions: list[WarrantyExclusion]
    events: list[ServiceOrderEvent]


def service_order_create(**kwargs: Any) -> ServiceOrder:
    """Take a report (报修); see ``service_order_intake`` for the arguments."""
    return service_order_intake(**kwargs).order


@transaction.atomic
def service_order_intake(
    *,
    actor: User,
    kind: str,
    channel: str,
    fault_description: str,
    customer_id: int | None = None,
    unit_id: int | None = None,
    serial_number: str | None = None,
    priority: str = Priority.NORMAL,
    contact_phone: str = "",
    address: str = "",
    reported_at: dt.datetime | None = None,
) -> Intake:
    """Take a report (报修). Contact phone and address default to the customer's."""
    require(actor, "order.create")
    now = timezone.now()
    errors = Errors()
    _choice(errors, "kind", kind, Kind.values)
    _choice(errors, "channel", channel, Channel.values)
    _choice(errors, "priority", priority, Priority.values)
    if not (fault_description or "").strip():
        errors.add("fault_description", _("is required"))
    if reported_at is not None:
        if timezone.is_naive(reported_at):
            errors.add("reported_at", _("must include a time zone offset"))
        elif reported_at > now:
            errors.add("reported_at", _("must not be in the future"))
    customer, unit = _resolve_customer_and_unit(
        actor=actor,
        customer_id=customer_id,
        unit_id=unit_id,
        serial_number=serial_number,
        errors=errors,
    )
    contact_phone = normalise_phone(contact_phone or (customer.phone if customer else ""))
    if not is_valid_phone(contact_phone):
        errors.add("contact_phone", _("is not a valid phone number"))
    address = (address or (customer.address if customer else "")).strip()
    if not address:
        errors.add("address", _("is required (the customer has no address on file)"))
    errors.raise_if_any()
    assert customer is not None
    reported_at = reported_at or now

    in_warranty = False
    exclusions: list[WarrantyExclusion] = []
    if unit is not None:
        exclusions = recorded_exclusions(
            unit=unit, known_none=not getattr(unit, "has_exclusions", True)
        )
        status = warranty_status(unit=unit, on=timezone.localdate(reported_at), recorded=exclusions)
        in_warranty = status.in_warranty
    targets = sla_targets_for(
        facts=OrderFacts(
            priority=priority,
            customer_kind=customer.kind,
            in_warranty=in_warranty,
            region_path=customer.region.path,
        ),
        reported_at=reported_at,
    )
    order = ServiceOrder(
        kind=kind,
        channel=channel,
        priority=priority,
        customer=customer,
        unit=unit,
        region=customer.region,
        fault_description=fault_description.strip(),
        contact_phone=contact_phone,
        address=address,
        reported_at=reported_at,
        created_by=actor,
        in_warranty=in_warranty,
        sla_policy=targets.policy,
        respond_by=targets.respond_by,
        on_site_by=targets.on_site_by,
        resolve_by=targets.resolve_by,
        sla_terms=targets.terms,
    )
    # Numbering last: the day's counter row stays locked until commit.
    order.number = next_order_number(day=timezone.localdate(now))
    order.save(force_insert=True)
    tally_add(region_id=order.region_id, status=order.status, delta=1)
    created = events.order_created_event(order=order, actor=actor, at=now)
    # A report taken earlier (``reported_at``) may be past a deadline already (SLA-3).
    breaches = sla_record_breaches(order=order, now=now)
    return Intake(order=order, exclusions=exclusions, events=[created, *breaches])


def _engineer(engineer_id: int, field: str = "engineer") -> User:
    engineer = User.objects.filter(
        pk=engineer_id, is_active=True, customer__isnull=True, roles__code=RoleCode.ENGINEER
    ).first()
    if engineer is None:
        raise ValidationFailed.field(field, _("unknown engineer"))
    return engineer


def _lock_visible(*, actor: User, order_id: int) -> ServiceOrder:
    """The order, locked for this transaction; ``NotFound`` when the actor may not see it
    (checked before locking, so an invisible order is never locked)."""
    return lock_visible_order(actor=actor, order_id=order_id)


@transaction.atomic
def service_order_transition(
    *,
    actor: User,
    order_id: int,
    action: str,
    payload: dict[str, Any] | None = None,
) -> ServiceOrder:
    """Apply one SO-3 action. Locks the order, checks who may act and the transition
    table, writes the step and its timeline event in this transaction.

    Refusals, in order: 404 the order is invisible, 403 the actor may not, 422 bad
    payload, 409 not allowed from the current state (or already assigned).
    """
    payload = payload or {}
    try:
        act = Action(action)
    except ValueError:
        raise NotFound(_("Unknown action %(action)s.") % {"action": action}) from None
    order = _lock_visible(actor=actor, order_id=order_id)
    check_actor(actor=actor, order=order, action=act)
    data = validate_payload(act, payload)
    engineer = _engineer(data["engineer"]) if "engineer" in data else None
    if engineer is not None:  # assign / reassign: skill and certificate (DSP-1, TRN-2)
        check_assignable(order=order, engineer=engineer)

    if act is Action.ASSIGN and order.assigned_engineer_id is not None:
        raise AlreadyAssigned(
            _("The order is already assigned to %(name)s.") % {"name": order.assigned_engineer}
        )
    if not can_transition(order.status, act):
        raise InvalidTransition(
            _("Cannot %(action)s an order that is %(status)s.")
            % {"action": act.label, "status": Status(order.status).label},
            extra={"status": order.status, "action": act.value},
        )
    if (
        act is Action.REASSIGN
        and engineer is not None
        and engineer.pk == order.assigned_engineer_id
    ):
        raise ValidationFailed.field("engineer", _("is already the assigned engineer"))
    # FEE-2: work waits while a quote with something to pay awaits the customer.
    charges_check_transition(order=order, action=act.value)

    now = timezone.now()
    previous_status = order.status
    previous_engineer = order.assigned_engineer_id
    order.status = target_of(act, accepted=data.get("accepted", True))
    changed = ["status", "updated_at"]
    step_field = ACTION_STEPS.get(act)
    if step_field and not (act is Action.CONFIRM and not data.get("accepted", True)):
        setattr(order, step_field, now)
        changed.append(step_field)
    for field, value in data.get("order_fields", {}).items():
        setattr(order, field, value)
        changed.append(field)
    if engineer is not None:
        order.assigned_engineer = engineer
        changed.append("assigned_engineer")
    if act is Action.WAIT:
        order.waiting_reason = data["reason"]
        changed.append("waiting_reason")
    elif act is Action.RESUME:
        order.waiting_reason = ""
        changed.append("waiting_reason")
    # SLA-2: waiting for the customer stops the clocks; leaving waiting moves deadlines.
    clock = sla_clock_step(order=order, action=act.value, previous_status=previous_status, now=now)
    changed += clock.fields
    order.save(update_fields=list(dict.fromkeys(changed)))
    tally_move(region_id=order.region_id, from_status=previous_status, to_status=order.status)

    if act is Action.REASSIGN:
        events.order_reassigned_event(
            order=order,
            actor=actor,
            at=now,
            previous_engineer_id=previous_engineer,
            reason=data["reason"],
        )
    else:
        events.order_transition_event(
            order=order,
            actor=actor,
            at=now,
            action=act.value,
            from_status=previous_status,
            note=data.get("note", ""),
            extra=data.get("extra", {}),
        )
    sla_clock_record(order=order, actor=actor, step=clock, now=now)  # pause/resume, breaches
    # INV-2: reserved parts go back on the shelf when the order is cancelled, and those
    # still unused when the customer accepts the work.
    if act is Action.CANCEL:
        order_parts_release_all(actor=actor, order=order, reason=order.cancel_reason)
    elif order.status == Status.ACCEPTED:
        with translation.override(settings.LANGUAGE_CODE):
            reason = _("not used: the customer accepted the work")
        order_parts_release_all(actor=actor, order=order, reason=reason)
    return order


@transaction.atomic
def service_order_record_exclusion(
    *,
    actor: User,
    order_id: int,
    reason: str,
    note: str,
) -> WarrantyExclusion:
    """Record a WAR-5 exclusion on an order's unit, with its timeline event."""
    order = _lock_visible(actor=actor, order_id=order_id)
    require(actor, "order.exclusion")
    errors = Errors()
    _choice(errors, "reason", reason, ExclusionReason.values)
    if not (note or "").strip():
        errors.add("note", _("is required: say what was found"))
    if order.unit_id is None:
        errors.add("unit", _("the order has no unit to exclude from warranty"))
    errors.raise_if_any()
    if order.status in (Status.CLOSED, Status.CANCELLED):
        raise InvalidTransition(
            _("The order is %(status)s.") % {"status": Status(order.status).label}
        )
    now = timezone.now()
    exclusion = WarrantyExclusion.objects.create(
        unit_id=order.unit_id,  # type: ignore[misc]  # not None: checked above
        service_order=order,
        reason=reason,
        note=note.strip(),
        recorded_by=actor,
        recorded_at=now,
    )
    events.order_exclusion_event(order=order, actor=actor, at=now, reason=reason, note=note.strip())
    return exclusion
