"""The warranty resource of api.md, built from a ``WarrantyStatus``."""

from __future__ import annotations

from typing import Any

from aftersales.warranty.explain import warranty_reason
from aftersales.warranty.rules import WarrantyStatus


def warranty_resource(*, serial_number: str, status: WarrantyStatus) -> dict[str, Any]:
    return {
        "serial_number": serial_number,
        "on": status.on,
        "warranty_start": status.start,
        "start_basis": status.start_basis,
        "whole_unit_months": status.whole_unit_months,
        "whole_unit_source": status.whole_unit_source,
        "whole_unit_until": status.whole_unit_until,
        "accessory_months": status.accessory_months,
        "accessories_until": status.accessories_until,
        "three_guarantees_months": status.three_guarantees_months,
        "three_guarantees_until": status.three_guarantees_until,
        "in_warranty": status.in_warranty,
        "accessories_in_warranty": status.accessories_in_warranty,
        "exclusions": list(status.exclusions),
        "chargeable": status.chargeable,
        "reason": warranty_reason(status),
    }
