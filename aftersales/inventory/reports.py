"""INV-5 reports: reorder suggestions for stock below its minimum, and the 3 % rule.

Both read only what the user may see (SEC-2): the warehouses of ``warehouse_visible_qs``
(a region's own, the central ones, an engineer's van) and, for the 3 % rule, the regions
of the user's scope. Each runs a fixed number of queries, however many rows; the
arithmetic is ``inventory.report_rules``. Definitions: docs/subsystems/inventory.md.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from aftersales.accounts.access import region_visible_qs, require, scope_for
from aftersales.accounts.models import User
from aftersales.catalog.models import Part, ProductLine
from aftersales.core.exceptions import NotFound
from aftersales.core.queries import first_or_none
from aftersales.inventory import report_rules as rules
from aftersales.inventory.models import Stock, Warehouse, WarehouseKind
from aftersales.inventory.selectors import access_warehouse, warehouse_visible_qs
from aftersales.organisation.models import Region
from aftersales.units.models import Unit

DEFAULT_SPARE_STOCK_PERCENT = Decimal("3")


def spare_stock_percent() -> Decimal:
    """The 3 % of the rule (setting ``SPARE_STOCK_PERCENT``)."""
    return Decimal(str(getattr(settings, "SPARE_STOCK_PERCENT", DEFAULT_SPARE_STOCK_PERCENT)))


def _access_region(*, user: User, region_id: int) -> Region:
    found = first_or_none(region_visible_qs(user=user).filter(pk=region_id))
    if found is None:
        raise NotFound(_("Region not found."))
    return found


def stock_report_regions(*, user: User) -> QuerySet[Region]:
    """The regions the stock reports may be narrowed to: those the user sees, in tree
    order."""
    require(user, "stock.read")
    return region_visible_qs(user=user).order_by("path")


# --- reorder suggestions ------------------------------------------------------------------


@dataclass(frozen=True)
class TransferSource:
    warehouse: Warehouse
    quantity: int


@dataclass(frozen=True)
class ReorderSuggestion:
    warehouse: Warehouse
    part: Part
    available: int
    min_level: int
    max_level: int | None
    quantity: int  # up to the maximum (else the minimum)
    transfers: list[TransferSource]  # nearest first
    purchase: int  # what no visible warehouse can spare: to be bought


def _holding(stock: Stock) -> rules.Holding:
    w = stock.warehouse
    return rules.Holding(
        warehouse_id=w.pk,
        part_id=stock.part_id,
        on_hand=stock.on_hand,
        reserved=stock.reserved,
        min_level=stock.min_level,
        max_level=stock.max_level,
        kind=w.kind,
        region_path=rules.path_of(w.region.path if w.region else None),
        code=w.code,
    )


def reorder_suggestions(
    *, user: User, warehouse_id: int | None = None, region_id: int | None = None
) -> list[ReorderSuggestion]:
    """Each visible stock row whose available quantity (on hand − reserved) is below its
    minimum, with where the quantity could come from: the surplus of other visible
    warehouses (same top-level region first, nearer first; then central), the rest
    bought. The plan is made over every visible row, then ``warehouse_id`` /
    ``region_id`` (its subtree) keep their rows, so a filtered row says what the whole
    report says; an unknown or invisible one is 404. Inactive warehouses neither need
    nor give. Two queries (plus one per filter, plus the scope's)."""
    require(user, "stock.read")
    if warehouse_id is not None:
        access_warehouse(user=user, warehouse_id=warehouse_id)
    region_path = None
    if region_id is not None:
        region_path = _access_region(user=user, region_id=region_id).path
    visible = warehouse_visible_qs(user=user).filter(is_active=True)
    need_rows = list(
        Stock.objects.filter(
            warehouse__in=visible,
            min_level__isnull=False,
            min_level__gt=F("on_hand") - F("reserved"),
        )
        .select_related("warehouse__region", "part")
        .order_by("warehouse__code", "part__sku")
    )
    if not need_rows:
        return []
    sources = list(
        Stock.objects.filter(
            warehouse__in=visible,
            part_id__in={s.part_id for s in need_rows},
            on_hand__gt=F("reserved"),
        )
        .exclude(pk__in=[s.pk for s in need_rows])
        .exclude(warehouse__kind=WarehouseKind.VAN)
        .select_related("warehouse__region")
    )
    warehouses = {s.warehouse_id: s.warehouse for s in (*need_rows, *sources)}
    by_key = {(s.warehouse_id, s.part_id): s for s in need_rows}
    plans = rules.plan_reorders([_holding(s) for s in (*need_rows, *sources)])
    suggestions = []
    for plan in plans:
        stock = by_key[(plan.holding.warehouse_id, plan.holding.part_id)]
        w = stock.warehouse
        if warehouse_id is not None and w.pk != warehouse_id:
            continue
        if region_path is not None and not (w.region and w.region.path.startswith(region_path)):
            continue
        assert stock.min_level is not None
        suggestions.append(
            ReorderSuggestion(
                warehouse=w,
                part=stock.part,
                available=stock.available,
                min_level=stock.min_level,
                max_level=stock.max_level,
                quantity=plan.quantity,
                transfers=[TransferSource(warehouses[wid], q) for wid, q in plan.transfers],
                purchase=plan.purchase,
            )
        )
    return suggestions


# --- the 3 % rule -------------------------------------------------------------------------


@dataclass(frozen=True)
class SpareTransfer:
    from_warehouse: Warehouse
    from_region: Region | None  # the region giving it up; None for a central warehouse
    part: Part
    quantity: int


@dataclass(frozen=True)
class ThreePercentRow:
    region: Region
    product_line: ProductLine
    units: int  # units serviced: customers in the region's subtree, not exchanged/refunded
    required: int  # ⌈percent % × units⌉
    held: int  # on hand of parts fitting the line, in the region's subtree's warehouses
    shortfall: int  # required − held, when positive
    transfers: list[SpareTransfer]  # largest surplus first
    to_warehouse: Warehouse | None  # where this region receives the transfers
    remaining: int  # still short after the suggested transfers (to buy)


@dataclass(frozen=True)
class ThreePercentReport:
    percent: Decimal
    rows: list[ThreePercentRow]


def three_percent_report(
    *, user: User, region_id: int | None = None, on: dt.date | None = None
) -> ThreePercentReport:
    """The 3 % rule per visible region that has an active non-central warehouse in its
    subtree, per product line with units or stock there. Units serviced are those bought
    on or before ``on`` (default today) and not exchanged or refunded; stock is today's
    balance. ``region_id`` keeps that region's subtree (404 when not visible); transfers
    are planned over everything the user sees either way, so a filtered row says what
    the whole report says. Seven queries (plus the filter's and the scope's)."""
    require(user, "stock.read")
    on = on or timezone.localdate()
    percent = spare_stock_percent()
    scope = scope_for(user)
    filter_path = ""
    if region_id is not None:
        filter_path = _access_region(user=user, region_id=region_id).path
    regions = {r.pk: r for r in region_visible_qs(user=user)}
    warehouses = {
        w.pk: w
        for w in warehouse_visible_qs(user=user).filter(is_active=True).select_related("region")
    }
    depots = {
        w.pk: rules.Depot(w.pk, w.kind, rules.path_of(w.region.path if w.region else None), w.code)
        for w in warehouses.values()
    }
    regional = [d.region_path for d in depots.values() if d.kind != WarehouseKind.CENTRAL]
    areas = sorted(
        (
            rules.Area(r.pk, path)
            for r in regions.values()
            if any(rules.contains(path := rules.path_of(r.path), p) for p in regional)
        ),
        key=lambda a: a.path,
    )
    stock = list(
        Stock.objects.filter(warehouse_id__in=list(warehouses), on_hand__gt=0).select_related(
            "part"
        )
    )
    fits: dict[int, set[int]] = {}
    for part_id, line_id in (
        Part.fits.through.objects.filter(part_id__in={s.part_id for s in stock})
        .values_list("part_id", "productmodel__product_line_id")
        .distinct()
    ):
        fits.setdefault(part_id, set()).add(line_id)
    lots = [
        rules.Lot(
            warehouse_id=s.warehouse_id,
            part_id=s.part_id,
            on_hand=s.on_hand,
            available=s.available,
            lines=frozenset(fits.get(s.part_id, ())),
            kind=depots[s.warehouse_id].kind,
            region_path=depots[s.warehouse_id].region_path,
            code=depots[s.warehouse_id].code,
            sku=s.part.sku,
        )
        for s in stock
    ]
    units = Unit.objects.filter(tg_settlement__isnull=True, purchase_date__lte=on)
    if not scope.everything:
        units = units.filter(customer__region_id__in=scope.region_ids)
    served = [
        rules.Served(rules.path_of(path), line_id, n)
        for path, line_id, n in units.values_list(
            "customer__region__path", "product_model__product_line_id"
        )
        .annotate(n=Count("id"))
        .order_by()
    ]
    lines = {line.pk: line for line in ProductLine.objects.order_by("code")}
    parts = {s.part_id: s.part for s in stock}
    coverage = rules.three_percent_plan(
        areas=areas,
        lines=list(lines),
        served=served,
        lots=lots,
        depots=depots.values(),
        percent=percent,
    )
    rows = [
        ThreePercentRow(
            region=regions[c.region_id],
            product_line=lines[c.line_id],
            units=c.units,
            required=c.required,
            held=c.held,
            shortfall=c.shortfall,
            transfers=[
                SpareTransfer(
                    from_warehouse=warehouses[t.from_warehouse_id],
                    from_region=regions[t.from_region_id] if t.from_region_id else None,
                    part=parts[t.part_id],
                    quantity=t.quantity,
                )
                for t in c.transfers
            ],
            to_warehouse=warehouses[c.to_warehouse_id] if c.to_warehouse_id else None,
            remaining=c.remaining,
        )
        for c in coverage
        if regions[c.region_id].path.startswith(filter_path)
    ]
    return ThreePercentReport(percent=percent, rows=rows)
