"""Human wording of charge lines and their coverage, in the request's language."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from aftersales.charges import rules
from aftersales.charges.models import LineKind, PricedSheet
from aftersales.warranty.models import ExclusionReason


def _exclusion_labels(codes: list[str]) -> str:
    labels = []
    for code in codes:
        try:
            labels.append(str(ExclusionReason(code).label))
        except ValueError:
            labels.append(code)
    return ", ".join(labels)


def _day(value: object) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else "-"


def coverage_reason(code: str, sheet: PricedSheet) -> str:
    """Why one line is free or paid, e.g. "in warranty until 2026-03-09"."""
    whole = _day(sheet.whole_unit_until)
    accessories = _day(sheet.accessories_until)
    if code == rules.IN_WARRANTY:
        return _("in warranty until %(date)s: free") % {"date": whole}
    if code == rules.ACCESSORY_IN_WARRANTY:
        return _("accessory warranty until %(date)s: free") % {"date": accessories}
    if code == rules.OUT_OF_WARRANTY:
        if sheet.whole_unit_until is None:
            return _("no whole-unit warranty: charged")
        return _("warranty ended %(date)s: charged") % {"date": whole}
    if code == rules.ACCESSORY_OUT_OF_WARRANTY:
        if sheet.accessories_until is None:
            return _("no accessory warranty: charged")
        return _("accessory warranty ended %(date)s: charged") % {"date": accessories}
    if code == rules.EXCLUSION:
        return _("not covered (%(reasons)s): charged") % {
            "reasons": _exclusion_labels(list(sheet.exclusions))
        }
    if code == rules.CONSUMABLE:
        return _("consumable part, not covered by warranty: charged")
    if code == rules.NOT_COVERED:
        return _("extra service, not covered by warranty: charged")
    return _("no unit on the order, warranty unknown: charged")


def sheet_reason(sheet: PricedSheet) -> str:
    """One sentence for the whole quote: does the customer pay, and why."""
    if not sheet.warranty_known:
        decided = _("The order has no unit, so no warranty applies.")
    elif sheet.exclusions:
        decided = _("Chargeable repair because of: %(reasons)s.") % {
            "reasons": _exclusion_labels(list(sheet.exclusions))
        }
    elif sheet.in_warranty:
        decided = _("In warranty until %(date)s.") % {"date": _day(sheet.whole_unit_until)}
    elif sheet.whole_unit_until is None:
        decided = _("No whole-unit warranty; repairs are charged.")
    else:
        decided = _("Out of warranty since %(date)s; repairs are charged.") % {
            "date": _day(sheet.whole_unit_until)
        }
    if sheet.charge_total == 0:
        return decided + " " + _("Nothing to pay.")
    return decided + " " + _("To pay: %(amount)s yuan.") % {"amount": f"{sheet.charge_total:.2f}"}


def plain_number(value: Decimal) -> str:
    """1.50 → "1.5", 2.00 → "2", 10.00 → "10" (never an exponent)."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def line_label(*, kind: str, description: str, code: str, quantity: Decimal) -> str:
    """What a line is, e.g. "Labour, fault level 2: board replacement"."""
    if kind == LineKind.LABOUR:
        if code:
            return _("Labour, fault level %(level)s: %(name)s") % {
                "level": code,
                "name": description,
            }
        return _("Labour, %(hours)s hours") % {"hours": plain_number(quantity)}
    if kind == LineKind.TRAVEL:
        return _("Travel fee, %(km)s km") % {"km": code}
    if kind == LineKind.PART:
        return f"{code} {description}".strip()
    return description
