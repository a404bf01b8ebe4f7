"""What each printed document shows, gathered from the records (UNIT-2, SO-5).

The callers fetch the unit or order through the visibility helpers (``access_unit``,
``access_service_order``); these functions only read what the document prints.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from aftersales.documents.charges import report_charges
from aftersales.documents.qr import qr_svg_data_uri
from aftersales.service_orders.models import ServiceOrder
from aftersales.service_orders.status import Status
from aftersales.units.models import Unit
from aftersales.warranty.models import ExclusionReason
from aftersales.warranty.selectors import warranty_status

# From these statuses on, the repair is done and the report is the final one.
DONE_STATUSES = frozenset({Status.RESOLVED, Status.ACCEPTED, Status.FOLLOWED_UP, Status.CLOSED})


def warranty_card_context(*, unit: Unit, lookup_url: str) -> dict[str, Any]:
    """The warranty card (UNIT-2). The periods do not depend on the day of printing;
    recorded exclusions are not printed on the owner's card."""
    status = warranty_status(unit=unit, on=timezone.localdate(), recorded=())
    return {
        "unit": unit,
        "model": unit.product_model,
        "line": unit.product_model.product_line,
        "customer_name": unit.customer.name,
        "warranty": status,
        "lookup_url": lookup_url,
        "qr": qr_svg_data_uri(lookup_url),
        "exclusion_labels": [str(reason.label) for reason in ExclusionReason],
        "printed_on": timezone.localdate(),
    }


def repair_report_context(*, order: ServiceOrder) -> dict[str, Any]:
    """The repair report (SO-5): the order loaded by ``access_service_order``."""
    warranty = None
    exclusions: list[str] = []
    if order.unit is not None:
        warranty = warranty_status(
            unit=order.unit, on=timezone.localdate(order.reported_at), order_id=order.pk
        )
        exclusions = [str(ExclusionReason(r).label) for r in warranty.exclusions]
    return {
        "order": order,
        "unit": order.unit,
        "customer": order.customer,
        "engineer": order.assigned_engineer,
        "warranty": warranty,
        "exclusions": exclusions,
        "charges": report_charges(order=order),
        "done": order.status in DONE_STATUSES,
        "printed_at": timezone.now(),
    }
