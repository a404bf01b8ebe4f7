"""The repair report's charges (SO-5, FEE-3): the one place the report reads them.

``report_charges`` turns the charges app's final charge list of an order into the
lines the report prints: parts used, labour and travel, and the totals. When the
charges app is not installed the report still prints and says there are no charges.
Nothing else in the documents app knows the charges app.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.apps import apps

from aftersales.service_orders.models import ServiceOrder

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class ReportLine:
    kind: str  # "labour", "travel", "part" or "other"
    description: str
    code: str  # a part's SKU, a labour level
    quantity: Decimal
    unit_price: Decimal
    list_amount: Decimal
    charge: Decimal  # what the customer pays for the line (0 when covered)
    note: str  # why it is covered or charged


@dataclass(frozen=True)
class ReportCharges:
    lines: tuple[ReportLine, ...] = ()
    list_total: Decimal = ZERO
    covered_total: Decimal = ZERO
    charge_total: Decimal = ZERO
    reason: str = ""
    final: bool = False  # the order is resolved: these are the charges, not an estimate

    @property
    def parts(self) -> tuple[ReportLine, ...]:
        return tuple(line for line in self.lines if line.kind == "part")

    @property
    def labour(self) -> tuple[ReportLine, ...]:
        return tuple(line for line in self.lines if line.kind in {"labour", "travel"})


NO_CHARGES = ReportCharges()


def report_charges(*, order: ServiceOrder) -> ReportCharges:
    if not apps.is_installed("aftersales.charges"):
        return NO_CHARGES
    from aftersales.charges.selectors import final_charges

    charges = final_charges(order=order)
    return ReportCharges(
        lines=tuple(
            ReportLine(
                kind=line.kind,
                description=line.description,
                code=line.code,
                quantity=line.quantity,
                unit_price=line.unit_price,
                list_amount=line.list_amount,
                charge=line.charge,
                note=line.reason,
            )
            for line in charges.lines
        ),
        list_total=charges.list_total,
        covered_total=charges.covered_total,
        charge_total=charges.charge_total,
        reason=charges.reason,
        final=charges.final,
    )
