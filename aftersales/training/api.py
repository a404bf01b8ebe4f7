"""``/api/v1/staff/{id}/certificates`` (api.md, TRN-2), mounted beside the staff router."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status

from aftersales.api.auth import actor
from aftersales.api.pagination import PageParams, page_response, paginate
from aftersales.core.timeutil import local_today
from aftersales.training.present import certificate_resource
from aftersales.training.schemas import CertificateCreateIn, CertificateListOut, CertificateOut
from aftersales.training.selectors import access_staff_member, certificate_list
from aftersales.training.services import certificate_create

router = Router()


@router.get(
    "/{staff_id}/certificates",
    response=CertificateListOut,
    summary="A staff member's certificates (TRN-2), latest expiry first",
)
def certificate_list_api(
    request: HttpRequest, staff_id: int, page: Query[PageParams]
) -> dict[str, Any]:
    holder = access_staff_member(user=actor(request), staff_id=staff_id)
    count, rows = paginate(certificate_list(holder=holder), page)
    today = local_today()
    return page_response(count, [certificate_resource(c, today=today) for c in rows])


@router.post(
    "/{staff_id}/certificates",
    response={201: CertificateOut},
    summary="Record a certificate (持证上岗, TRN-2); expiry is inclusive",
)
def certificate_create_api(
    request: HttpRequest, staff_id: int, data: CertificateCreateIn
) -> Status[dict[str, Any]]:
    certificate = certificate_create(
        actor=actor(request),
        holder_id=staff_id,
        product_line_code=data.product_line,
        number=data.number,
        valid_until=data.valid_until,
    )
    return Status(201, certificate_resource(certificate, today=local_today()))
