"""Writes on the loaner pool (LOAN-1) and its loans (LOAN-2).

Every write checks in the project's order — 404 (invisible) → 403 (not allowed) → 422
(bad input) → 409 (state) — before it writes anything, and runs in one transaction.
A unit changes status only through a conditional ``UPDATE`` whose row count says
whether this request won: two people lending the same unit at once get one loan and
one ``409``, on SQLite and PostgreSQL alike; the partial unique constraints on open
loans back it up.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aftersales.accounts.access import require
from aftersales.accounts.models import User
from aftersales.catalog.models import ProductModel
from aftersales.charges.preconditions import check_actor
from aftersales.core.exceptions import Conflict, ValidationFailed
from aftersales.core.queries import first_or_none
from aftersales.core.validation import Errors, full_clean_or_raise
from aftersales.inventory.selectors import warehouse_visible_qs
from aftersales.loaners import events
from aftersales.loaners.locks import loan_lock_qs
from aftersales.loaners.models import Loan, LoanerStatus, LoanerUnit
from aftersales.loaners.selectors import access_loan, access_loaner, loaner_visible_qs
from aftersales.service_orders.locks import lock_visible_order
from aftersales.service_orders.status import BEFORE_RESOLVED, Status

MAX_SERIAL = 64
MAX_TEXT = 5000


def _text(errors: Errors, field: str, value: str | None) -> str:
    value = (value or "").strip()
    if len(value) > MAX_TEXT:
        errors.add(field, _("is longer than %(max)s characters") % {"max": MAX_TEXT})
    return value


@transaction.atomic
def loaner_unit_create(
    *,
    actor: User,
    serial_number: str,
    product_model_id: int | None,
    warehouse_id: int | None,
    note: str = "",
) -> LoanerUnit:
    """Put a unit into the pool (LOAN-1), available. Refusals: 403 the actor may not
    manage the pool; 422 an empty or taken serial number, an unknown product model, a
    warehouse unknown to the actor or no longer in use."""
    require(actor, "loaner.create")
    errors = Errors()
    serial = (serial_number or "").strip()
    if not serial:
        errors.add("serial_number", _("is required"))
    elif len(serial) > MAX_SERIAL:
        errors.add("serial_number", _("is longer than %(max)s characters") % {"max": MAX_SERIAL})
    elif LoanerUnit.objects.filter(serial_number=serial).exists():
        errors.add("serial_number", _("is already in the loaner pool"))
    model = None
    if product_model_id is None:
        errors.add("product_model", _("is required"))
    else:
        model = first_or_none(ProductModel.objects.filter(pk=product_model_id))
        if model is None:
            errors.add("product_model", _("unknown product model"))
    warehouse = None
    if warehouse_id is None:
        errors.add("warehouse", _("is required"))
    else:
        warehouse = first_or_none(warehouse_visible_qs(user=actor).filter(pk=warehouse_id))
        if warehouse is None:
            errors.add("warehouse", _("unknown warehouse"))
        elif not warehouse.is_active:
            errors.add("warehouse", _("is no longer in use"))
    note = _text(errors, "note", note)
    errors.raise_if_any()
    assert model is not None
    assert warehouse is not None
    unit = LoanerUnit(
        serial_number=serial,
        product_model=model,
        warehouse=warehouse,
        status=LoanerStatus.AVAILABLE,
        note=note,
    )
    full_clean_or_raise(unit)
    try:
        with transaction.atomic():
            unit.save()
    except IntegrityError:  # the same serial number, entered at the same moment
        raise ValidationFailed.field("serial_number", _("is already in the loaner pool")) from None
    return unit


@transaction.atomic
def loaner_unit_retire(*, actor: User, loaner_id: int, reason: str = "") -> LoanerUnit:
    """Take an available unit out of the pool for good (sold, scrapped, lost); ``reason``
    is added to its note. Refusals: 404 invisible, 403 the actor may not manage the
    pool, 422 a reason too long, 409 the unit is on loan (return it first) or retired."""
    unit = access_loaner(user=actor, loaner_id=loaner_id)
    require(actor, "loaner.create")
    errors = Errors()
    reason = _text(errors, "reason", reason)
    errors.raise_if_any()
    now = timezone.now()
    note = "\n".join(part for part in (unit.note, reason) if part)
    done = LoanerUnit.objects.filter(pk=unit.pk, status=LoanerStatus.AVAILABLE).update(
        status=LoanerStatus.RETIRED, retired_at=now, retired_by=actor, note=note, updated_at=now
    )
    if done != 1:
        unit.refresh_from_db(fields=["status"])
        if unit.status == LoanerStatus.ON_LOAN:
            raise Conflict(
                _("Loaner unit %(serial)s is on loan: record its return first.")
                % {"serial": unit.serial_number},
                extra={"status": unit.status},
            )
        raise Conflict(
            _("Loaner unit %(serial)s is already retired.") % {"serial": unit.serial_number},
            extra={"status": unit.status},
        )
    unit.refresh_from_db()
    return unit


@transaction.atomic
def loaner_issue(
    *,
    actor: User,
    order_id: int,
    loaner_id: int | None,
    expected_back: dt.date | None = None,
) -> Loan:
    """Lend a unit of the pool to an open order (LOAN-2; SLA-5 says when one is due).

    The order is locked first, so two loans for one order are serialised; the unit is
    taken with ``UPDATE … WHERE status = 'available'``, so of two requests for one unit
    exactly one gets it. Refusals: 404 order invisible; 403 the actor may not lend (an
    engineer only on orders assigned to them); 422 no or unknown ``loaner`` (one in a
    warehouse the actor does not see is unknown), ``expected_back`` in the past; 409
    the order is resolved or cancelled, already has a loaner out, or the unit is not
    available (lent, retired — or taken a moment ago)."""
    order = lock_visible_order(actor=actor, order_id=order_id)
    check_actor(actor=actor, order=order, action="loaner.issue")
    now = timezone.now()
    errors = Errors()
    unit = None
    if loaner_id is None:
        errors.add("loaner", _("is required"))
    else:
        unit = first_or_none(
            loaner_visible_qs(user=actor)
            .select_related("product_model", "warehouse")
            .filter(pk=loaner_id)
        )
        if unit is None:
            errors.add("loaner", _("unknown loaner unit"))
    if expected_back is not None and expected_back < timezone.localdate(now):
        errors.add("expected_back", _("must not be in the past"))
    errors.raise_if_any()
    assert unit is not None
    if order.status not in BEFORE_RESOLVED:
        raise Conflict(
            _("A loaner is lent only while the repair is open; this order is %(status)s.")
            % {"status": Status(order.status).label},
            extra={"status": order.status},
        )
    if Loan.objects.filter(order=order, returned_at__isnull=True).exists():
        raise Conflict(_("This order already has a loaner unit out."))
    taken = LoanerUnit.objects.filter(pk=unit.pk, status=LoanerStatus.AVAILABLE).update(
        status=LoanerStatus.ON_LOAN, updated_at=now
    )
    if taken != 1:
        raise Conflict(
            _("Loaner unit %(serial)s is not available.") % {"serial": unit.serial_number}
        )
    unit.status = LoanerStatus.ON_LOAN
    try:
        with transaction.atomic():
            loan = Loan.objects.create(
                loaner=unit,
                order=order,
                issued_at=now,
                issued_by=actor,
                expected_back=expected_back,
            )
    except IntegrityError:  # the open-loan constraints; the checks above make it rare
        raise Conflict(_("This order already has a loaner unit out.")) from None
    events.loaner_issued_event(order=order, actor=actor, at=now, loan=loan)
    return loan


@transaction.atomic
def loaner_return(*, actor: User, loan_id: int, note: str = "") -> Loan:
    """Record that a lent unit is back (LOAN-2): the loan is closed and the unit is
    available again in its warehouse. Refusals: 404 invisible loan; 403 the actor may
    not (an engineer only on orders assigned to them); 422 a note too long; 409 the
    loan was already returned."""
    loan = access_loan(user=actor, loan_id=loan_id)
    check_actor(actor=actor, order=loan.order, action="loaner.return")
    errors = Errors()
    note = _text(errors, "note", note)
    errors.raise_if_any()
    locked = loan_lock_qs().get(pk=loan.pk)  # a second return waits here, then sees ours
    if locked.returned_at is not None:
        raise Conflict(_("This loaner unit was already returned."))
    now = timezone.now()
    loan.returned_at, loan.returned_by, loan.return_note = now, actor, note
    loan.save(update_fields=["returned_at", "returned_by", "return_note"])
    LoanerUnit.objects.filter(pk=loan.loaner_id, status=LoanerStatus.ON_LOAN).update(
        status=LoanerStatus.AVAILABLE, updated_at=now
    )
    loan.loaner.status = LoanerStatus.AVAILABLE
    events.loaner_returned_event(order=loan.order, actor=actor, at=now, loan=loan)
    return loan
