"""The assignment gate of DSP-1 and TRN-2: an engineer takes an order only with the skill
for its product line and a certificate for that line valid on the day of assignment.

``check_assignable`` is meant to be called by ``service_order_transition`` for
``assign`` and ``reassign``, on the locked order, once the engineer is known and before
anything is written; it raises ``ValidationFailed`` naming ``engineer`` (422). Region
and shift are not checked here: a dispatcher may send someone from further away, or
call someone in, by hand — the candidates list is where those rules apply. It imports
nothing from ``service_orders.services`` (no import cycle).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from aftersales.accounts.models import User
from aftersales.core.exceptions import ValidationFailed
from aftersales.service_orders.models import ServiceOrder
from aftersales.training.selectors import valid_certificates
from aftersales.units.models import Unit


def check_assignable(*, order: ServiceOrder, engineer: User, on: dt.date | None = None) -> None:
    """Refuse an engineer without the skill or a valid certificate (expiry inclusive) for
    the order's product line. An order without a unit has no product line: nothing to
    check. Two statements at most."""
    if order.unit_id is None:
        return
    line = (
        Unit.objects.filter(pk=order.unit_id)
        .values("product_model__product_line_id", "product_model__product_line__name")
        .first()
    )
    if line is None:
        return
    line_id = line["product_model__product_line_id"]
    name = line["product_model__product_line__name"]
    on = on or timezone.localdate()
    found = (
        User.objects.filter(pk=engineer.pk)
        .annotate(
            skilled=Exists(
                User.skills.through.objects.filter(user_id=OuterRef("pk"), productline_id=line_id)
            ),
            certified=Exists(
                valid_certificates(on=on).filter(holder_id=OuterRef("pk"), product_line_id=line_id)
            ),
        )
        .values("skilled", "certified")
        .first()
    )
    skilled = bool(found and found["skilled"])
    certified = bool(found and found["certified"])
    problems = []
    if not skilled:
        problems.append(_("has no skill for %(line)s") % {"line": name})
    if not certified:
        problems.append(
            _("has no certificate for %(line)s valid on %(date)s")
            % {"line": name, "date": on.isoformat()}
        )
    if problems:
        raise ValidationFailed(
            _("%(engineer)s may not take this order: %(problems)s")
            % {"engineer": engineer, "problems": "; ".join(problems)},
            errors={"engineer": problems},
        )
