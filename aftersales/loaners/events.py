"""Timeline events of loaners (SO-6): ``loaner`` events whose ``action`` is ``issued``
or ``returned``; the note says which unit in the site's language (the text is stored,
so it must not depend on who happened to click), a return's note follows on a new
line. The order's status is unchanged by them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from aftersales.accounts.models import User
from aftersales.loaners.models import Loan
from aftersales.service_orders.events import order_record_event
from aftersales.service_orders.models import EventKind, ServiceOrder, ServiceOrderEvent


def _extra(loan: Loan) -> dict[str, Any]:
    unit = loan.loaner
    return {
        "loan": loan.pk,
        "loaner": unit.pk,
        "serial_number": unit.serial_number,
        "product_model": unit.product_model.code,
        "warehouse": unit.warehouse_id,
        "expected_back": loan.expected_back.isoformat() if loan.expected_back else None,
    }


def loaner_issued_event(
    *, order: ServiceOrder, actor: User, at: dt.datetime, loan: Loan
) -> ServiceOrderEvent:
    unit = loan.loaner
    values = {
        "serial": unit.serial_number,
        "model": unit.product_model.name,
        "warehouse": unit.warehouse.name,
    }
    with translation.override(settings.LANGUAGE_CODE):
        note = _("Loaner unit %(serial)s (%(model)s) lent from %(warehouse)s.") % values
        if loan.expected_back is not None:
            back = _("Expected back on %(date)s.") % {"date": loan.expected_back.isoformat()}
            note = f"{note} {back}"
    return order_record_event(
        order=order,
        kind=EventKind.LOANER,
        action="issued",
        actor=actor,
        at=at,
        note=note,
        extra=_extra(loan),
    )


def loaner_returned_event(
    *, order: ServiceOrder, actor: User, at: dt.datetime, loan: Loan
) -> ServiceOrderEvent:
    unit = loan.loaner
    with translation.override(settings.LANGUAGE_CODE):
        note = _("Loaner unit %(serial)s returned to %(warehouse)s.") % {
            "serial": unit.serial_number,
            "warehouse": unit.warehouse.name,
        }
    if loan.return_note:
        note = f"{note}\n{loan.return_note}"
    return order_record_event(
        order=order,
        kind=EventKind.LOANER,
        action="returned",
        actor=actor,
        at=at,
        note=note,
        extra=_extra(loan),
    )


def loaner_overdue_event(*, loan: Loan, at: dt.datetime, reason: str) -> ServiceOrderEvent:
    """The reminder job's verdict (no actor): the unit should be back (LOAN-2)."""
    unit = loan.loaner
    with translation.override(settings.LANGUAGE_CODE):
        note = _("Loaner unit %(serial)s is overdue: it should be back in %(warehouse)s.") % {
            "serial": unit.serial_number,
            "warehouse": unit.warehouse.name,
        }
    return order_record_event(
        order=loan.order,
        kind=EventKind.LOANER,
        action="overdue",
        actor=None,
        at=at,
        note=note,
        extra={**_extra(loan), "reason": reason, "issued_at": loan.issued_at.isoformat()},
    )
