from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from aftersales.accounts.access import require
from aftersales.api.auth import actor
from aftersales.api.pagination import PageParams, page_response, paginate
from aftersales.catalog.models import Part, ProductLine, ProductModel
from aftersales.catalog.schemas import (
    PartCreateIn,
    PartListOut,
    PartOut,
    ProductLineCreateIn,
    ProductLineListOut,
    ProductLineOut,
    ProductModelCreateIn,
    ProductModelListOut,
    ProductModelOut,
)
from aftersales.catalog.selectors import part_list, product_line_list, product_model_list
from aftersales.catalog.services import part_create, product_line_create, product_model_create
from aftersales.core.exceptions import ValidationFailed
from aftersales.core.validation import get_or_field_error

router = Router()


@router.get("/product-lines", response=ProductLineListOut, summary="List product lines")
def product_line_list_api(request: HttpRequest, page: Query[PageParams]) -> dict[str, object]:
    return page_response(*paginate(product_line_list(), page))


@router.post(
    "/product-lines",
    response={201: ProductLineOut},
    summary="Create a product line with its warranty defaults",
)
def product_line_create_api(request: HttpRequest, data: ProductLineCreateIn) -> Status[ProductLine]:
    require(actor(request), "catalog.create")
    return Status(201, product_line_create(**data.dict()))


@router.get("/product-models", response=ProductModelListOut, summary="List product models")
def product_model_list_api(
    request: HttpRequest, page: Query[PageParams], product_line: str | None = None
) -> dict[str, object]:
    return page_response(*paginate(product_model_list(product_line=product_line), page))


@router.post("/product-models", response={201: ProductModelOut}, summary="Create a product model")
def product_model_create_api(
    request: HttpRequest, data: ProductModelCreateIn
) -> Status[ProductModel]:
    require(actor(request), "catalog.create")
    fields = data.dict()
    fields["product_line"] = get_or_field_error(ProductLine, "product_line", code=data.product_line)
    return Status(201, product_model_create(**fields))


@router.get("/parts", response=PartListOut, summary="List spare parts")
def part_list_api(
    request: HttpRequest, page: Query[PageParams], q: str | None = None
) -> dict[str, object]:
    return page_response(*paginate(part_list(q=q), page))


@router.post("/parts", response={201: PartOut}, summary="Create a spare part")
def part_create_api(request: HttpRequest, data: PartCreateIn) -> Status[Part]:
    require(actor(request), "catalog.create")
    fits = list(ProductModel.objects.filter(code__in=data.fits))
    missing = sorted(set(data.fits) - {m.code for m in fits})
    if missing:
        raise ValidationFailed.field(
            "fits", _("unknown product models: %(codes)s") % {"codes": ", ".join(missing)}
        )
    fields = data.dict()
    fields["fits"] = fits
    return Status(201, part_create(**fields))
