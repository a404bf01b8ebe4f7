"""Loaner units (备用机, LOAN-1..2) over HTTP.

``router`` is mounted at the API root (``/loaners``, ``/loans``); ``order_router``
beside the service orders' own router (``/service-orders/{id}/loans``,
``/service-orders/{id}/loaner-offer``).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Status

from aftersales.api.auth import actor
from aftersales.api.pagination import PageParams, page_response, paginate
from aftersales.loaners import schemas as s
from aftersales.loaners.present import loan_resource, loaner_offer_resource, loaner_unit_resource
from aftersales.loaners.selectors import loan_list, loaner_offer, loaner_unit_list
from aftersales.loaners.services import (
    loaner_issue,
    loaner_return,
    loaner_unit_create,
    loaner_unit_retire,
)
from aftersales.service_orders.selectors import access_service_order

router = Router()
order_router = Router()


@router.get(
    "/loaners",
    response=s.LoanerUnitListOut,
    summary="The loaner pool (LOAN-1)",
    description="Loaner units (备用机) in the warehouses the caller sees, by warehouse and "
    "serial number; a unit that is out names its open `loan` and `order`. Filters: "
    "`warehouse` (404 when not visible), `status` (`available`, `on_loan`, `retired`), "
    "`product_model`. Every staff role may read it.",
)
def loaner_unit_list_api(
    request: HttpRequest,
    page: Query[PageParams],
    warehouse: int | None = None,
    status: s.LoanerStatusIn | None = None,
    product_model: int | None = None,
) -> dict[str, Any]:
    qs = loaner_unit_list(
        user=actor(request), warehouse_id=warehouse, status=status, product_model_id=product_model
    )
    count, rows = paginate(qs, page)
    return page_response(count, [loaner_unit_resource(u) for u in rows])


@router.post(
    "/loaners",
    response={201: s.LoanerUnitOut},
    summary="Add a unit to the loaner pool (LOAN-1)",
    description="Warehouse keepers, managers, directors and admins. The serial number is "
    "unique in the pool; the warehouse must be one the caller sees and in use (422 "
    "otherwise). The unit starts `available`.",
)
def loaner_unit_create_api(
    request: HttpRequest, data: s.LoanerUnitCreateIn
) -> Status[dict[str, Any]]:
    unit = loaner_unit_create(
        actor=actor(request),
        serial_number=data.serial_number,
        product_model_id=data.product_model,
        warehouse_id=data.warehouse,
        note=data.note,
    )
    return Status(201, loaner_unit_resource(unit))


@router.post(
    "/loaners/{loaner_id}/retire",
    response=s.LoanerUnitOut,
    summary="Take a unit out of the loaner pool for good",
    description="Only an `available` unit: one on loan is returned first (409), a retired "
    "one stays retired (409). The `reason` is added to the unit's note. Who may: as for "
    "adding units.",
)
def loaner_unit_retire_api(
    request: HttpRequest, loaner_id: int, data: s.LoanerUnitRetireIn
) -> dict[str, Any]:
    unit = loaner_unit_retire(actor=actor(request), loaner_id=loaner_id, reason=data.reason)
    return loaner_unit_resource(unit)


@router.get(
    "/loans",
    response=s.LoanListOut,
    summary="Loans of loaner units (LOAN-2), and the overdue ones",
    description="Loans of the orders, or of the warehouses, the caller sees; newest first. "
    "Filters: `order`, `warehouse` (the unit's; each 404 when not visible), `open=true` "
    "only those still out, `overdue=true` only those that should be back, longest out "
    "first: the order was cancelled, the repair "
    "was accepted more than `LOANER_RETURN_GRACE_DAYS` (3) days ago, or the day promised "
    "(`expected_back`) has passed — `overdue_reason` says which.",
)
def loan_list_api(
    request: HttpRequest,
    page: Query[PageParams],
    order: int | None = None,
    warehouse: int | None = None,
    open: bool = False,
    overdue: bool = False,
) -> dict[str, Any]:
    now = timezone.now()
    qs = loan_list(
        user=actor(request),
        order_id=order,
        warehouse_id=warehouse,
        open_only=open,
        overdue_only=overdue,
        now=now,
    )
    count, rows = paginate(qs, page)
    return page_response(count, [loan_resource(loan, now=now) for loan in rows])


@router.post(
    "/loans/{loan_id}/return",
    response=s.LoanOut,
    summary="Record a loaner unit's return (LOAN-2)",
    description="Closes the loan and makes the unit available again in its warehouse; "
    "writes a `loaner`/`returned` event on the order's timeline. 409 when it was already "
    "returned. An engineer records returns only on orders assigned to them.",
)
def loan_return_api(request: HttpRequest, loan_id: int, data: s.LoanReturnIn) -> dict[str, Any]:
    loan = loaner_return(actor=actor(request), loan_id=loan_id, note=data.note)
    return loan_resource(loan, now=timezone.now())


@order_router.post(
    "/{order_id}/loans",
    response={201: s.LoanOut},
    summary="Lend a loaner unit to an open order (LOAN-2, SLA-5)",
    description="`loaner` must be an available unit in a warehouse the caller sees (422 "
    "when unknown); `expected_back` is optional and not in the past. 409 when the order is "
    "resolved or cancelled, already has a loaner out, or the unit is not available — of "
    "two requests for one unit at the same moment exactly one succeeds. Writes a "
    "`loaner`/`issued` event on the order's timeline. An engineer lends only on orders "
    "assigned to them.",
)
def loan_issue_api(
    request: HttpRequest, order_id: int, data: s.LoanIssueIn
) -> Status[dict[str, Any]]:
    loan = loaner_issue(
        actor=actor(request),
        order_id=order_id,
        loaner_id=data.loaner,
        expected_back=data.expected_back,
    )
    return Status(201, loan_resource(loan, now=timezone.now()))


@order_router.get(
    "/{order_id}/loaner-offer",
    response=s.LoanerOfferOut,
    summary="The loaner offer of an order (SLA-5)",
    description="`loaner_due` is true when SLA-5 recorded that a loaner must be offered "
    "and none is out; `open_loan` is the loan that is out; `available` lists units that "
    "could be lent now (only while the order is open and has none out), the order's "
    "product model first, then the nearest warehouse: the order's region, then each "
    "parent's, then the central warehouses.",
)
def loaner_offer_api(request: HttpRequest, order_id: int) -> dict[str, Any]:
    user = actor(request)
    order = access_service_order(user=user, order_id=order_id)
    return loaner_offer_resource(loaner_offer(user=user, order=order), now=timezone.now())
