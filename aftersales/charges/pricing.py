"""From what a quote asks for to priced lines: the input is checked against the price
list and the catalogue, each problem named by its field (``labour.fault_level``,
``parts.0.part`` …), before anything is written."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from aftersales.catalog.models import Part
from aftersales.charges import rules
from aftersales.charges.models import ChargeLine, PricedSheet
from aftersales.core.validation import Errors
from aftersales.service_orders.models import ServiceOrder
from aftersales.warranty.rules import WarrantyStatus

MAX_HOURS = Decimal("999")
MAX_KM = Decimal("99999")
MAX_QUANTITY = 999
MAX_AMOUNT = Decimal("1000000")
MAX_LINES = 100


@dataclass(frozen=True)
class PartIn:
    part: int
    quantity: int


@dataclass(frozen=True)
class OtherIn:
    description: str
    amount: Decimal
    always_charged: bool = False


@dataclass(frozen=True)
class LinesIn:
    """What the engineer or agent asks to be priced (at least one line)."""

    fault_level: int | None = None
    hours: Decimal | None = None
    distance_km: Decimal | None = None
    parts: Sequence[PartIn] = field(default_factory=tuple)
    others: Sequence[OtherIn] = field(default_factory=tuple)


def _places(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def _labour(errors: Errors, lines: LinesIn, table: rules.PriceTable) -> list[rules.Item]:
    if lines.fault_level is not None and lines.hours is not None:
        errors.add("labour", _("give a fault level or hours, not both"))
        return []
    if lines.fault_level is not None:
        if table.level(lines.fault_level) is None:
            levels = ", ".join(str(lv.fault_level) for lv in table.levels) or "-"
            errors.add(
                "labour.fault_level",
                _("the price list has no fault level %(level)s (levels: %(levels)s)")
                % {"level": lines.fault_level, "levels": levels},
            )
            return []
        return [rules.LabourByLevel(fault_level=lines.fault_level)]
    if lines.hours is not None:
        hours = lines.hours
        if not hours.is_finite() or hours <= 0 or hours > MAX_HOURS or _places(hours) > 2:
            errors.add(
                "labour.hours",
                _("must be more than 0 and at most %(max)s, in hundredths") % {"max": MAX_HOURS},
            )
            return []
        return [rules.LabourByHours(hours=hours)]
    return []


def _travel(errors: Errors, lines: LinesIn, table: rules.PriceTable) -> list[rules.Item]:
    km = lines.distance_km
    if km is None:
        return []
    if not km.is_finite() or km < 0 or km > MAX_KM or _places(km) > 1:
        errors.add(
            "travel.distance_km",
            _("must be from 0 to %(max)s km, in tenths") % {"max": MAX_KM},
        )
        return []
    if table.band_for(km) is None:
        errors.add(
            "travel.distance_km",
            _("no travel band of the price list covers %(km)s km") % {"km": km},
        )
        return []
    return [rules.Travel(distance_km=km)]


def _parts(
    errors: Errors,
    lines: LinesIn,
    order: ServiceOrder,
    known_prices: Mapping[int, Decimal],
) -> list[rules.Item]:
    wanted = [p.part for p in lines.parts]
    found = {p.pk: p for p in Part.objects.filter(pk__in=wanted).prefetch_related("fits")}
    model_id = order.unit.product_model_id if order.unit is not None else None
    items: list[rules.Item] = []
    seen: set[int] = set()
    for i, wanted_part in enumerate(lines.parts):
        part = found.get(wanted_part.part)
        if part is None:
            errors.add(f"parts.{i}.part", _("unknown part"))
            continue
        if part.pk in seen:
            errors.add(f"parts.{i}.part", _("is listed twice; give one line with the quantity"))
            continue
        seen.add(part.pk)
        fits = {m.pk for m in part.fits.all()}
        if fits and model_id is not None and model_id not in fits:
            errors.add(
                f"parts.{i}.part",
                _("%(sku)s does not fit this unit's model") % {"sku": part.sku},
            )
            continue
        if not 1 <= wanted_part.quantity <= MAX_QUANTITY:
            errors.add(
                f"parts.{i}.quantity",
                _("must be a whole number from 1 to %(max)s") % {"max": MAX_QUANTITY},
            )
            continue
        items.append(
            rules.PartItem(
                part_id=part.pk,
                sku=part.sku,
                name=part.name,
                warranty_class=part.warranty_class,
                unit_price=known_prices.get(part.pk, part.price),
                quantity=wanted_part.quantity,
            )
        )
    return items


def _others(errors: Errors, lines: LinesIn) -> list[rules.Item]:
    items: list[rules.Item] = []
    for i, other in enumerate(lines.others):
        description = (other.description or "").strip()
        ok = True
        if not description or len(description) > 200:
            errors.add(f"others.{i}.description", _("is required, at most 200 characters"))
            ok = False
        amount = other.amount
        if not amount.is_finite() or amount < 0 or amount > MAX_AMOUNT or _places(amount) > 2:
            errors.add(
                f"others.{i}.amount",
                _("must be from 0 to %(max)s yuan, in fen") % {"max": MAX_AMOUNT},
            )
            ok = False
        if ok:
            items.append(
                rules.OtherItem(
                    description=description, amount=amount, always_charged=other.always_charged
                )
            )
    return items


def checked_items(
    *,
    lines: LinesIn,
    table: rules.PriceTable,
    order: ServiceOrder,
    known_prices: Mapping[int, Decimal] | None = None,
) -> list[rules.Item]:
    """The items to price, in the order labour, travel, parts, others; raises
    ``ValidationFailed`` naming every bad field. ``known_prices`` (part id → unit price)
    keeps the prices an approved quote was issued with."""
    errors = Errors()
    count = (
        (lines.fault_level is not None or lines.hours is not None)
        + (lines.distance_km is not None)
        + len(lines.parts)
        + len(lines.others)
    )
    if count == 0:
        errors.add("lines", _("give at least one line: labour, travel, parts or others"))
    if len(lines.parts) + len(lines.others) > MAX_LINES:
        errors.add("lines", _("at most %(max)s lines") % {"max": MAX_LINES})
    items = [
        *_labour(errors, lines, table),
        *_travel(errors, lines, table),
        *_parts(errors, lines, order, known_prices or {}),
        *_others(errors, lines),
    ]
    errors.raise_if_any()
    return items


def stamp_warranty(sheet: PricedSheet, cover: rules.Cover, status: WarrantyStatus | None) -> None:
    """Copy the warranty the lines are priced under onto a quote or adjustment."""
    sheet.warranty_known = cover.known
    sheet.in_warranty = cover.in_warranty
    sheet.accessories_in_warranty = cover.accessories_in_warranty
    sheet.exclusions = list(cover.exclusions)
    sheet.whole_unit_until = status.whole_unit_until if status is not None else None
    sheet.accessories_until = status.accessories_until if status is not None else None


def line_rows(totals: rules.Totals) -> list[ChargeLine]:
    """Unsaved line rows of priced lines; the caller sets the parent and saves them."""
    return [
        ChargeLine(
            position=position,
            kind=line.kind,
            description=line.description[:200],
            code=line.code[:64],
            part_id=line.part_id,
            warranty_class=line.warranty_class,
            quantity=line.quantity,
            unit_price=line.unit_price,
            list_amount=line.list_amount,
            charge=line.charge,
            coverage=line.coverage,
        )
        for position, line in enumerate(totals.lines, start=1)
    ]
