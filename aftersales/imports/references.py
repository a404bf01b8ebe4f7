"""What an import row points to, found the way users write it (UNIT-3).

A region by code, name or id; a product model by code; a unit's customer by id or by
the customer's own phone. Lookups are remembered for the run: a file of 5,000 units of
three models costs three model queries. A reference that cannot be resolved refuses the
row, naming the column.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from aftersales.catalog.models import ProductModel
from aftersales.core.phone import normalise_phone
from aftersales.customers.models import Customer
from aftersales.organisation.models import Region


class RowRefused(Exception):
    """The row is not imported; ``errors`` names each field, as ``ValidationFailed``."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__(errors)
        self.errors = errors


def _refuse(field: str, message: str) -> RowRefused:
    return RowRefused({field: [message]})


class References:
    def __init__(self, *, customers: QuerySet[Customer]) -> None:
        self.customers = customers  # the customers the importing user may reference
        self._regions: dict[str, Region | None] = {}
        self._models: dict[str, ProductModel | None] = {}

    def region(self, text: str) -> Region:
        if text not in self._regions:
            self._regions[text] = self._find_region(text)
        region = self._regions[text]
        if region is None:
            raise _refuse(
                "region", _("no region has this code or name: %(value)s") % {"value": text}
            )
        return region

    @staticmethod
    def _find_region(text: str) -> Region | None:
        by_code = Region.objects.filter(code=text).first()
        if by_code is not None:
            return by_code
        by_name = list(Region.objects.filter(name=text)[:2])
        if len(by_name) == 2:
            raise _refuse("region", _("several regions have this name; use the region's code"))
        if by_name:
            return by_name[0]
        if text.isdigit():
            return Region.objects.filter(pk=int(text)).first()
        return None

    def product_model(self, code: str) -> ProductModel:
        if code not in self._models:
            found = ProductModel.objects.filter(code=code).first()
            if found is None:
                matches = list(ProductModel.objects.filter(code__iexact=code)[:2])
                found = matches[0] if len(matches) == 1 else None
            self._models[code] = found
        model = self._models[code]
        if model is None:
            raise _refuse(
                "product_model", _("no product model has this code: %(value)s") % {"value": code}
            )
        return model

    def unit_customer(self, *, customer_id: int | None, phone: str | None) -> Customer:
        """By id, or by the customer's own phone (not a contact's: a contact may serve
        several customers). Both given must name the same customer."""
        if customer_id is None and not phone:
            raise _refuse("customer_id", _("give the customer's id or phone"))
        by_id = None
        if customer_id is not None:
            by_id = self.customers.filter(pk=customer_id).first()
            if by_id is None:
                raise _refuse("customer_id", _("unknown customer"))
        if not phone:
            assert by_id is not None
            return by_id
        phone = normalise_phone(phone)
        if by_id is not None:
            if by_id.phone != phone:
                raise _refuse(
                    "customer_phone",
                    _("is not the phone of customer %(id)s") % {"id": customer_id},
                )
            return by_id
        matches = list(self.customers.filter(phone=phone).order_by("pk")[:2])
        if not matches:
            raise _refuse("customer_phone", _("no customer has this phone"))
        if len(matches) > 1:
            raise _refuse(
                "customer_phone", _("several customers have this phone; give customer_id")
            )
        return matches[0]

    def refuse_duplicate_customer(self, *, name: str, phone: str) -> None:
        """Refuse a customer already on file with this name and phone.

        A file imported twice would otherwise create every customer twice; the phone
        alone is not enough (a family or a company shares one). The id is named only
        when the importing user may see that customer.
        """
        same = Customer.objects.filter(name=name.strip(), phone=normalise_phone(phone))
        found = same.values_list("pk", flat=True).first()
        if found is None:
            return
        if self.customers.filter(pk=found).exists():
            message = _("a customer with this name and phone is already on file (id %(id)s)") % {
                "id": found
            }
        else:
            message = _("a customer with this name and phone is already on file")
        raise _refuse("phone", message)
