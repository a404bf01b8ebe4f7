"""The charge resources of the API, built from the models and ``FinalCharges``."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.utils.translation import gettext as _

from aftersales.charges.explain import sheet_reason
from aftersales.charges.models import PriceList, Quote
from aftersales.charges.selectors import FinalCharges, LineView, line_views


def _line(view: LineView) -> dict[str, Any]:
    return asdict(view)


def quote_resource(quote: Quote) -> dict[str, Any]:
    return {
        "id": quote.pk,
        "order": quote.order_id,
        "number": quote.number,
        "revision": quote.revision,
        "status": quote.status,
        "awaiting_approval": quote.awaiting_approval,
        "price_list": quote.price_list_id,
        "price_list_name": quote.price_list.name,
        "priced_on": quote.priced_on,
        "warranty": {
            "known": quote.warranty_known,
            "in_warranty": quote.in_warranty,
            "accessories_in_warranty": quote.accessories_in_warranty,
            "whole_unit_until": quote.whole_unit_until,
            "accessories_until": quote.accessories_until,
            "exclusions": list(quote.exclusions),
        },
        "reason": sheet_reason(quote),
        "lines": [_line(v) for v in line_views(quote, list(quote.lines.all()))],
        "list_total": quote.list_total,
        "covered_total": quote.list_total - quote.charge_total,
        "charge_total": quote.charge_total,
        "note": quote.note,
        "created_by": quote.created_by_id,
        "created_at": quote.created_at,
        "issued_by": quote.issued_by_id,
        "issued_at": quote.issued_at,
        "decided_by": quote.decided_by_id,
        "decided_by_name": str(quote.decided_by) if quote.decided_by else "",
        "decided_at": quote.decided_at,
        "decision_channel": quote.decision_channel,
        "decision_note": quote.decision_note,
        "superseded_at": quote.superseded_at,
    }


def charges_resource(charges: FinalCharges) -> dict[str, Any]:
    return {
        "order": charges.order_id,
        "order_number": charges.order_number,
        "source": charges.source,
        "final": charges.final,
        "quote": charges.quote_id,
        "quote_number": charges.quote_number,
        "approved_at": charges.approved_at,
        "approved_by": charges.approved_by,
        "approval_channel": charges.approval_channel,
        "adjusted_at": charges.adjusted_at,
        "adjusted_by": charges.adjusted_by,
        "adjust_reason": charges.adjust_reason,
        "lines": [_line(v) for v in charges.lines],
        "list_total": charges.list_total,
        "covered_total": charges.covered_total,
        "charge_total": charges.charge_total,
        "reason": charges.reason,
        "currency": charges.currency,
    }


def price_list_resource(price_list: PriceList) -> dict[str, Any]:
    return {
        "id": price_list.pk,
        "name": price_list.name,
        "valid_from": price_list.valid_from,
        "valid_until": price_list.valid_until,
        "hourly_rate": price_list.hourly_rate,
        "labour_rates": [
            {"fault_level": r.fault_level, "name": r.name, "price": r.price}
            for r in price_list.labour_rates.all()
        ],
        "travel_bands": [
            {"km_from": b.km_from, "km_to": b.km_to, "fee": b.fee}
            for b in price_list.travel_bands.all()
        ],
        "parts": _("Parts are charged at their list price (GET /api/v1/parts)."),
        "note": price_list.note,
    }
