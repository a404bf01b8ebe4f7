from django.http import HttpRequest
from ninja import Query, Router, Status

from aftersales.accounts.access import require
from aftersales.accounts.models import User
from aftersales.accounts.schemas import CustomerUserCreateIn, CustomerUserOut
from aftersales.accounts.services import customer_user_create
from aftersales.api.auth import actor
from aftersales.api.pagination import PageParams, page_response, paginate
from aftersales.core.validation import get_or_field_error
from aftersales.customers.models import Customer
from aftersales.customers.schemas import (
    CustomerCreateIn,
    CustomerListOut,
    CustomerOut,
    CustomerUpdateIn,
)
from aftersales.customers.selectors import access_customer, customer_list
from aftersales.customers.services import customer_create, customer_update
from aftersales.organisation.models import Region

router = Router()


@router.get(
    "",
    response=CustomerListOut,
    summary="List customers; ?phone= finds by the customer's or a contact's phone",
)
def customer_list_api(
    request: HttpRequest,
    page: Query[PageParams],
    phone: str | None = None,
    q: str | None = None,
    kind: str | None = None,
    region: int | None = None,
) -> dict[str, object]:
    qs = customer_list(user=actor(request), phone=phone, q=q, kind=kind, region=region)
    return page_response(*paginate(qs, page))


@router.post("", response={201: CustomerOut}, summary="Create a customer")
def customer_create_api(request: HttpRequest, data: CustomerCreateIn) -> Status[Customer]:
    require(actor(request), "customer.create")
    fields = data.dict()
    fields["region"] = get_or_field_error(Region, "region", pk=data.region)
    return Status(201, customer_create(**fields))


@router.get("/{customer_id}", response=CustomerOut, summary="Read a customer")
def customer_read_api(request: HttpRequest, customer_id: int) -> Customer:
    return access_customer(user=actor(request), customer_id=customer_id)


@router.patch("/{customer_id}", response=CustomerOut, summary="Change a customer's fields")
def customer_update_api(request: HttpRequest, customer_id: int, data: CustomerUpdateIn) -> Customer:
    user = actor(request)
    customer = access_customer(user=user, customer_id=customer_id)
    require(user, "customer.update")
    fields = data.dict(exclude_unset=True)
    if fields.get("region") is not None:
        fields["region"] = get_or_field_error(Region, "region", pk=fields["region"])
    return customer_update(customer=customer, data=fields)


@router.post(
    "/{customer_id}/users",
    response={201: CustomerUserOut},
    summary="Create a sign-in for the customer (portal and API)",
)
def customer_user_create_api(
    request: HttpRequest, customer_id: int, data: CustomerUserCreateIn
) -> Status[User]:
    user = actor(request)
    customer = access_customer(user=user, customer_id=customer_id)
    require(user, "customer.users.create")
    return Status(
        201, customer_user_create(customer=customer, username=data.username, password=data.password)
    )
