"""Charges over HTTP (FEE-1..3): the price list, an order's quote and its approval, and
the final charge list. Visibility is the order's (SEC-2): an order the caller may not
see is 404; an action their role may not take is 403."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Status

from aftersales.api.auth import actor
from aftersales.api.pagination import PageParams, page_response, paginate
from aftersales.charges import schemas as s
from aftersales.charges.present import charges_resource, price_list_resource, quote_resource
from aftersales.charges.pricing import LinesIn, OtherIn, PartIn
from aftersales.charges.selectors import (
    access_live_quote,
    access_price_list,
    final_charges,
    quote_list,
)
from aftersales.charges.services import (
    charges_adjust,
    quote_approve,
    quote_create,
    quote_decline,
    quote_issue,
)
from aftersales.service_orders.selectors import access_service_order

router = Router()
ORDER = "/service-orders/{order_id}"


def _lines(data: s.QuoteLinesIn) -> LinesIn:
    return LinesIn(
        fault_level=data.labour.fault_level if data.labour else None,
        hours=data.labour.hours if data.labour else None,
        distance_km=data.travel.distance_km if data.travel else None,
        parts=tuple(PartIn(part=p.part, quantity=p.quantity) for p in data.parts),
        others=tuple(
            OtherIn(description=o.description, amount=o.amount, always_charged=o.always_charged)
            for o in data.others
        ),
    )


def _quote_of(request: HttpRequest, order_id: int) -> dict[str, Any]:
    order = access_service_order(user=actor(request), order_id=order_id)
    return quote_resource(access_live_quote(order=order))


@router.get(
    "/price-list",
    response=s.PriceListOut,
    summary="The price list in force (FEE-1)",
    description="Labour by fault level or by the hour, travel fee by distance band, parts "
    "at their list price. `on` (YYYY-MM-DD) defaults to today; 404 when no list is in "
    "force then. Every signed-in user may read it.",
)
def price_list_read_api(request: HttpRequest, on: dt.date | None = None) -> dict[str, Any]:
    actor(request)
    return price_list_resource(access_price_list(on=on or timezone.localdate()))


@router.get(
    f"{ORDER}/quote",
    response=s.QuoteOut,
    summary="The order's current quote (FEE-2)",
    description="The issued, approved or declined revision (never a draft); 404 when "
    "the order has none. `lines[].reason` and `reason` say why each line is paid or free.",
)
def quote_read_api(request: HttpRequest, order_id: int) -> dict[str, Any]:
    return _quote_of(request, order_id)


@router.get(
    f"{ORDER}/quotes",
    response=s.QuoteListOut,
    summary="Every revision of the order's quote, newest first",
    description="Customers do not see drafts.",
)
def quote_list_api(
    request: HttpRequest, order_id: int, page: Query[PageParams]
) -> dict[str, object]:
    user = actor(request)
    order = access_service_order(user=user, order_id=order_id)
    count, rows = paginate(quote_list(order=order, user=user), page)
    return page_response(count, [quote_resource(q) for q in rows])


@router.post(
    f"{ORDER}/quote",
    response={201: s.QuoteOut},
    summary="Price and issue a quote (FEE-2)",
    description="Lines are priced from the price list in force today and the order's "
    "warranty (on its report date): in warranty without exclusions each line shows its "
    "list amount and charges 0, consumables and `always_charged` lines are always paid, "
    "accessory parts follow the accessory warranty. Issuing supersedes every earlier "
    "revision. A quote with something to pay awaits approval: an order `on_site` or "
    "`in_progress` goes to `waiting` (reason `quote_approval`), and start/resume are "
    "refused until approval. A quote with nothing to pay is approved at once. With "
    '`"issue": false` the quote is kept as a draft. 409 when no price list is in force or '
    "the order is resolved, closed or cancelled.",
)
def quote_create_api(
    request: HttpRequest, order_id: int, data: s.QuoteCreateIn
) -> Status[dict[str, Any]]:
    quote = quote_create(
        actor=actor(request),
        order_id=order_id,
        lines=_lines(data),
        note=data.note,
        issue=data.issue,
    )
    return Status(201, _quote_of(request, order_id) if data.issue else quote_resource(quote))


@router.post(
    f"{ORDER}/quote/issue",
    response=s.QuoteOut,
    summary="Issue the order's draft quote",
    description="409 when there is no draft, or the price list or warranty changed since "
    "it was priced.",
)
def quote_issue_api(request: HttpRequest, order_id: int) -> dict[str, Any]:
    quote_issue(actor=actor(request), order_id=order_id)
    return _quote_of(request, order_id)


@router.post(
    f"{ORDER}/quote/approve",
    response=s.QuoteOut,
    summary="Record the customer's approval of the issued quote",
    description="Records who, when and how (`channel`). An order waiting for the "
    "approval resumes (`in_progress`). 409 when no quote awaits a decision.",
)
def quote_approve_api(
    request: HttpRequest, order_id: int, data: s.QuoteApproveIn
) -> dict[str, Any]:
    quote_approve(actor=actor(request), order_id=order_id, channel=data.channel, note=data.note)
    return _quote_of(request, order_id)


@router.post(
    f"{ORDER}/quote/decline",
    response=s.QuoteOut,
    summary="Record that the customer declined the issued quote",
    description="The order stays waiting; staff may then cancel it, issue a new quote, or "
    "resume and complete it without the repair (nothing is charged).",
)
def quote_decline_api(
    request: HttpRequest, order_id: int, data: s.QuoteDeclineIn
) -> dict[str, Any]:
    quote_decline(actor=actor(request), order_id=order_id, reason=data.reason, channel=data.channel)
    return _quote_of(request, order_id)


@router.get(
    f"{ORDER}/charges",
    response=s.ChargesOut,
    summary="The order's charge list (FEE-3)",
    description="The engineer's adjustment of the approved quote, else the approved "
    "quote's lines, else nothing to pay (`source`: adjustment, quote, none). `final` is "
    "true once the order is resolved; this is the list the repair report prints.",
)
def charges_read_api(request: HttpRequest, order_id: int) -> dict[str, Any]:
    order = access_service_order(user=actor(request), order_id=order_id)
    return charges_resource(final_charges(order=order))


@router.post(
    f"{ORDER}/charges",
    response={201: s.ChargesOut},
    summary="Adjust the final charges (engineer, with a reason)",
    description="When the work differed from the approved quote (fewer parts, other "
    "hours). Priced with the approved quote's price list, warranty and part prices; the "
    "total to pay may not exceed what the customer approved (422 `lines`: issue a new "
    "quote instead). Allowed while the order is in progress or resolved (409 otherwise).",
)
def charges_adjust_api(
    request: HttpRequest, order_id: int, data: s.ChargesAdjustIn
) -> Status[dict[str, Any]]:
    user = actor(request)
    charges_adjust(actor=user, order_id=order_id, lines=_lines(data), reason=data.reason)
    order = access_service_order(user=user, order_id=order_id)
    return Status(201, charges_resource(final_charges(order=order)))
