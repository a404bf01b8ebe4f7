"""The order page's quote section (FEE-2, FEE-3): making and issuing quotes, the "why
free" of each line, recording the customer's decision with its channel, the final
charges, and who gets which button."""

from __future__ import annotations

import pytest
from django.urls import reverse

from aftersales.charges.models import Quote
from aftersales.service_orders.models import ServiceOrderEvent

from .conftest import HTMX

pytestmark = pytest.mark.django_db


def detail(order) -> str:
    return reverse("console:order_detail", args=[order.pk])


def new_quote(order) -> str:
    return reverse("console:quote_new", args=[order.pk])


def decide(order, decision: str) -> str:
    return reverse("console:quote_decide", args=[order.pk, decision])


def snapshot(order) -> dict:
    order.refresh_from_db()
    return {
        "quotes": list(Quote.objects.values("pk", "status").order_by("pk")),
        "events": ServiceOrderEvent.objects.count(),
        "status": order.status,
    }


def test_an_in_warranty_quote_shows_why_each_line_is_free_and_needs_no_approval(
    english, agent, price_list, board, shanghai_order
):
    response = english(agent).post(
        new_quote(shanghai_order),
        {"fault_level": "2", "distance_km": "12", "part_0": board.pk, "quantity_0": "1"},
        headers=HTMX,
    )
    body = response.content.decode()
    assert response.status_code == 200, body[:3000]
    assert body.lstrip().startswith('<section id="quote-panel" class="card">')
    assert '<section id="status-panel" class="card panel" hx-swap-oob="true">' in body
    quote = Quote.objects.get()
    assert quote.status == "approved"
    assert quote.decision_channel == "not_required"
    assert quote.list_total == 150 + 30 + 420
    assert quote.charge_total == 0
    until = response.context["wp"]["status"].whole_unit_until.isoformat()
    assert body.count(f"in warranty until {until}: free") == 3
    assert "Nothing to pay." in body
    assert f"Quote {quote.number} issued: 0.00 yuan to pay." in body


def test_a_chargeable_quote_makes_the_order_wait_until_the_engineer_records_approval(
    english, price_list, board, old_order, drive, shanghai_engineer
):
    drive(old_order, "in_progress")
    client = english(shanghai_engineer)
    response = client.post(
        new_quote(old_order), {"hours": "1.5", "part_0": board.pk, "quantity_0": "2"}, headers=HTMX
    )
    assert response.status_code == 200, response.content.decode()[:3000]
    old_order.refresh_from_db()
    assert (old_order.status, old_order.waiting_reason) == ("waiting", "quote_approval")
    quote = Quote.objects.get()
    assert (quote.status, quote.charge_total) == ("issued", 180 + 840)
    body = response.content.decode()
    assert "awaiting the customer's approval" in body
    assert "warranty ended" in body
    # the engineer is on site: the channel is preselected
    page = client.get(detail(old_order))
    assert page.context["qp"]["approve_form"]["channel"].value() == "on_site"
    approved = client.post(decide(old_order, "approve"), {"channel": "on_site"}, headers=HTMX)
    assert approved.status_code == 200
    quote.refresh_from_db()
    assert (quote.status, quote.decided_by, quote.decision_channel) == (
        "approved",
        shanghai_engineer,
        "on_site",
    )
    old_order.refresh_from_db()
    assert old_order.status == "in_progress"
    assert "on site, on the engineer&#x27;s phone" in approved.content.decode()


def test_a_decline_needs_a_reason_and_is_recorded_with_its_channel(
    english, agent, price_list, old_order
):
    client = english(agent)
    client.post(new_quote(old_order), {"fault_level": "1"}, headers=HTMX)
    before = snapshot(old_order)
    refused = client.post(decide(old_order, "decline"), {"channel": "phone"}, headers=HTMX)
    assert refused.status_code == 422
    assert "reason" in refused.context["qp"]["decline_form"].errors
    assert snapshot(old_order) == before
    done = client.post(
        decide(old_order, "decline"), {"channel": "phone", "reason": "太贵"}, headers=HTMX
    )
    assert done.status_code == 200
    quote = Quote.objects.get()
    assert (quote.status, quote.decision_note, quote.decision_channel) == (
        "declined",
        "太贵",
        "phone",
    )


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"hours": "abc"}, "hours"),
        ({"fault_level": "1", "hours": "2"}, "hours"),
        ({"hours": "0"}, "hours"),
        ({"distance_km": "-3"}, "distance_km"),
        ({"fault_level": "9"}, "fault_level"),
        ({"quantity_1": "2"}, "part_1"),
        ({}, None),  # nothing to price: an error above the form
    ],
)
def test_bad_quote_input_is_shown_on_its_field_and_writes_nothing(
    english, agent, price_list, board, old_order, data, field
):
    before = snapshot(old_order)
    response = english(agent).post(new_quote(old_order), data, headers=HTMX)
    assert response.status_code == 422
    form = response.context["qp"]["form"]
    if field is None:
        assert form.non_field_errors()
    else:
        assert field in form.errors, form.errors
    assert '<details class="action" open>' in response.content.decode()
    assert snapshot(old_order) == before


def test_a_bad_part_quantity_lands_on_its_own_row(english, agent, price_list, board, old_order):
    before = snapshot(old_order)
    response = english(agent).post(
        new_quote(old_order),
        {"fault_level": "1", "part_2": board.pk, "quantity_2": "0"},
        headers=HTMX,
    )
    assert response.status_code == 422
    assert "quantity_2" in response.context["qp"]["form"].errors
    assert snapshot(old_order) == before


def test_a_draft_is_kept_then_issued(english, agent, price_list, old_order):
    client = english(agent)
    response = client.post(new_quote(old_order), {"fault_level": "1", "issue": "0"}, headers=HTMX)
    assert response.status_code == 200
    quote = Quote.objects.get()
    assert quote.status == "draft"
    issue_url = reverse("console:quote_issue", args=[old_order.pk])
    assert issue_url in response.content.decode()
    issued = client.post(issue_url, headers=HTMX)
    assert issued.status_code == 200
    quote.refresh_from_db()
    assert quote.status == "issued"
    # nothing left to issue: a stale button answers 409 with the message
    stale = client.post(issue_url, headers=HTMX)
    assert stale.status_code == 409
    assert "There is no draft quote to issue." in stale.content.decode()


def test_the_final_charges_appear_once_the_order_is_resolved(
    english, agent, price_list, old_order, drive
):
    client = english(agent)
    client.post(new_quote(old_order), {"fault_level": "2"}, headers=HTMX)
    client.post(decide(old_order, "approve"), {"channel": "phone", "note": "王先生同意"})
    drive(old_order, "resolved")
    response = client.get(detail(old_order))
    final = response.context["qp"]["final"]
    assert final.final
    assert final.charge_total == 150
    body = response.content.decode()
    assert "Final charges" in body
    assert "To pay: 150.00 yuan." in body
    assert response.context["qp"]["form"] is None  # no quotes on a resolved order
    assert reverse("api:service_order_report_pdf", kwargs={"order_id": old_order.pk}) in body


@pytest.mark.parametrize("role", ["dispatcher", "warehouse", "quality"])
def test_roles_that_may_not_quote_or_decide_get_no_buttons_and_are_refused(
    english, agent, make_staff, price_list, old_order, role
):
    english(agent).post(new_quote(old_order), {"fault_level": "1"}, headers=HTMX)
    client = english(make_staff(role))
    page = client.get(detail(old_order))
    qp = page.context["qp"]
    assert (qp["can_quote"], qp["can_approve"], qp["can_decline"]) == (False, False, False)
    body = page.content.decode()
    assert new_quote(old_order) not in body
    assert decide(old_order, "approve") not in body
    before = snapshot(old_order)
    assert client.post(new_quote(old_order), {"fault_level": "1"}, headers=HTMX).status_code == 403
    refused = client.post(decide(old_order, "approve"), {"channel": "phone"}, headers=HTMX)
    assert refused.status_code == 403
    assert snapshot(old_order) == before


def test_an_engineer_not_assigned_to_the_order_gets_no_quote_form(
    english, make_staff, regions, price_list, old_order, drive
):
    drive(old_order, "assigned")
    colleague = make_staff("engineer", region=regions["shanghai"])
    client = english(colleague)
    assert client.get(detail(old_order)).context["qp"]["can_quote"] is False
    before = snapshot(old_order)
    assert client.post(new_quote(old_order), {"fault_level": "1"}, headers=HTMX).status_code == 403
    assert snapshot(old_order) == before


def test_an_invisible_order_is_not_found_for_quotes(
    client_as, make_staff, regions, price_list, beijing_order
):
    client = client_as(make_staff("dispatcher", region=regions["east"]))
    assert client.post(new_quote(beijing_order), {"fault_level": "1"}).status_code == 404
    assert client.post(decide(beijing_order, "approve"), {"channel": "phone"}).status_code == 404
    assert Quote.objects.count() == 0


def test_without_a_price_list_the_section_says_so(english, agent, old_order):
    body = english(agent).get(detail(old_order)).content.decode()
    assert "No price list is in force today" in body
    assert new_quote(old_order) not in body


def test_quote_events_have_their_own_titles_in_the_timeline(english, agent, price_list, old_order):
    client = english(agent)
    client.post(new_quote(old_order), {"fault_level": "1"}, headers=HTMX)
    client.post(decide(old_order, "approve"), {"channel": "phone"}, headers=HTMX)
    titles = [row.title for row in client.get(detail(old_order)).context["timeline"]]
    assert titles[-2:] == ["quote issued", "quote approved"]
