from django.http import HttpRequest
from ninja import Query, Router, Status

from aftersales.accounts.access import require
from aftersales.api.auth import actor
from aftersales.api.pagination import PageParams, page_response, paginate
from aftersales.core.validation import get_or_field_error
from aftersales.organisation.models import Region
from aftersales.organisation.schemas import RegionCreateIn, RegionListOut, RegionOut
from aftersales.organisation.selectors import region_list
from aftersales.organisation.services import region_create

router = Router()


@router.get("/regions", response=RegionListOut, summary="List regions (tree order)")
def region_list_api(request: HttpRequest, page: Query[PageParams]) -> dict[str, object]:
    count, rows = paginate(region_list(), page)
    return page_response(count, rows)


@router.post("/regions", response={201: RegionOut}, summary="Create a region")
def region_create_api(request: HttpRequest, data: RegionCreateIn) -> Status[Region]:
    require(actor(request), "region.create")
    parent = (
        get_or_field_error(Region, "parent", pk=data.parent) if data.parent is not None else None
    )
    return Status(201, region_create(code=data.code, name=data.name, parent=parent))
