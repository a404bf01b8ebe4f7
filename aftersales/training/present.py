"""The certificate resource of the API."""

from __future__ import annotations

import datetime as dt
from typing import Any

from aftersales.training.models import Certificate


def certificate_resource(certificate: Certificate, *, today: dt.date) -> dict[str, Any]:
    return {
        "id": certificate.pk,
        "holder": certificate.holder_id,
        "product_line": certificate.product_line.code,
        "product_line_name": certificate.product_line.name,
        "number": certificate.number,
        "valid_until": certificate.valid_until,
        "valid": certificate.is_valid_on(today),
        "created_at": certificate.created_at,
    }
