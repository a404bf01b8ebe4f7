from django.http import HttpRequest
from ninja import Query, Router, Status

from aftersales.accounts.access import require
from aftersales.api.auth import actor
from aftersales.api.pagination import PageParams, page_response, paginate
from aftersales.catalog.models import ProductModel
from aftersales.core.exceptions import ValidationFailed
from aftersales.core.validation import get_or_field_error
from aftersales.customers.selectors import customer_visible_qs
from aftersales.units.models import Unit
from aftersales.units.schemas import UnitCreateIn, UnitListOut, UnitOut
from aftersales.units.selectors import access_unit, unit_list
from aftersales.units.services import unit_create

router = Router()


@router.get("", response=UnitListOut, summary="List units (installed base)")
def unit_list_api(
    request: HttpRequest,
    page: Query[PageParams],
    customer: int | None = None,
    serial_number: str | None = None,
    product_model: int | None = None,
) -> dict[str, object]:
    qs = unit_list(
        user=actor(request),
        customer=customer,
        serial_number=serial_number,
        product_model=product_model,
    )
    return page_response(*paginate(qs, page))


@router.post("", response={201: UnitOut}, summary="Register a sold unit and its warranty card")
def unit_create_api(request: HttpRequest, data: UnitCreateIn) -> Status[Unit]:
    user = actor(request)
    require(user, "unit.create")
    fields = data.dict()
    fields["product_model"] = get_or_field_error(
        ProductModel, "product_model", pk=data.product_model
    )
    customer = customer_visible_qs(user=user).filter(pk=data.customer).first()
    if customer is None:
        raise ValidationFailed.field("customer", "unknown customer")
    fields["customer"] = customer
    return Status(201, unit_create(**fields))


@router.get("/{unit_id}", response=UnitOut, summary="Read a unit")
def unit_read_api(request: HttpRequest, unit_id: int) -> Unit:
    return access_unit(user=actor(request), unit_id=unit_id)
