from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from aftersales.accounts.models import Role, User
from aftersales.accounts.roles import RoleCode
from aftersales.catalog.models import ProductLine
from aftersales.core.phone import is_valid_phone, normalise_phone
from aftersales.core.validation import Errors, full_clean_or_raise
from aftersales.customers.models import Customer
from aftersales.organisation.models import NetworkPoint, Region


def _check_username_password(
    errors: Errors, username: str, password: str, user: User | None = None
) -> None:
    if not username or not username.strip():
        errors.add("username", _("is required"))
    elif User.objects.filter(username=username).exists():
        errors.add("username", _("is taken"))
    try:
        validate_password(password, user=user)
    except DjangoValidationError as exc:
        for message in exc.messages:
            errors.add("password", message)


@transaction.atomic
def staff_create(
    *,
    username: str,
    password: str,
    name: str,
    roles: list[str],
    region: Region | None = None,
    phone: str = "",
    skills: list[ProductLine] | None = None,
    network_point: NetworkPoint | None = None,
) -> User:
    errors = Errors()
    _check_username_password(errors, username, password)
    if not name or not name.strip():
        errors.add("name", _("is required"))
    if not roles:
        errors.add("roles", _("give at least one role"))
    unknown = sorted(set(roles) - set(RoleCode.values))
    if unknown:
        errors.add("roles", _("unknown roles: %(roles)s") % {"roles": ", ".join(unknown)})
    phone = normalise_phone(phone)
    if phone and not is_valid_phone(phone):
        errors.add("phone", _("is not a valid phone number"))
    if network_point is not None and region is not None and network_point.region_id != region.pk:
        errors.add("network_point", _("belongs to another region"))
    errors.raise_if_any()
    user = User(
        username=username,
        name=name.strip(),
        phone=phone,
        region=region,
        network_point=network_point,
        is_staff=True,
    )
    user.set_password(password)
    full_clean_or_raise(user, exclude=["password"])
    user.save()
    user.roles.set(Role.objects.filter(code__in=roles))
    if skills:
        user.skills.set(skills)
    return user


@transaction.atomic
def customer_user_create(*, customer: Customer, username: str, password: str) -> User:
    """A sign-in for a customer (portal and API); it sees only this customer's records."""
    errors = Errors()
    _check_username_password(errors, username, password)
    errors.raise_if_any()
    user = User(
        username=username,
        name=customer.name,
        customer=customer,
        is_staff=False,
        email=customer.email,
    )
    user.set_password(password)
    full_clean_or_raise(user, exclude=["password"])
    user.save()
    return user
