from django.contrib.auth import authenticate
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from aftersales.accounts.access import require
from aftersales.accounts.schemas import (
    StaffCreateIn,
    StaffListOut,
    StaffOut,
    TokenCreateIn,
    TokenCreateOut,
)
from aftersales.accounts.selectors import staff_list
from aftersales.accounts.services import staff_create
from aftersales.accounts.tokens import token_sign_in
from aftersales.api.auth import actor
from aftersales.api.pagination import PageParams, page_response, paginate
from aftersales.catalog.models import ProductLine
from aftersales.core.exceptions import ApplicationError, ValidationFailed
from aftersales.core.validation import get_or_field_error
from aftersales.organisation.models import NetworkPoint, Region

auth_router = Router()
staff_router = Router()


class Unauthenticated(ApplicationError):
    code = "invalid_credentials"
    http_status = 401


class TooManyAttempts(ApplicationError):
    code = "throttled"
    http_status = 429


@auth_router.post(
    "/token",
    response=TokenCreateOut,
    auth=None,
    summary="Sign in: exchange username and password for a bearer token",
)
def token_create(request: HttpRequest, data: TokenCreateIn) -> dict[str, str]:
    user = authenticate(request, username=data.username, password=data.password)
    if getattr(request, "axes_locked_out", False):
        raise TooManyAttempts(_("Too many failed sign-ins; try again later."))
    if user is None or not user.is_active:
        raise Unauthenticated(_("Wrong username or password."))
    return {"token": token_sign_in(request=request, user=user)}


@staff_router.get("", response=StaffListOut, summary="List staff")
def staff_list_api(
    request: HttpRequest,
    page: Query[PageParams],
    role: str | None = None,
    region: int | None = None,
) -> dict[str, object]:
    require(actor(request), "staff.list")
    count, rows = paginate(staff_list(role=role, region=region), page)
    return page_response(count, rows)


@staff_router.post("", response={201: StaffOut}, summary="Create a staff member")
def staff_create_api(request: HttpRequest, data: StaffCreateIn) -> Status[object]:
    require(actor(request), "staff.create")
    region = (
        get_or_field_error(Region, "region", pk=data.region) if data.region is not None else None
    )
    point = (
        get_or_field_error(NetworkPoint, "network_point", pk=data.network_point)
        if data.network_point is not None
        else None
    )
    skills = list(ProductLine.objects.filter(code__in=data.skills))
    missing = sorted(set(data.skills) - {line.code for line in skills})
    if missing:
        raise ValidationFailed.field(
            "skills", _("unknown product lines: %(codes)s") % {"codes": ", ".join(missing)}
        )
    user = staff_create(
        username=data.username,
        password=data.password,
        name=data.name,
        roles=data.roles,
        region=region,
        phone=data.phone,
        skills=skills,
        network_point=point,
    )
    return Status(201, staff_list().get(pk=user.pk))
