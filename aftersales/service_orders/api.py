from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import File, Query, Router, Schema, Status, UploadedFile

from aftersales.api.auth import actor
from aftersales.api.pagination import PageParams, page_response, paginate
from aftersales.api.renderer import json_response
from aftersales.service_orders import schemas as s
from aftersales.service_orders.present import order_detail, order_summary
from aftersales.service_orders.selectors import (
    access_service_order,
    service_order_count,
    service_order_list,
    service_order_rows,
)
from aftersales.service_orders.services import (
    service_order_intake,
    service_order_record_exclusion,
    service_order_transition,
)
from aftersales.service_orders.status import Action
from aftersales.sla.services import service_order_change_priority
from aftersales.warranty.models import WarrantyExclusion
from aftersales.warranty.photo_schemas import ExclusionPhotoOut, exclusion_photo_resource
from aftersales.warranty.photos import exclusion_photo_add

router = Router()


class OrderFilters(Schema):
    status: list[str] | None = None
    customer: int | None = None
    assigned_engineer: int | None = None
    region: int | None = None
    sla_breached: bool | None = None
    q: str | None = None
    kind: str | None = None
    priority: str | None = None


@router.get(
    "",
    response=s.ServiceOrderListOut,
    summary="List service orders; q matches number, phone or serial exactly",
)
def order_list_api(
    request: HttpRequest, page: Query[PageParams], filters: Query[OrderFilters]
) -> HttpResponse:
    user = actor(request)
    qs = service_order_list(user=user, **filters.dict())
    count, rows = paginate(
        qs,
        page,
        lambda: service_order_count(user=user, qs=qs, **filters.dict()),
        build=service_order_rows,
    )
    return json_response(page_response(count, [order_summary(o) for o in rows]))


@router.post("", response={201: s.ServiceOrderOut}, summary="Take a report: create an order")
def order_create_api(request: HttpRequest, data: s.ServiceOrderCreateIn) -> HttpResponse:
    user = actor(request)
    fields = data.dict()
    intake = service_order_intake(
        actor=user, customer_id=fields.pop("customer"), unit_id=fields.pop("unit"), **fields
    )
    # The new order comes back with its customer, unit, policy, the unit's exclusions and
    # its first event loaded: no re-read.
    return json_response(
        order_detail(
            intake.order, actor=user, exclusions=intake.exclusions, timeline=intake.events
        ),
        status=201,
    )


@router.get(
    "/{order_id}",
    response=s.ServiceOrderOut,
    summary="Read an order with its warranty, SLA and timeline",
)
def order_read_api(request: HttpRequest, order_id: int) -> HttpResponse:
    user = actor(request)
    return json_response(
        order_detail(access_service_order(user=user, order_id=order_id), actor=user)
    )


@router.post(
    "/{order_id}/exclusions",
    response={201: s.ExclusionOut},
    summary="Record a warranty exclusion (WAR-5) on the order's unit",
)
def order_exclusion_api(
    request: HttpRequest, order_id: int, data: s.ExclusionIn
) -> Status[dict[str, Any]]:
    exclusion: WarrantyExclusion = service_order_record_exclusion(
        actor=actor(request), order_id=order_id, reason=data.reason, note=data.note
    )
    return Status(
        201,
        {
            "id": exclusion.pk,
            "reason": exclusion.reason,
            "note": exclusion.note,
            "service_order": exclusion.service_order_id,
            "unit": exclusion.unit_id,
            "recorded_at": exclusion.recorded_at,
        },
    )


@router.post(
    "/{order_id}/priority",
    response=s.ServiceOrderOut,
    summary="Change an open order's priority; its SLA targets are re-computed on the new "
    "policy, keeping the time it was paused (SLA-1, SLA-2)",
)
def order_priority_api(request: HttpRequest, order_id: int, data: s.PriorityIn) -> HttpResponse:
    user = actor(request)
    service_order_change_priority(
        actor=user, order_id=order_id, priority=data.priority, reason=data.reason
    )
    return json_response(
        order_detail(access_service_order(user=user, order_id=order_id), actor=user)
    )


ACTION_SCHEMAS: dict[Action, type[Schema]] = {
    Action.ACKNOWLEDGE: s.NoBodyIn,
    Action.ASSIGN: s.AssignIn,
    Action.REASSIGN: s.ReassignIn,
    Action.DEPART: s.NoBodyIn,
    Action.ARRIVE: s.NoBodyIn,
    Action.START: s.NoBodyIn,
    Action.WAIT: s.WaitIn,
    Action.RESUME: s.NoBodyIn,
    Action.COMPLETE: s.CompleteIn,
    Action.CONFIRM: s.ConfirmIn,
    Action.FOLLOW_UP: s.FollowUpIn,
    Action.CLOSE: s.NoBodyIn,
    Action.CANCEL: s.CancelIn,
}


def _action_endpoint(action: Action, schema: type[Schema]) -> Callable[..., Any]:
    def endpoint(request: HttpRequest, order_id: int, data: Any = None) -> HttpResponse:
        user = actor(request)
        payload = data.dict(exclude_unset=True) if data is not None else {}
        service_order_transition(
            actor=user, order_id=order_id, action=action.value, payload=payload
        )
        return json_response(
            order_detail(access_service_order(user=user, order_id=order_id), actor=user)
        )

    endpoint.__annotations__["data"] = schema | None  # the action's own body schema
    endpoint.__name__ = f"order_{action.value}_api"
    return endpoint


for _action, _schema in ACTION_SCHEMAS.items():
    router.post(
        f"/{{order_id}}/{_action.value}",
        response=s.ServiceOrderOut,
        summary=f"{_action.value}: SO-3 transition",
        operation_id=f"service_order_{_action.value}",
    )(_action_endpoint(_action, _schema))


@router.post(
    "/{order_id}/exclusions/{exclusion_id}/photo",
    response={201: ExclusionPhotoOut},
    summary="Attach a photo to an exclusion recorded on the order (WAR-5)",
    description="multipart/form-data with one file field `photo`: a JPEG, PNG or WebP "
    "image (checked by its content, not its name) of at most `EXCLUSION_PHOTO_MAX_BYTES` "
    "(10 MB by default), at most 10 per exclusion. `url` is served only to signed-in "
    "staff who may see the order or the unit. 409 on a closed or cancelled order.",
)
def order_exclusion_photo_api(
    request: HttpRequest,
    order_id: int,
    exclusion_id: int,
    photo: File[UploadedFile | None] = None,  # missing: refused by the service, naming it
) -> Status[dict[str, Any]]:
    added = exclusion_photo_add(
        actor=actor(request), order_id=order_id, exclusion_id=exclusion_id, photo=photo
    )
    return Status(201, exclusion_photo_resource(added))
