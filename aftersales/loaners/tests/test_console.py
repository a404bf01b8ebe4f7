"""The console's Loaners page and the order page's loaner panel (LOAN-2, SLA-5)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from aftersales.console.loaner_panel import loaner_panel
from aftersales.escalations.services import loaners_record
from aftersales.loaners.models import Loan
from aftersales.loaners.services import loaner_issue
from aftersales.loaners.tests.conftest import HTMX, written
from aftersales.service_orders.selectors import access_service_order

pytestmark = pytest.mark.django_db
PAGE = reverse("console:loaners")


def _issue_url(order):
    return reverse("console:order_loaner_issue", args=[order.pk])


def _return_url(order):
    return reverse("console:order_loaner_return", args=[order.pk])


def _lend(people, order, unit, **kwargs):
    return loaner_issue(actor=people["dispatcher"], order_id=order.pk, loaner_id=unit.pk, **kwargs)


# --- the Loaners page -------------------------------------------------------------------


def test_the_page_lists_the_pool_and_the_loans_out_overdue_ones_flagged(
    english, people, warehouses, make_loaner, order, make_order
):
    out = make_loaner(warehouses["shanghai"], serial="LN-OUT")
    make_loaner(warehouses["shanghai"], serial="LN-FREE")
    make_loaner(warehouses["beijing"], serial="LN-BJ")
    loan = _lend(people, order, out, expected_back=timezone.localdate())
    Loan.objects.filter(pk=loan.pk).update(expected_back=timezone.localdate() - dt.timedelta(1))
    page = english(people["keeper"]).get(PAGE)
    html = page.content.decode()
    assert page.status_code == 200
    assert f'href="{PAGE}"' in html  # the nav link
    assert "LN-OUT" in html
    assert "LN-FREE" in html
    assert "LN-BJ" not in html  # 北京's shelf is not the 上海 keeper's
    assert order.number in html
    assert "overdue: promised back on" in html
    assert reverse("console:loan_return", args=[loan.pk]) in html


def test_the_filters_narrow_the_lists(english, people, warehouses, make_loaner, order):
    out = make_loaner(warehouses["shanghai"], serial="LN-OUT")
    make_loaner(warehouses["central"], serial="LN-CENTRAL")
    _lend(people, order, out)
    client = english(people["keeper"])
    on_loan = client.get(PAGE, {"status": "on_loan"}, headers=HTMX).content.decode()
    assert "LN-OUT" in on_loan
    assert "LN-CENTRAL" not in on_loan
    assert "<html" not in on_loan  # htmx: the lists only
    central = client.get(PAGE, {"warehouse": warehouses["central"].pk}).content.decode()
    assert "LN-CENTRAL" in central
    assert "LN-OUT" not in central
    assert "No loaner unit is out." in central
    overdue = client.get(PAGE, {"overdue": "on"}).content.decode()
    assert "No loaner unit is out." in overdue


def test_who_may_not_use_the_page(client, customer_user, order):
    assert client.get(PAGE).status_code == 302  # to the sign-in page
    customer = Client()
    customer.force_login(customer_user(order.customer))
    assert customer.get(PAGE).status_code == 403


def test_a_return_from_the_page_closes_the_loan(english, people, warehouses, make_loaner, order):
    loan = _lend(people, order, make_loaner(warehouses["shanghai"], serial="LN-1"))
    client = english(people["keeper"])
    url = reverse("console:loan_return", args=[loan.pk]) + "?status=on_loan"
    answer = client.post(url, {"note": "完好"}, headers=HTMX)
    assert answer.status_code == 200
    assert "Loaner unit LN-1 returned." in answer.content.decode()
    loan.refresh_from_db()
    assert (loan.returned_by, loan.return_note) == (people["keeper"], "完好")
    again = client.post(reverse("console:loan_return", args=[loan.pk]))  # without htmx
    assert again.status_code == 302
    assert again["Location"] == PAGE


@pytest.mark.parametrize(("who", "status"), [("quality", 403), ("beijing_keeper", 404)])
def test_who_may_not_return_from_the_page(
    who, status, english, people, warehouses, make_loaner, order
):
    loan = _lend(people, order, make_loaner(warehouses["shanghai"]))
    before = written(order)
    url = reverse("console:loan_return", args=[loan.pk])
    assert english(people[who]).post(url, {}, headers=HTMX).status_code == status
    assert written(order) == before


# --- the order page's panel -------------------------------------------------------------


def _panel_html(user, order):
    order = access_service_order(user=user, order_id=order.pk)
    with translation.override("en"):
        return render_to_string(
            "console/order_loaner.html", {"order": order, "lp": loaner_panel(user, order)}
        )


def test_the_panel_offers_the_units_near_the_order_when_a_loaner_is_due(
    people, warehouses, make_loaner, order
):
    make_loaner(warehouses["shanghai"], serial="LN-NEAR")
    make_loaner(warehouses["beijing"], serial="LN-FAR")
    html = _panel_html(people["dispatcher"], order)
    assert "A loaner unit is due" not in html
    assert "LN-NEAR" in html  # may be lent anyway
    loaners_record(now=order.reported_at + dt.timedelta(hours=49))
    html = _panel_html(people["dispatcher"], order)
    assert 'id="loaner-panel"' in html
    assert "A loaner unit is due" in html
    assert "LN-NEAR" in html
    assert "same model" in html
    assert "LN-FAR" not in html
    assert _issue_url(order) in html


def test_who_may_not_lend_sees_no_issue_button(people, warehouses, make_loaner, order):
    make_loaner(warehouses["shanghai"], serial="LN-NEAR")
    html = _panel_html(people["quality"], order)
    assert _issue_url(order) not in html
    assert "No loaner unit is out for this order." in html


def test_the_panel_is_left_out_of_a_finished_order_without_loaners(
    people, warehouses, make_loaner, order, drive
):
    make_loaner(warehouses["shanghai"])
    drive(order, "resolved")
    assert loaner_panel(people["dispatcher"], order) is None


def test_lending_from_the_panel_answers_with_the_panel_and_the_timeline(
    english, people, warehouses, make_loaner, order
):
    unit = make_loaner(warehouses["shanghai"], serial="LN-1")
    back = (timezone.localdate() + dt.timedelta(days=4)).isoformat()
    answer = english(people["dispatcher"]).post(
        _issue_url(order), {"loaner": unit.pk, "expected_back": back}, headers=HTMX
    )
    html = answer.content.decode()
    assert answer.status_code == 200
    assert "Loaner unit LN-1 lent." in html
    assert "on loan" in html
    assert _return_url(order) in html
    assert 'id="timeline"' in html
    assert 'hx-swap-oob="true"' in html
    loan = Loan.objects.get()
    assert (loan.order, loan.loaner, loan.expected_back.isoformat()) == (order, unit, back)


def test_lending_without_htmx_goes_back_to_the_order(
    english, people, warehouses, make_loaner, order
):
    unit = make_loaner(warehouses["shanghai"])
    answer = english(people["dispatcher"]).post(_issue_url(order), {"loaner": unit.pk})
    assert answer.status_code == 302
    assert answer["Location"] == reverse("console:order_detail", args=[order.pk])
    assert Loan.objects.filter(order=order).exists()


def test_a_past_return_day_is_422_on_its_field_and_lends_nothing(
    english, people, warehouses, make_loaner, order
):
    unit = make_loaner(warehouses["shanghai"])
    before = written(order)
    yesterday = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    answer = english(people["dispatcher"]).post(
        _issue_url(order), {"loaner": unit.pk, "expected_back": yesterday}, headers=HTMX
    )
    assert answer.status_code == 422
    assert "must not be in the past" in answer.content.decode()
    assert written(order) == before
    page = english(people["dispatcher"]).post(
        _issue_url(order), {"loaner": unit.pk, "expected_back": yesterday}
    )
    assert page.status_code == 422  # the whole order page, with the failed form
    assert written(order) == before


def test_a_unit_taken_meanwhile_is_409_with_the_reason(
    english, people, warehouses, make_loaner, order, make_order
):
    unit = make_loaner(warehouses["shanghai"], serial="LN-1")
    _lend(people, make_order(order.customer, order.unit), unit)
    before = written(order)
    answer = english(people["dispatcher"]).post(
        _issue_url(order), {"loaner": unit.pk}, headers=HTMX
    )
    assert answer.status_code == 409
    assert "Loaner unit LN-1 is not available." in answer.content.decode()
    assert written(order) == before


@pytest.mark.parametrize(("who", "status"), [("quality", 403), ("beijing_dispatcher", 404)])
def test_who_may_not_lend_from_the_panel(
    who, status, english, people, warehouses, make_loaner, order
):
    unit = make_loaner(warehouses["shanghai"])
    before = written(order)
    answer = english(people[who]).post(_issue_url(order), {"loaner": unit.pk}, headers=HTMX)
    assert answer.status_code == status
    assert written(order) == before


def test_returning_from_the_panel(english, people, warehouses, make_loaner, order):
    _lend(people, order, make_loaner(warehouses["shanghai"], serial="LN-1"))
    client = english(people["keeper"])
    answer = client.post(_return_url(order), {"note": "完好"}, headers=HTMX)
    assert answer.status_code == 200
    assert "Loaner unit LN-1 returned." in answer.content.decode()
    assert Loan.objects.get().returned_by == people["keeper"]
    again = client.post(_return_url(order), {}, headers=HTMX)
    assert again.status_code == 409
    assert "This order has no loaner unit out." in again.content.decode()
