"""SLA countdowns on the order list (the next open target) and the order page (each
open target); none for a cancelled order; a paused order counts as of its pause."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from aftersales.service_orders.services import service_order_transition

pytestmark = pytest.mark.django_db
H = dt.timedelta(hours=1)
LIST = reverse("console:order_list")


def order_reported(make_order, shanghai_order, hours_ago: float):
    customer, unit = shanghai_order.customer, shanghai_order.unit
    when = timezone.now() - dt.timedelta(hours=hours_ago)
    return make_order(customer, unit, reported_at=when)


def list_countdowns(client) -> dict[str, str]:
    rows = client.get(LIST).context["rows"]
    return {r.order.number: (r.next.text if r.next else "") for r in rows}


def test_the_list_counts_down_to_the_next_open_target(english, agent, make_order, shanghai_order):
    late = order_reported(make_order, shanghai_order, hours_ago=3)
    texts = list_countdowns(english(agent))
    # the default policy gives 2 h to respond: a fresh order has almost all of it left
    assert re.fullmatch(r"Respond: in 1 h 5\d min", texts[shanghai_order.number])
    assert re.fullmatch(r"Respond: overdue 1 h( \d+ min)?", texts[late.number])
    body = english(agent).get(LIST).content.decode()
    assert 'class="countdown bad"' in body


def test_after_acknowledgement_the_list_counts_down_to_on_site(english, agent, shanghai_order):
    service_order_transition(
        actor=agent, order_id=shanghai_order.pk, action="acknowledge", payload={}
    )
    text = list_countdowns(english(agent))[shanghai_order.number]
    assert text.startswith("On site: in ")


def test_a_cancelled_order_has_no_countdown(english, agent, shanghai_order):
    service_order_transition(
        actor=agent, order_id=shanghai_order.pk, action="cancel", payload={"reason": "重复报修"}
    )
    assert list_countdowns(english(agent))[shanghai_order.number] == ""
    rows = (
        english(agent)
        .get(reverse("console:order_detail", args=[shanghai_order.pk]))
        .context["sla_rows"]
    )
    assert [r.countdown for r in rows] == ["", "", ""]


def test_the_order_page_counts_down_each_open_target(english, agent, shanghai_order):
    service_order_transition(
        actor=agent, order_id=shanghai_order.pk, action="acknowledge", payload={}
    )
    response = english(agent).get(reverse("console:order_detail", args=[shanghai_order.pk]))
    respond, on_site, resolve = response.context["sla_rows"]
    assert respond.countdown == ""  # done
    assert on_site.countdown.startswith("in ")
    assert resolve.countdown.startswith("in ")
    assert f'<small class="countdown">{on_site.countdown}</small>' in response.content.decode()


def test_a_paused_order_counts_as_of_its_pause(english, agent, make_order, shanghai_order):
    order = order_reported(make_order, shanghai_order, hours_ago=1)
    paused_at = timezone.now() - H / 2
    type(order).objects.filter(pk=order.pk).update(sla_paused_at=paused_at)
    order.refresh_from_db()
    client = english(agent)
    text = list_countdowns(client)[order.number]
    # reported 1 h ago, stopped 30 min later: 1 h 30 min of the 2 h to respond were left
    assert re.fullmatch(r"Respond: in 1 h (29|30) min", text)
    body = client.get(reverse("console:order_detail", args=[order.pk])).content.decode()
    assert "The SLA clocks stand still since" in body
    assert "countdown info paused" in client.get(LIST).content.decode()
