"""One real-browser walk through the console (Playwright driving Debian's Chromium):
sign in, take a report (customer by phone, unit by serial, warranty badge), find the
order in the list, open its timeline and acknowledge it through htmx."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from aftersales.conftest import PASSWORD

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SHOTS = os.environ.get("CONSOLE_SCREENSHOTS")  # a directory: save screenshots there

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not os.path.exists(CHROMIUM),
        reason="/usr/bin/chromium is missing (apt-get install chromium)",
    ),
]


def shot(page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_take_a_report_and_follow_it_in_the_browser(
    live_server, monkeypatch, agent, make_customer, make_unit
):
    from playwright.sync_api import expect, sync_playwright

    customer = make_customer(phone="13912345678", name="浦江文化传媒")
    unit = make_unit(customer, serial_number="PJ-2024-0001")
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright runs a loop

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
            page = context.new_page()
            page.set_default_timeout(10_000)

            page.goto(f"{live_server.url}/login/")
            page.fill("#id_username", agent.username)
            page.fill("#id_password", PASSWORD)
            page.click("button.primary")
            page.wait_for_url(f"{live_server.url}/")
            expect(page.locator("h1")).to_have_text("工单")

            page.click("text=+ 新建工单")
            page.fill("input[name=lookup_phone]", "13912345678")
            match = page.locator("#customer-matches input[name=customer]")
            expect(match).to_be_checked()  # the only match is picked
            expect(page.locator("#customer-matches")).to_contain_text("浦江文化传媒")

            page.fill("input[name=serial_number]", unit.serial_number)
            badge = page.locator("#unit-badge .badge")
            expect(badge).to_have_text("保修期内")
            expect(page.locator("#unit-badge .reason").first).to_contain_text("保修至")
            page.fill("textarea[name=fault_description]", "开机后无图像，指示灯闪烁")
            shot(page, "create-filled")
            page.click("button:has-text('创建工单')")

            page.wait_for_url(re.compile(r"/orders/\d+/$"))
            number = page.locator("h1 .mono").inner_text().strip()
            assert number.startswith("SO")
            expect(page.locator("#timeline")).to_contain_text("报修登记")

            page.click("a.btn:has-text('工单')")
            page.fill("input[name=q]", number)
            rows = page.locator("table.orders tbody tr")
            expect(rows).to_have_count(1)
            expect(rows.first).to_contain_text(number)
            shot(page, "list")
            page.click(f"a.num:has-text('{number}')")

            expect(page.locator("#timeline li")).to_have_count(1)
            page.click("#status-panel button:has-text('受理')")
            expect(page.locator("#status-panel .status")).to_have_text("已受理")
            expect(page.locator("#timeline li")).to_have_count(2)
            expect(page.locator("#timeline")).to_contain_text("待受理 → 已受理")
            shot(page, "detail")
        finally:
            browser.close()
