"""Review findings on loaner units (2026-11-30): SLA-5 asks to offer a loaner while
the repair is open — not on an order that is resolved or cancelled."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from aftersales.escalations.models import LoanerDue
from aftersales.escalations.services import loaners_record
from aftersales.loaners.selectors import loaner_offer
from aftersales.service_orders.selectors import access_service_order
from aftersales.service_orders.services import service_order_transition

pytestmark = pytest.mark.django_db
H = dt.timedelta(hours=1)


@pytest.mark.parametrize("end", ["resolved", "cancelled"])
def test_no_loaner_is_due_once_the_repair_is_no_longer_open(
    api_as, english, boss, people, warehouses, make_loaner, order, drive, end
):
    make_loaner(warehouses["shanghai"])
    loaners_record(now=order.reported_at + 49 * H)  # SLA-5 recorded it while open
    assert LoanerDue.objects.filter(order=order).exists()
    if end == "resolved":
        drive(order, "resolved")
    else:
        service_order_transition(
            actor=boss, order_id=order.pk, action="cancel", payload={"reason": "客户撤单"}
        )
    dispatcher = people["dispatcher"]
    visible = access_service_order(user=dispatcher, order_id=order.pk)
    assert loaner_offer(user=dispatcher, order=visible).loaner_due is False
    answer = api_as(dispatcher).get(f"/service-orders/{order.pk}/loaner-offer").json()
    assert (answer["loaner_due"], answer["available"]) == (False, [])
    page = english(dispatcher).get(reverse("console:order_detail", args=[order.pk]))
    assert "A loaner unit is due" not in page.content.decode()
