"""Human explanation of a warranty decision (WAR-6), in the request's language."""

from __future__ import annotations

from django.utils.translation import gettext as _

from aftersales.warranty.models import ExclusionReason
from aftersales.warranty.rules import WarrantyStatus


def warranty_reason(status: WarrantyStatus) -> str:
    basis = _("acceptance date") if status.start_basis == "acceptance_date" else _("purchase date")
    period = _("%(months)s months from the %(basis)s %(start)s") % {
        "months": status.whole_unit_months,
        "basis": basis,
        "start": status.start.isoformat(),
    }
    if status.whole_unit_source == "contract":
        period += _(" (project contract)")
    if status.whole_unit_until is None:
        decided = _("No whole-unit warranty (%(period)s).") % {"period": period}
    elif status.in_warranty:
        decided = _("In warranty until %(until)s: %(period)s.") % {
            "until": status.whole_unit_until.isoformat(),
            "period": period,
        }
    else:
        decided = _("Out of warranty since %(until)s: %(period)s; repairs are charged.") % {
            "until": status.whole_unit_until.isoformat(),
            "period": period,
        }
    if status.exclusions:
        labels = ", ".join(str(ExclusionReason(r).label) for r in status.exclusions)
        decided += " " + _("Chargeable because of: %(reasons)s.") % {"reasons": labels}
    return decided
