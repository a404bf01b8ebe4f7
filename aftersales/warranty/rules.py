"""Warranty dates and status (WAR-1..3, WAR-5, WAR-6) as plain functions over values.

Nothing here touches the database: ``selectors`` gathers the inputs, these functions
decide, and every decision says which rule made it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from aftersales.core.timeutil import period_end

# WAR-3 defaults for project customers whose contract leaves a period empty.
PROJECT_MAX_WARRANTY_MONTHS = 36
PROJECT_DEFAULT_ACCESSORY_MONTHS = 12


@dataclass(frozen=True)
class WarrantyTerms:
    """The inputs: the unit's dates and the periods that apply to it."""

    purchase_date: dt.date
    acceptance_date: dt.date | None
    line_warranty_months: int
    line_accessory_months: int
    line_three_guarantees_months: int
    model_warranty_months: int | None = None
    model_accessory_months: int | None = None
    model_three_guarantees_months: int | None = None
    project_customer: bool = False
    contract_warranty_months: int | None = None
    contract_accessory_months: int | None = None


@dataclass(frozen=True)
class WarrantyStatus:
    start: dt.date
    start_basis: str  # "acceptance_date" | "purchase_date"  (WAR-1)
    whole_unit_months: int
    whole_unit_source: str  # "contract" | "project_default" | "product_model" | "product_line"
    accessory_months: int
    accessory_source: str
    three_guarantees_months: int
    whole_unit_until: dt.date | None
    accessories_until: dt.date | None
    three_guarantees_until: dt.date | None
    on: dt.date
    in_warranty: bool
    accessories_in_warranty: bool
    exclusions: tuple[str, ...] = field(default=())

    @property
    def chargeable(self) -> bool:
        """WAR-5: out of warranty (expiry is the sixth reason) or an exclusion applies."""
        return not self.in_warranty or bool(self.exclusions)


def warranty_start(purchase_date: dt.date, acceptance_date: dt.date | None) -> tuple[dt.date, str]:
    """WAR-1: the acceptance date when known, otherwise the purchase date."""
    if acceptance_date is not None:
        return acceptance_date, "acceptance_date"
    return purchase_date, "purchase_date"


def _pick(*candidates: tuple[int | None, str]) -> tuple[int, str]:
    for months, source in candidates:
        if months is not None:
            return months, source
    raise ValueError("no period given")


def applicable_periods(terms: WarrantyTerms) -> tuple[tuple[int, str], tuple[int, str], int]:
    """(whole unit, accessories, three guarantees) months with where each came from."""
    product_whole = _pick(
        (terms.model_warranty_months, "product_model"),
        (terms.line_warranty_months, "product_line"),
    )
    product_accessory = _pick(
        (terms.model_accessory_months, "product_model"),
        (terms.line_accessory_months, "product_line"),
    )
    if terms.project_customer:  # WAR-3: the contract's periods apply
        whole = _pick((terms.contract_warranty_months, "contract"), product_whole)
        accessory = _pick(
            (terms.contract_accessory_months, "contract"),
            (max(PROJECT_DEFAULT_ACCESSORY_MONTHS, product_accessory[0]), "project_default"),
        )
    else:
        whole, accessory = product_whole, product_accessory
    three = (
        terms.model_three_guarantees_months
        if terms.model_three_guarantees_months is not None
        else terms.line_three_guarantees_months
    )
    return whole, accessory, three


def evaluate(
    terms: WarrantyTerms, *, on: dt.date, exclusions: tuple[str, ...] = ()
) -> WarrantyStatus:
    """Warranty status of a unit on ``on`` (WAR-6).

    A date before the warranty start counts as covered: the unit was sold and not yet
    accepted, and a fault then is the seller's to fix.
    """
    start, basis = warranty_start(terms.purchase_date, terms.acceptance_date)
    (whole_m, whole_src), (acc_m, acc_src), three_m = applicable_periods(terms)
    whole_until = period_end(start, whole_m)
    acc_until = period_end(start, acc_m)
    three_until = period_end(start, three_m)
    return WarrantyStatus(
        start=start,
        start_basis=basis,
        whole_unit_months=whole_m,
        whole_unit_source=whole_src,
        accessory_months=acc_m,
        accessory_source=acc_src,
        three_guarantees_months=three_m,
        whole_unit_until=whole_until,
        accessories_until=acc_until,
        three_guarantees_until=three_until,
        on=on,
        in_warranty=whole_until is not None and on <= whole_until,
        accessories_in_warranty=acc_until is not None and on <= acc_until,
        exclusions=tuple(dict.fromkeys(exclusions)),
    )
