"""PDF documents: the repair report of an order and the warranty card of a unit.

Visibility is the record's own: whoever may read the order or the unit may print it,
and anybody else gets 404 (SEC-2). ``?lang=en`` prints in English; Chinese otherwise.
"""

from __future__ import annotations

import re

from django.http import HttpRequest, HttpResponse
from ninja import Router

from aftersales.api.auth import actor
from aftersales.documents.render import document_language, render_pdf
from aftersales.documents.selectors import repair_report_context, warranty_card_context
from aftersales.portal.links import warranty_lookup_url
from aftersales.service_orders.selectors import access_service_order
from aftersales.units.selectors import access_unit

router = Router()

PDF_RESPONSE = {
    "responses": {
        200: {
            "description": "A4 PDF",
            "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
        }
    }
}


def _pdf(content: bytes, filename: str) -> HttpResponse:
    safe = re.sub(r"[^A-Za-z0-9._-]", "_", filename)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{safe}"'
    response["Cache-Control"] = "private, no-store"  # personal data: never in a shared cache
    return response


@router.get(
    "/service-orders/{order_id}/report.pdf",
    url_name="service_order_report_pdf",
    summary="The repair report of an order as a printable PDF (SO-5)",
    openapi_extra=PDF_RESPONSE,
)
def service_order_report_pdf(
    request: HttpRequest, order_id: int, lang: str | None = None
) -> HttpResponse:
    order = access_service_order(user=actor(request), order_id=order_id)
    pdf = render_pdf(
        "documents/repair_report.html",
        repair_report_context(order=order),
        language=document_language(lang),
    )
    return _pdf(pdf, f"{order.number}-report.pdf")


@router.get(
    "/units/{unit_id}/card.pdf",
    url_name="unit_card_pdf",
    summary="The warranty card of a unit, with the QR code of the public lookup (UNIT-2)",
    openapi_extra=PDF_RESPONSE,
)
def unit_card_pdf(request: HttpRequest, unit_id: int, lang: str | None = None) -> HttpResponse:
    unit = access_unit(user=actor(request), unit_id=unit_id)
    number = unit.warranty_card_number or unit.serial_number
    context = warranty_card_context(
        unit=unit, lookup_url=warranty_lookup_url(number=number, request=request)
    )
    pdf = render_pdf("documents/warranty_card.html", context, language=document_language(lang))
    return _pdf(pdf, f"{unit.serial_number}-warranty-card.pdf")
