"""Pricing and warranty coverage of charge lines (FEE-1, FEE-2, WAR-4, WAR-5), as plain
functions over values.

Nothing here touches the database: the services gather the price table, the warranty
and the parts, these functions price each line and say why it is or is not paid.

Coverage rule (which lines the customer pays):

1. No unit on the order (warranty unknown): every line is paid.
2. ``other`` lines marked ``always_charged`` (extra work the customer asked for) and
   consumable parts (损耗件, CAT-3) are always paid.
3. A WAR-5 exclusion applies: every line is paid.
4. Accessory parts (附件) are free while ``accessories_in_warranty``, else paid.
5. Everything else — labour, travel, main parts, other lines — is free while the whole
   unit is in warranty, and paid after it (WAR-4: lifetime maintenance, charged).

A paid line charges its list amount; a free line shows its list amount and charges 0.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import pairwise

from aftersales.core.money import to_fen

ZERO = Decimal("0.00")

# Coverage codes, stored on each line; ``present.coverage_reason`` explains them.
IN_WARRANTY = "in_warranty"
ACCESSORY_IN_WARRANTY = "accessory_in_warranty"
OUT_OF_WARRANTY = "out_of_warranty"
ACCESSORY_OUT_OF_WARRANTY = "accessory_out_of_warranty"
EXCLUSION = "exclusion"
CONSUMABLE = "consumable"
NOT_COVERED = "not_covered"
WARRANTY_UNKNOWN = "warranty_unknown"
COVERED_CODES = frozenset({IN_WARRANTY, ACCESSORY_IN_WARRANTY})
COVERAGE_CODES = (
    IN_WARRANTY,
    ACCESSORY_IN_WARRANTY,
    OUT_OF_WARRANTY,
    ACCESSORY_OUT_OF_WARRANTY,
    EXCLUSION,
    CONSUMABLE,
    NOT_COVERED,
    WARRANTY_UNKNOWN,
)


@dataclass(frozen=True)
class Level:
    fault_level: int
    name: str
    price: Decimal


@dataclass(frozen=True)
class Band:
    km_from: Decimal
    km_to: Decimal | None  # None: and beyond
    fee: Decimal

    def covers(self, km: Decimal) -> bool:
        return self.km_from <= km and (self.km_to is None or km < self.km_to)


@dataclass(frozen=True)
class PriceTable:
    hourly_rate: Decimal
    levels: tuple[Level, ...] = ()
    bands: tuple[Band, ...] = ()

    def level(self, fault_level: int) -> Level | None:
        return next((lv for lv in self.levels if lv.fault_level == fault_level), None)

    def band_for(self, km: Decimal) -> Band | None:
        return next((b for b in self.bands if b.covers(km)), None)


@dataclass(frozen=True)
class Cover:
    """The warranty that decides coverage (from ``warranty.rules.WarrantyStatus``)."""

    known: bool
    in_warranty: bool = False
    accessories_in_warranty: bool = False
    exclusions: tuple[str, ...] = ()


UNKNOWN_COVER = Cover(known=False)


# --- what is asked for -----------------------------------------------------------------


@dataclass(frozen=True)
class LabourByLevel:
    fault_level: int


@dataclass(frozen=True)
class LabourByHours:
    hours: Decimal


@dataclass(frozen=True)
class Travel:
    distance_km: Decimal


@dataclass(frozen=True)
class PartItem:
    part_id: int
    sku: str
    name: str
    warranty_class: str  # main | accessory | consumable
    unit_price: Decimal
    quantity: int


@dataclass(frozen=True)
class OtherItem:
    description: str
    amount: Decimal
    always_charged: bool = False


Item = LabourByLevel | LabourByHours | Travel | PartItem | OtherItem


@dataclass(frozen=True)
class PricedLine:
    kind: str  # labour | travel | part | other
    description: str
    code: str
    quantity: Decimal
    unit_price: Decimal
    list_amount: Decimal
    charge: Decimal
    coverage: str
    part_id: int | None = None
    warranty_class: str = ""

    @property
    def covered(self) -> bool:
        return self.coverage in COVERED_CODES


@dataclass(frozen=True)
class Totals:
    list_total: Decimal
    charge_total: Decimal
    lines: tuple[PricedLine, ...] = field(default=())

    @property
    def covered_total(self) -> Decimal:
        return self.list_total - self.charge_total


def coverage(
    *, kind: str, cover: Cover, warranty_class: str = "", always_charged: bool = False
) -> str:
    """Why a line is paid or free: one of ``COVERAGE_CODES`` (see the module rule)."""
    if not cover.known:
        return WARRANTY_UNKNOWN
    if kind == "other" and always_charged:
        return NOT_COVERED
    if kind == "part" and warranty_class == "consumable":
        return CONSUMABLE
    if cover.exclusions:
        return EXCLUSION
    if kind == "part" and warranty_class == "accessory":
        return ACCESSORY_IN_WARRANTY if cover.accessories_in_warranty else ACCESSORY_OUT_OF_WARRANTY
    return IN_WARRANTY if cover.in_warranty else OUT_OF_WARRANTY


def _line(
    kind: str,
    *,
    cover: Cover,
    description: str,
    code: str,
    quantity: Decimal,
    unit_price: Decimal,
    warranty_class: str = "",
    always_charged: bool = False,
    part_id: int | None = None,
) -> PricedLine:
    amount = to_fen(unit_price * quantity)
    code_of_cover = coverage(
        kind=kind, cover=cover, warranty_class=warranty_class, always_charged=always_charged
    )
    return PricedLine(
        kind=kind,
        description=description,
        code=code,
        quantity=quantity,
        unit_price=unit_price,
        list_amount=amount,
        charge=ZERO if code_of_cover in COVERED_CODES else amount,
        coverage=code_of_cover,
        part_id=part_id,
        warranty_class=warranty_class,
    )


def price_item(item: Item, *, table: PriceTable, cover: Cover) -> PricedLine:
    """Price one item. The caller has checked that a fault level or distance band
    exists in ``table`` (``ValueError`` otherwise)."""
    one = Decimal(1)
    if isinstance(item, LabourByLevel):
        level = table.level(item.fault_level)
        if level is None:
            raise ValueError(f"no labour rate for fault level {item.fault_level}")
        return _line(
            "labour",
            cover=cover,
            description=level.name,
            code=str(level.fault_level),
            quantity=one,
            unit_price=level.price,
        )
    if isinstance(item, LabourByHours):
        return _line(
            "labour",
            cover=cover,
            description="",
            code="",
            quantity=item.hours,
            unit_price=table.hourly_rate,
        )
    if isinstance(item, Travel):
        band = table.band_for(item.distance_km)
        if band is None:
            raise ValueError(f"no travel band covers {item.distance_km} km")
        return _line(
            "travel",
            cover=cover,
            description="",
            code=str(item.distance_km),
            quantity=one,
            unit_price=band.fee,
        )
    if isinstance(item, PartItem):
        return _line(
            "part",
            cover=cover,
            description=item.name,
            code=item.sku,
            quantity=Decimal(item.quantity),
            unit_price=item.unit_price,
            warranty_class=item.warranty_class,
            part_id=item.part_id,
        )
    return _line(
        "other",
        cover=cover,
        description=item.description,
        code="",
        quantity=one,
        unit_price=item.amount,
        always_charged=item.always_charged,
    )


def price_items(items: Iterable[Item], *, table: PriceTable, cover: Cover) -> Totals:
    """Price every item; the totals are the exact sums of the lines (each line is
    already rounded half-up to the fen)."""
    lines = tuple(price_item(item, table=table, cover=cover) for item in items)
    return totals_of(lines)


def totals_of(lines: Sequence[PricedLine]) -> Totals:
    return Totals(
        list_total=sum((line.list_amount for line in lines), ZERO),
        charge_total=sum((line.charge for line in lines), ZERO),
        lines=tuple(lines),
    )


def band_problems(bands: Sequence[tuple[Decimal, Decimal | None]]) -> list[str]:
    """What is wrong with a set of distance bands (from, to): a band ending before it
    starts, overlapping bands, more than one open-ended band or an open band that is not
    the last. Gaps are allowed (a distance in a gap cannot be quoted). Empty = fine."""
    problems: list[str] = []
    ordered = sorted(bands, key=lambda b: b[0])
    for km_from, km_to in ordered:
        if km_from < 0:
            problems.append("negative")
        if km_to is not None and km_to <= km_from:
            problems.append("empty")
    for (_a_from, a_to), (b_from, _b_to) in pairwise(ordered):
        if a_to is None or b_from < a_to:
            problems.append("overlap")
    return list(dict.fromkeys(problems))
