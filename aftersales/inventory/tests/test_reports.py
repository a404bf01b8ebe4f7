"""INV-5 reports over the database: reorder suggestions and the 3 % rule, limited to
what the user sees, in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from aftersales.core.exceptions import NotFound, PermissionDenied
from aftersales.inventory.models import Stock
from aftersales.inventory.reports import reorder_suggestions, three_percent_report
from aftersales.inventory.services import warehouse_create
from aftersales.units.models import Unit
from aftersales.warranty.models import ThreeGuaranteesSettlement

pytestmark = pytest.mark.django_db
_serials = itertools.count(1)


def put(warehouse, part, on_hand=0, reserved=0, min_level=None, max_level=None) -> Stock:
    """A balance row made directly (tests only: real stock changes are moves)."""
    return Stock.objects.create(
        warehouse=warehouse,
        part=part,
        on_hand=on_hand,
        reserved=reserved,
        min_level=min_level,
        max_level=max_level,
    )


def sell(customer, product_model, n: int, bought: dt.date | None = None) -> list[Unit]:
    """``n`` units of the installed base for ``customer`` (bulk, tests only)."""
    bought = bought or timezone.localdate() - dt.timedelta(days=30)
    return Unit.objects.bulk_create(
        Unit(
            serial_number=f"R{next(_serials):08d}",
            product_model=product_model,
            customer=customer,
            purchase_date=bought,
            sale_price=Decimal("1000.00"),
        )
        for _ in range(n)
    )


@pytest.fixture
def hangzhou_np(boss, regions):
    return warehouse_create(
        actor=boss,
        code="hz-np",
        name="杭州网点仓",
        kind="network_point",
        region_id=regions["hangzhou"].pk,
    )


@pytest.fixture
def director(make_staff):
    return make_staff("director")


@pytest.fixture
def east_manager(make_staff, regions):
    return make_staff("manager", region=regions["east"])


@pytest.fixture
def north_manager(make_staff, regions):
    return make_staff("manager", region=regions["north"])


# --- reorder suggestions ------------------------------------------------------------------


@pytest.fixture
def short_shanghai(shanghai_wh, hangzhou_np, central, beijing_wh, part):
    """上海 has 2 available (min 5, max 10); 杭州 spares 3, central 20, 北京 50."""
    put(shanghai_wh, part, on_hand=3, reserved=1, min_level=5, max_level=10)
    put(hangzhou_np, part, on_hand=4, min_level=1)
    put(central, part, on_hand=20)
    put(beijing_wh, part, on_hand=50)
    return part


def summary(suggestions):
    return [
        (
            s.warehouse.code,
            s.part.sku,
            s.available,
            s.quantity,
            [(t.warehouse.code, t.quantity) for t in s.transfers],
            s.purchase,
        )
        for s in suggestions
    ]


def test_a_reorder_fills_up_to_the_maximum_from_the_same_region_then_central(
    east_manager, short_shanghai
):
    rows = reorder_suggestions(user=east_manager)
    assert summary(rows) == [("sh", short_shanghai.sku, 2, 8, [("hz-np", 3), ("central", 5)], 0)]
    assert (rows[0].min_level, rows[0].max_level) == (5, 10)


def test_what_no_visible_warehouse_spares_is_bought(
    east_manager, shanghai_wh, central, beijing_wh, part
):
    put(shanghai_wh, part, on_hand=0, min_level=4)
    put(central, part, on_hand=1)
    put(beijing_wh, part, on_hand=99)  # another top-level region: no source
    [row] = reorder_suggestions(user=east_manager)
    assert [(t.warehouse.code, t.quantity) for t in row.transfers] == [("central", 1)]
    assert row.purchase == 3


def test_a_manager_sees_only_their_regions_suggestions(
    north_manager, short_shanghai, beijing_wh, central
):
    Stock.objects.filter(warehouse=beijing_wh).update(on_hand=1, min_level=3)
    rows = reorder_suggestions(user=north_manager)
    assert summary(rows) == [("bj", short_shanghai.sku, 1, 2, [("central", 2)], 0)]


def test_filters_keep_rows_of_the_full_plan(
    director, short_shanghai, shanghai_wh, hangzhou_np, regions, make_part
):
    other = make_part()
    put(hangzhou_np, other, on_hand=0, min_level=1)
    everything = summary(reorder_suggestions(user=director))
    assert [r[0] for r in everything] == ["hz-np", "sh"]
    assert summary(reorder_suggestions(user=director, warehouse_id=shanghai_wh.pk)) == [
        everything[1]
    ]
    assert summary(reorder_suggestions(user=director, region_id=regions["hangzhou"].pk)) == [
        everything[0]
    ]
    assert summary(reorder_suggestions(user=director, region_id=regions["east"].pk)) == everything
    assert reorder_suggestions(user=director, region_id=regions["north"].pk) == []


def test_invisible_filters_are_not_found(east_manager, short_shanghai, beijing_wh, regions):
    with pytest.raises(NotFound):
        reorder_suggestions(user=east_manager, warehouse_id=beijing_wh.pk)
    with pytest.raises(NotFound):
        reorder_suggestions(user=east_manager, region_id=regions["north"].pk)
    with pytest.raises(NotFound):
        reorder_suggestions(user=east_manager, region_id=999_999)


def test_inactive_warehouses_neither_need_nor_give(east_manager, short_shanghai, hangzhou_np):
    hangzhou_np.is_active = False
    hangzhou_np.save(update_fields=["is_active"])
    [row] = reorder_suggestions(user=east_manager)
    assert [(t.warehouse.code, t.quantity) for t in row.transfers] == [("central", 8)]


def test_a_van_is_no_source(east_manager, shanghai_wh, van, part):
    put(shanghai_wh, part, on_hand=0, min_level=2)
    put(van, part, on_hand=9)
    [row] = reorder_suggestions(user=east_manager)
    assert (row.transfers, row.purchase) == ([], 2)


def test_customers_may_not_read_stock_reports(customer_user, make_customer):
    user = customer_user(make_customer())
    with pytest.raises(PermissionDenied):
        reorder_suggestions(user=user)
    with pytest.raises(PermissionDenied):
        three_percent_report(user=user)


def test_reorder_suggestions_run_a_fixed_number_of_queries(
    director, boss, regions, central, make_part
):
    def build(n: int) -> None:
        for i in range(n):
            w = warehouse_create(
                actor=boss,
                code=f"np-{n}-{i}",
                name=f"网点{n}-{i}",
                kind="network_point",
                region_id=regions["shanghai"].pk,
            )
            p = make_part()
            put(w, p, on_hand=0, min_level=2)
            put(central, p, on_hand=1)

    build(1)
    reorder_suggestions(user=director)  # the user's roles are read once, then kept
    with CaptureQueriesContext(connection) as small:
        assert len(reorder_suggestions(user=director)) == 1
    build(5)
    with CaptureQueriesContext(connection) as large:
        assert len(reorder_suggestions(user=director)) == 6
    assert len(large) == len(small) == 2


# --- the 3 % rule -------------------------------------------------------------------------


def rows_of(report):
    return {
        (r.region.code, r.product_line.code): (r.units, r.required, r.held, r.shortfall)
        for r in report.rows
    }


def moves_of(report, region_code):
    [row] = [r for r in report.rows if r.region.code == region_code]
    return [
        (
            t.from_warehouse.code,
            t.from_region.code if t.from_region else None,
            t.part.sku,
            t.quantity,
        )
        for t in row.transfers
    ]


@pytest.fixture
def serviced(regions, make_customer, product_model):
    """100 projectors in 上海, none in 北京."""
    sell(make_customer(region=regions["shanghai"]), product_model, 100)


@pytest.mark.parametrize(("units", "required"), [(0, 0), (33, 1), (34, 2), (100, 3), (101, 4)])
def test_the_requirement_is_three_percent_rounded_up(
    director, regions, make_customer, product_model, shanghai_wh, part, units, required
):
    sell(make_customer(region=regions["shanghai"]), product_model, units)
    put(shanghai_wh, part, on_hand=1)
    rows = rows_of(three_percent_report(user=director))
    assert rows[("shanghai", "projector")] == (units, required, 1, max(0, required - 1))


def test_a_short_region_gets_transfers_from_a_region_with_surplus_part_by_part(
    director, serviced, shanghai_wh, beijing_wh, central, part
):
    put(shanghai_wh, part, on_hand=1)
    put(beijing_wh, part, on_hand=5)
    put(central, part, on_hand=1)
    report = three_percent_report(user=director)
    assert report.percent == Decimal("3")
    assert rows_of(report) == {
        ("east", "projector"): (100, 3, 1, 2),
        ("shanghai", "projector"): (100, 3, 1, 2),
        ("north", "projector"): (0, 0, 5, 0),
        ("beijing", "projector"): (0, 0, 5, 0),
    }
    assert moves_of(report, "shanghai") == [("bj", "north", part.sku, 2)]
    sh = next(r for r in report.rows if r.region.code == "shanghai")
    assert (sh.to_warehouse, sh.remaining) == (shanghai_wh, 0)
    east = next(r for r in report.rows if r.region.code == "east")
    assert (east.transfers, east.remaining) == ([], 0)


def test_only_parts_fitting_the_line_count(
    director, serviced, shanghai_wh, product_line, make_part
):
    from aftersales.catalog.services import part_create

    loose = part_create(sku="NOFIT", name="通用螺丝", warranty_class="consumable", price=Decimal(1))
    put(shanghai_wh, loose, on_hand=50)
    put(shanghai_wh, make_part(), on_hand=2)
    assert rows_of(three_percent_report(user=director))[("shanghai", "projector")] == (
        100,
        3,
        2,
        1,
    )


def test_units_exchanged_or_bought_later_are_not_serviced(
    director, boss, regions, make_customer, product_model, shanghai_wh, part
):
    customer = make_customer(region=regions["shanghai"])
    sold = sell(customer, product_model, 34)
    today = timezone.localdate()
    ThreeGuaranteesSettlement.objects.create(
        kind="exchange",
        unit=sold[0],
        settled_on=today,
        rule="test",
        price=Decimal("1000.00"),
        price_difference=Decimal("0"),
        recorded_by=boss,
        recorded_at=timezone.now(),
    )
    sell(customer, product_model, 5, bought=today + dt.timedelta(days=3))
    put(shanghai_wh, part, on_hand=0)
    rows = rows_of(three_percent_report(user=director))
    assert rows[("shanghai", "projector")][:2] == (33, 1)
    later = rows_of(three_percent_report(user=director, on=today + dt.timedelta(days=3)))
    assert later[("shanghai", "projector")][:2] == (38, 2)


def test_the_percentage_is_a_setting(settings, director, serviced, shanghai_wh, part):
    settings.SPARE_STOCK_PERCENT = Decimal("5")
    put(shanghai_wh, part, on_hand=1)
    report = three_percent_report(user=director)
    assert report.percent == Decimal("5")
    assert rows_of(report)[("shanghai", "projector")] == (100, 5, 1, 4)


def test_a_manager_sees_their_regions_and_central_as_a_source(
    north_manager, east_manager, serviced, shanghai_wh, beijing_wh, central, part
):
    put(shanghai_wh, part, on_hand=0)
    put(beijing_wh, part, on_hand=5)
    put(central, part, on_hand=1)
    north = three_percent_report(user=north_manager)
    assert set(rows_of(north)) == {("north", "projector"), ("beijing", "projector")}
    east = three_percent_report(user=east_manager)
    assert set(rows_of(east)) == {("east", "projector"), ("shanghai", "projector")}
    # 北京's surplus is not the east manager's to see: only central is offered
    assert moves_of(east, "shanghai") == [("central", None, part.sku, 1)]
    assert next(r for r in east.rows if r.region.code == "shanghai").remaining == 2


def test_a_region_filter_keeps_its_subtree(
    director, serviced, shanghai_wh, beijing_wh, part, regions
):
    put(shanghai_wh, part, on_hand=0)
    put(beijing_wh, part, on_hand=5)
    full = three_percent_report(user=director)
    only = three_percent_report(user=director, region_id=regions["shanghai"].pk)
    assert [r.region.code for r in only.rows] == ["shanghai"]
    assert moves_of(only, "shanghai") == moves_of(full, "shanghai")


def test_an_invisible_region_is_not_found(east_manager, regions):
    with pytest.raises(NotFound):
        three_percent_report(user=east_manager, region_id=regions["north"].pk)


def test_regions_without_warehouses_are_not_reported(director, serviced, beijing_wh, part):
    put(beijing_wh, part, on_hand=1)
    assert set(rows_of(three_percent_report(user=director))) == {
        ("north", "projector"),
        ("beijing", "projector"),
    }


def test_the_three_percent_report_runs_a_fixed_number_of_queries(
    director, boss, regions, make_customer, product_model, central, make_part
):
    def build(n: int) -> None:
        for i in range(n):
            w = warehouse_create(
                actor=boss,
                code=f"np-{n}-{i}",
                name=f"网点{n}-{i}",
                kind="network_point",
                region_id=regions["shanghai" if i % 2 else "beijing"].pk,
            )
            put(w, make_part(), on_hand=i)
            put(central, make_part(), on_hand=3)
            sell(make_customer(region=regions["hangzhou"]), product_model, 60)

    build(1)
    three_percent_report(user=director)  # the user's roles are read once, then kept
    with CaptureQueriesContext(connection) as small:
        three_percent_report(user=director)
    build(6)
    with CaptureQueriesContext(connection) as large:
        report = three_percent_report(user=director)
    assert any(r.transfers for r in report.rows)
    assert len(large) == len(small) == 6
