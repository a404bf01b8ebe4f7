"""Reads on certificates (TRN-2) and on the staff members who hold them.

Staff visibility follows SEC-2 like every other record: everyone sees themselves,
national and global roles see all staff, regional roles see the staff of their region's
subtree, customers see no staff. An invisible staff member answers "not found".
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from aftersales.accounts.access import scope_for
from aftersales.accounts.models import User
from aftersales.core.exceptions import NotFound
from aftersales.core.queries import first_or_none
from aftersales.training.models import Certificate


def staff_visible_qs(*, user: User) -> QuerySet[User]:
    staff = User.objects.filter(customer__isnull=True)
    if user.is_customer_user or not user.is_active:
        return staff.none()
    scope = scope_for(user)
    if scope.everything:
        return staff
    return staff.filter(Q(pk=user.pk) | Q(region_id__in=scope.region_ids))


def access_staff_member(*, user: User, staff_id: int) -> User:
    """The staff member, or ``NotFound`` when unknown or invisible to ``user``."""
    member = first_or_none(staff_visible_qs(user=user).filter(pk=staff_id))
    if member is None:
        raise NotFound(_("Staff member not found."))
    return member


def certificate_list(*, holder: User) -> QuerySet[Certificate]:
    """The holder's certificates, latest expiry first (expired ones too: the history)."""
    return (
        Certificate.objects.filter(holder=holder)
        .select_related("product_line")
        .order_by("-valid_until", "-id")
    )


def valid_certificates(*, on: dt.date) -> QuerySet[Certificate]:
    """Certificates valid on ``on``; expiry is inclusive (valid on ``valid_until``)."""
    return Certificate.objects.filter(valid_until__gte=on)


def valid_certificate_for(
    *, holder_id: int, product_line_id: int, on: dt.date
) -> Certificate | None:
    """The holder's certificate for the line that is valid on ``on`` and runs longest."""
    return (
        valid_certificates(on=on)
        .filter(holder_id=holder_id, product_line_id=product_line_id)
        .order_by("-valid_until", "-id")
        .first()
    )
