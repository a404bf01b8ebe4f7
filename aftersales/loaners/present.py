"""The API's resources of loaner units and loans (plain dicts, checked against
``schemas`` by ninja)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from aftersales.loaners.models import Loan, LoanerUnit
from aftersales.loaners.selectors import LoanerOffer, loan_overdue_reason


def loaner_unit_resource(unit: LoanerUnit) -> dict[str, Any]:
    """``unit`` from ``loaner_unit_list`` (or with the same annotations and relations)."""
    return {
        "id": unit.pk,
        "serial_number": unit.serial_number,
        "product_model": unit.product_model_id,
        "product_model_code": unit.product_model.code,
        "product_model_name": unit.product_model.name,
        "warehouse": unit.warehouse_id,
        "warehouse_code": unit.warehouse.code,
        "warehouse_name": unit.warehouse.name,
        "status": unit.status,
        "note": unit.note,
        "loan": getattr(unit, "open_loan_id", None),
        "order": getattr(unit, "open_order_id", None),
        "order_number": getattr(unit, "open_order_number", None),
        "retired_at": unit.retired_at,
        "created_at": unit.created_at,
    }


def loan_resource(loan: Loan, *, now: dt.datetime) -> dict[str, Any]:
    reason = loan_overdue_reason(loan, now=now)
    return {
        "id": loan.pk,
        "loaner": loan.loaner_id,
        "serial_number": loan.loaner.serial_number,
        "product_model_code": loan.loaner.product_model.code,
        "warehouse": loan.loaner.warehouse_id,
        "warehouse_code": loan.loaner.warehouse.code,
        "order": loan.order_id,
        "order_number": loan.order.number,
        "order_status": loan.order.status,
        "issued_at": loan.issued_at,
        "issued_by": loan.issued_by_id,
        "expected_back": loan.expected_back,
        "returned_at": loan.returned_at,
        "returned_by": loan.returned_by_id,
        "return_note": loan.return_note,
        "open": loan.returned_at is None,
        "overdue": reason is not None,
        "overdue_reason": reason.value if reason is not None else None,
    }


def loaner_offer_resource(offer: LoanerOffer, *, now: dt.datetime) -> dict[str, Any]:
    return {
        "loaner_due": offer.loaner_due,
        "due_since": offer.due.due_since if offer.due is not None else None,
        "open_loan": loan_resource(offer.open_loan, now=now) if offer.open_loan else None,
        "available": [
            {
                "id": unit.pk,
                "serial_number": unit.serial_number,
                "product_model_code": unit.product_model.code,
                "same_model": bool(getattr(unit, "same_model", 0)),
                "warehouse": unit.warehouse_id,
                "warehouse_code": unit.warehouse.code,
                "warehouse_name": unit.warehouse.name,
                "proximity": getattr(unit, "proximity", 0),
            }
            for unit in offer.available
        ],
    }
