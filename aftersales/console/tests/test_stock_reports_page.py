"""The stock reports page (/stock/reports/, INV-5): reorder suggestions and the 3 % rule
of the regions one sees, narrowed by a region filter."""

from __future__ import annotations

import pytest
from django.urls import reverse

from aftersales.inventory.models import Stock
from aftersales.inventory.services import warehouse_create

from .conftest import HTMX

pytestmark = pytest.mark.django_db
URL = reverse("console:stock_reports")


@pytest.fixture
def stocked(make_staff, regions, make_customer, make_unit, board):
    """上海: 34 projectors (2 spares needed), 1 board held, min 3 / max 5; central 2;
    北京: 1 board, min 2."""
    boss = make_staff("admin")

    def wh(code, name, kind, region=None):
        return warehouse_create(
            actor=boss,
            code=code,
            name=name,
            kind=kind,
            region_id=regions[region].pk if region else None,
        )

    sh, bj, central = (
        wh("sh", "上海区域仓", "regional", "shanghai"),
        wh("bj", "北京区域仓", "regional", "beijing"),
        wh("central", "总仓", "central"),
    )
    Stock.objects.create(warehouse=sh, part=board, on_hand=1, min_level=3, max_level=5)
    Stock.objects.create(warehouse=central, part=board, on_hand=2)
    Stock.objects.create(warehouse=bj, part=board, on_hand=1, min_level=2)
    customer = make_customer(region=regions["shanghai"])
    for _ in range(34):
        make_unit(customer)
    return {"sh": sh, "bj": bj, "central": central}


def test_a_manager_sees_both_reports_for_their_region(english, make_staff, regions, stocked):
    manager = make_staff("manager", region=regions["east"])
    response = english(manager).get(URL)
    assert response.status_code == 200
    [suggestion] = response.context["suggestions"]
    assert (suggestion.warehouse.code, suggestion.quantity, suggestion.purchase) == ("sh", 4, 2)
    rows = {r.region.code: r for r in response.context["report"].rows}
    assert set(rows) == {"east", "shanghai"}
    assert (rows["shanghai"].required, rows["shanghai"].held, rows["shanghai"].shortfall) == (
        2,
        1,
        1,
    )
    body = response.content.decode()
    assert "Reorder suggestions" in body
    assert "The 3 % rule" in body
    assert "2 from 总仓" in body
    assert "1 × PWR-BOARD from 总仓" in body
    assert "北京区域仓" not in body


def test_the_region_filter_narrows_both_reports(english, make_staff, regions, stocked):
    director = make_staff("director")
    client = english(director)
    everything = client.get(URL)
    assert {s.warehouse.code for s in everything.context["suggestions"]} == {"sh", "bj"}
    response = client.get(URL, {"region": regions["north"].pk})
    assert [s.warehouse.code for s in response.context["suggestions"]] == ["bj"]
    assert {r.region.code for r in response.context["report"].rows} == {"north", "beijing"}


def test_htmx_filtering_swaps_only_the_reports(english, make_staff, regions, stocked):
    director = make_staff("director")
    response = english(director).get(URL, {"region": regions["north"].pk}, headers=HTMX)
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="stock-report-body"')
    assert "<form" not in body


def test_a_region_one_does_not_see_is_refused_as_a_filter(english, make_staff, regions, stocked):
    manager = make_staff("manager", region=regions["east"])
    response = english(manager).get(URL, {"region": regions["north"].pk})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert "北京" not in response.content.decode()
    assert {r.region.code for r in response.context["report"].rows} == {"east", "shanghai"}


def test_customers_are_refused(client_as, customer_user, make_customer):
    response = client_as(customer_user(make_customer())).get(URL)
    assert response.status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("console:login") in response["Location"]
