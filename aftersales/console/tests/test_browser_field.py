"""Real-browser walks through today's field pages (Playwright driving Debian's Chromium,
set up as in ``test_browser``): a dispatcher assigns the best candidate from the
dispatch board; an engineer departs from "my jobs today" on a phone; an engineer
reserves a part on the order page and uses it; an agent changes an order's priority and
the SLA table follows. Every htmx step is checked to swap its panel, not reload."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone

from aftersales.catalog.services import part_create
from aftersales.conftest import PASSWORD
from aftersales.console.tests.test_browser import ARGS, CHROMIUM, shot
from aftersales.inventory.ledger import post_move
from aftersales.inventory.models import OrderPart, Stock
from aftersales.inventory.services import warehouse_create
from aftersales.organisation.services import network_point_create
from aftersales.service_orders.models import ServiceOrder
from aftersales.service_orders.services import service_order_transition

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not os.path.exists(CHROMIUM),
        reason="/usr/bin/chromium is missing (apt-get install chromium)",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

DESKTOP = {"viewport": {"width": 1280, "height": 900}}
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 3,
    "is_mobile": True,
    "has_touch": True,
}
# set on the page before an htmx step; still there afterwards = no full reload
MARK = "window.__stillHere = true"
STILL_HERE = "() => window.__stillHere === true"


@pytest.fixture(autouse=True)
def _playwright_loop(monkeypatch) -> None:
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright runs a loop


@pytest.fixture(autouse=True)
def _product_line_first(product_model):
    """The product line exists before any engineer is made: engineers get its skill and
    a certificate for it."""
    return product_model


@contextmanager
def signed_in(live_server, user, path: str, **options: Any) -> Iterator[Any]:
    """A Chromium page (Chinese, as the staff read it) signed in as ``user`` through the
    sign-in form, which then goes on to ``path``."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            context = browser.new_context(locale="zh-CN", **(options or DESKTOP))
            page = context.new_page()
            page.set_default_timeout(10_000)
            page.goto(f"{live_server.url}/login/?next={path}")
            page.fill("#id_username", user.username)
            page.fill("#id_password", PASSWORD)
            page.click("button.primary")
            page.wait_for_url(f"{live_server.url}{path}")
            yield page
        finally:
            browser.close()


@pytest.fixture
def boss(make_staff):
    return make_staff("admin")


@pytest.fixture
def acknowledged(regions, make_customer, make_unit, make_order, boss):
    """``acknowledged()``: a new 上海 order, acknowledged: waiting for an engineer."""

    def make() -> ServiceOrder:
        customer = make_customer(region=regions["shanghai"])
        order = make_order(customer, make_unit(customer))
        service_order_transition(actor=boss, order_id=order.pk, action="acknowledge")
        order.refresh_from_db()
        return order

    return make


def point(regions, name: str, lat: str, lon: str):
    return network_point_create(
        code=f"np-{name}",
        name=f"{regions[name].name}网点",
        region=regions[name],
        latitude=Decimal(lat),
        longitude=Decimal(lon),
    )


# --- 1. the dispatch board -------------------------------------------------------------


def test_a_dispatcher_assigns_the_best_candidate_from_the_board(
    live_server, make_staff, regions, acknowledged
):
    near = make_staff(
        "engineer",
        region=regions["shanghai"],
        network_point=point(regions, "shanghai", "31.230400", "121.473700"),
    )
    far = make_staff(
        "engineer",
        region=regions["hangzhou"],
        network_point=point(regions, "hangzhou", "30.274100", "120.155100"),
    )
    dispatcher = make_staff("dispatcher", region=regions["shanghai"])
    order, other = acknowledged(), acknowledged()

    with signed_in(live_server, dispatcher, "/dispatch/") as page:
        from playwright.sync_api import expect

        expect(page.locator("h1")).to_have_text("派单")
        queue = page.locator("#dispatch-queue")
        expect(queue.locator("tbody tr")).to_have_count(2)
        expect(queue.locator(".count")).to_have_text("2 张工单待派单")
        page.evaluate(MARK)

        queue.locator(f"#queue-{order.pk} a:has-text('候选工程师')").click()

        panel = page.locator("#candidates-panel")
        expect(panel.locator(".picked")).to_contain_text(order.number)
        candidates = panel.locator("li.candidate")
        expect(candidates).to_have_count(2)
        expect(candidates.nth(0).locator(".candidate-head strong")).to_have_text(near.name)
        expect(candidates.nth(1).locator(".candidate-head strong")).to_have_text(far.name)
        first_reasons = candidates.nth(0).locator("ul.reasons")
        expect(first_reasons).to_contain_text("具备投影机技能")
        expect(first_reasons).to_contain_text("工作区域即工单所在区域 上海")
        expect(first_reasons).to_contain_text("距服务网点 上海网点")
        expect(candidates.nth(1).locator("ul.reasons")).to_contain_text("相邻")
        shot(page, "field-dispatch-candidates")

        candidates.nth(0).locator("button:has-text('派单')").click()

        expect(panel.locator(".alert.ok")).to_contain_text(f"工单 {order.number} 已派给 {near}。")
        expect(page.locator(f"#queue-{order.pk}")).to_have_count(0)
        expect(queue.locator("tbody tr")).to_have_count(1)
        expect(queue.locator(".count")).to_have_text("1 张工单待派单")  # swapped out of band
        expect(page.locator(f"#queue-{other.pk}")).to_be_visible()
        assert page.evaluate(STILL_HERE), "the board was reloaded"
        shot(page, "field-dispatch-assigned")

    order.refresh_from_db()
    assert (order.status, order.assigned_engineer_id) == ("assigned", near.pk)
    other.refresh_from_db()
    assert other.status == "acknowledged"


# --- 2. my jobs today, on a phone --------------------------------------------------------


def no_sideways_scrolling(page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


def test_an_engineer_departs_from_my_jobs_on_a_phone(
    live_server, shanghai_engineer, shanghai_order, drive
):
    from playwright.sync_api import expect

    order = drive(shanghai_order, "assigned")

    with signed_in(live_server, shanghai_engineer, "/my/jobs/", **PHONE) as page:
        expect(page.locator("h1")).to_have_text("今日工单")
        card = page.locator(f"#job-{order.pk}")
        expect(card.locator(".num")).to_have_text(order.number)
        expect(card.locator(".status")).to_have_text("已派单")
        expect(card).to_contain_text(order.customer.name)
        expect(card.locator("a.tel")).to_have_attribute("href", f"tel:{order.contact_phone}")
        assert no_sideways_scrolling(page)
        shot(page, "field-my-jobs-assigned")

        card.locator("button[value=depart]").tap()

        page.wait_for_url(f"{live_server.url}/my/jobs/")
        expect(page.locator(".messages")).to_contain_text("已完成：出发。")
        expect(card.locator(".status")).to_have_text("已出发")
        expect(card.locator("button[value=depart]")).to_have_count(0)
        expect(card.locator("button[value=arrive]")).to_have_text("到达现场")
        assert no_sideways_scrolling(page)
        shot(page, "field-my-jobs-en-route")

    order.refresh_from_db()
    assert order.status == "en_route"
    assert order.departed_at is not None


# --- 3. the order page's parts panel ----------------------------------------------------


@pytest.fixture
def lamp(product_model):
    return part_create(
        sku="LAMP-200",
        name="投影灯泡",
        warranty_class="main",
        price=Decimal("380.00"),
        fits=[product_model],
    )


@pytest.fixture
def van(boss, regions, shanghai_engineer, lamp):
    """The 上海 engineer's van with 2 lamps in it."""
    van = warehouse_create(
        actor=boss,
        code="van-sh",
        name="沪A 随车库",
        kind="van",
        region_id=regions["shanghai"].pk,
        keeper_id=shanghai_engineer.pk,
    )
    with transaction.atomic():
        post_move(
            kind="receipt",
            part_id=lamp.pk,
            part_name=lamp.name,
            quantity=2,
            actor=boss,
            at=timezone.now(),
            to_warehouse_id=van.pk,
        )
    return van


def balance(warehouse, part) -> tuple[int, int]:
    stock = Stock.objects.get(warehouse=warehouse, part=part)
    return stock.on_hand, stock.reserved


def test_an_engineer_reserves_a_part_on_the_order_page_and_uses_it(
    live_server, shanghai_engineer, shanghai_order, drive, van, lamp
):
    from playwright.sync_api import expect

    order = drive(shanghai_order, "in_progress")
    path = f"/orders/{order.pk}/"

    with signed_in(live_server, shanghai_engineer, path) as page:
        panel = page.locator("#parts-panel")
        expect(panel).to_contain_text("本工单尚未预留或使用备件。")
        page.evaluate(MARK)

        panel.locator("summary:has-text('预留备件')").click()
        form = panel.locator("form.parts-form")
        form.locator("select[name=part]").select_option(str(lamp.pk))
        expect(form.locator("select[name=warehouse]")).to_have_value(str(van.pk))  # their van
        form.locator("input[name=quantity]").fill("1")
        form.locator("button[type=submit]").click()

        expect(panel.locator(".alert.ok")).to_have_text("已预留：沪A 随车库 的 1 × 投影灯泡。")
        row = panel.locator("tbody tr")
        expect(row).to_have_count(1)
        expect(row).to_have_class("part-reserved")
        expect(row).to_contain_text("LAMP-200")
        shot(page, "field-parts-reserved")
        assert balance(van, lamp) == (2, 1)

        row.locator("button:has-text('领用')").click()

        expect(panel.locator(".alert.ok")).to_have_text("已使用：1 × 投影灯泡，出自沪A 随车库。")
        expect(row).to_have_class("part-issued")
        expect(row.locator("button")).to_have_count(0)  # nothing left to issue or release
        expect(page.locator("#timeline ol.timeline > li").last).to_contain_text("使用备件")
        assert page.evaluate(STILL_HERE), "the order page was reloaded"
        shot(page, "field-parts-used")
        assert balance(van, lamp) == (1, 0)

        page.goto(f"{live_server.url}/stock/?warehouse={van.pk}&q=LAMP-200")
        stock_row = page.locator("#stock-table tbody tr")
        expect(stock_row).to_have_count(1)
        expect(stock_row.locator("td.qty").first).to_have_text("1")  # on hand: 2 → 1

    used = OrderPart.objects.get()
    assert (used.order_id, used.status, used.quantity) == (order.pk, "issued", 1)


# --- 4. the priority change -------------------------------------------------------------


def due_cells(page) -> list[str]:
    cells = page.locator("#status-panel table.sla tbody tr td:nth-child(2)")
    return [c.strip() for c in cells.all_inner_texts()]


def local(moment: dt.datetime | None) -> str:
    return timezone.localtime(moment).strftime("%m-%d %H:%M") if moment else "—"


def test_an_agent_makes_an_order_urgent_and_the_sla_table_follows(
    live_server, agent, shanghai_order
):
    from playwright.sync_api import expect

    order = shanghai_order
    assert order.priority == "normal"
    path = f"/orders/{order.pk}/"

    with signed_in(live_server, agent, path) as page:
        before = due_cells(page)
        assert before == [local(order.respond_by), local(order.on_site_by), local(order.resolve_by)]
        timeline = page.locator("#timeline ol.timeline > li")
        events = timeline.count()
        page.evaluate(MARK)

        panel = page.locator("#status-panel")
        panel.locator("details.priority-change summary").click()
        form = panel.locator("details.priority-change form")
        form.locator("select[name=priority]").select_option("urgent")
        form.locator("[name=reason]").fill("客户生产线停线")
        form.locator("button[type=submit]").click()

        expect(panel.locator(".alert.ok")).to_have_text("优先级已调整，服务时限已重新计算。")
        expect(timeline).to_have_count(events + 1)
        order.refresh_from_db()
        assert order.priority == "urgent"
        after = [local(order.respond_by), local(order.on_site_by), local(order.resolve_by)]
        assert after != before
        expect(panel.locator("table.sla tbody tr td:nth-child(2)")).to_have_text(after)
        assert page.evaluate(STILL_HERE), "the order page was reloaded"
        shot(page, "field-priority-changed")
