from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from aftersales.core.phone import is_valid_phone, normalise_phone
from aftersales.core.validation import Errors, full_clean_or_raise
from aftersales.customers.models import Contact, Customer, CustomerAddress, CustomerKind
from aftersales.organisation.models import Region
from aftersales.warranty.rules import PROJECT_MAX_WARRANTY_MONTHS

UPDATABLE_FIELDS = (
    "name",
    "kind",
    "phone",
    "email",
    "region",
    "address",
    "contract_warranty_months",
    "contract_accessory_warranty_months",
)


def _validate(customer: Customer, errors: Errors) -> None:
    if not customer.name or not customer.name.strip():
        errors.add("name", _("is required"))
    customer.phone = normalise_phone(customer.phone)
    if not is_valid_phone(customer.phone):
        errors.add("phone", _("is not a valid phone number"))
    if customer.kind not in CustomerKind.values:
        errors.add(
            "kind", _("must be one of: %(choices)s") % {"choices": ", ".join(CustomerKind.values)}
        )
    contract = (customer.contract_warranty_months, customer.contract_accessory_warranty_months)
    if customer.kind != CustomerKind.PROJECT:
        for field, value in zip(
            ("contract_warranty_months", "contract_accessory_warranty_months"),
            contract,
            strict=True,
        ):
            if value is not None:
                errors.add(field, _("applies only to project customers"))
    else:
        whole, accessory = contract
        if whole is not None and not 0 <= whole <= PROJECT_MAX_WARRANTY_MONTHS:
            errors.add(
                "contract_warranty_months",
                _("must be between 0 and %(max)s months") % {"max": PROJECT_MAX_WARRANTY_MONTHS},
            )
        if accessory is not None and not 0 <= accessory <= PROJECT_MAX_WARRANTY_MONTHS:
            errors.add(
                "contract_accessory_warranty_months",
                _("must be between 0 and %(max)s months") % {"max": PROJECT_MAX_WARRANTY_MONTHS},
            )


@transaction.atomic
def customer_create(**fields: Any) -> Customer:
    customer = Customer(**fields)
    errors = Errors()
    _validate(customer, errors)
    errors.raise_if_any()
    full_clean_or_raise(customer)
    customer.save()
    return customer


@transaction.atomic
def customer_update(*, customer: Customer, data: dict[str, Any]) -> Customer:
    """Change the given fields only; nothing is saved unless all of them are valid."""
    unknown = set(data) - set(UPDATABLE_FIELDS)
    errors = Errors()
    for field in sorted(unknown):
        errors.add(field, _("cannot be changed"))
    errors.raise_if_any()
    customer = Customer.objects.select_for_update().get(pk=customer.pk)
    for field, value in data.items():
        setattr(customer, field, value)
    _validate(customer, errors)
    errors.raise_if_any()
    full_clean_or_raise(customer)
    customer.save(update_fields=[*data.keys(), "updated_at"])
    return customer


@transaction.atomic
def contact_create(*, customer: Customer, name: str, phone: str, email: str = "") -> Contact:
    errors = Errors()
    if not name.strip():
        errors.add("name", _("is required"))
    phone = normalise_phone(phone)
    if not is_valid_phone(phone):
        errors.add("phone", _("is not a valid phone number"))
    errors.raise_if_any()
    contact = Contact(customer=customer, name=name.strip(), phone=phone, email=email)
    full_clean_or_raise(contact)
    contact.save()
    return contact


@transaction.atomic
def customer_address_create(
    *,
    customer: Customer,
    region: Region,
    address: str,
    label: str = "",
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
) -> CustomerAddress:
    site = CustomerAddress(
        customer=customer,
        region=region,
        address=address,
        label=label,
        latitude=latitude,
        longitude=longitude,
    )
    full_clean_or_raise(site)
    site.save()
    return site
