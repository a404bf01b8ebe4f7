"""SLA-1 policy matching at intake, and the targets it sets on the order (SLA-2)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from aftersales.sla.models import SlaPolicy
from aftersales.sla.rules import OrderFacts
from aftersales.sla.selectors import sla_policy_for, sla_targets_for

SHANGHAI = ZoneInfo("Asia/Shanghai")
H = dt.timedelta(hours=1)
MONDAY = dt.datetime(2026, 11, 23, 10, 0, tzinfo=SHANGHAI)


def _facts(priority="normal", kind="consumer", in_warranty=True, region_path="/1/2/"):
    return OrderFacts(
        priority=priority, customer_kind=kind, in_warranty=in_warranty, region_path=region_path
    )


def test_default_policies_are_those_of_sla1(db):
    rows = list(
        SlaPolicy.objects.filter(active=True)
        .order_by("rank")
        .values_list(
            "name",
            "match_priority",
            "match_customer_kind",
            "match_warranty",
            "respond_minutes",
            "on_site_minutes",
            "on_site_clock",
            "resolve_minutes",
        )
    )
    assert rows == [
        ("Urgent", "urgent", "", "", 60, 240, "24x7", 2880),
        ("Project customer", "", "project", "", 60, 240, "24x7", 2880),
        ("In warranty", "", "", "in", 120, 1440, "24x7", 2880),
        ("Out of warranty", "", "", "out", 1440, 2 * 9 * 60, "working", None),
    ]


@pytest.mark.parametrize(
    ("priority", "kind", "in_warranty", "policy"),
    [
        ("urgent", "project", True, "Urgent"),
        ("urgent", "consumer", False, "Urgent"),
        ("normal", "project", True, "Project customer"),
        ("low", "project", False, "Project customer"),
        ("high", "enterprise", True, "In warranty"),
        ("normal", "consumer", True, "In warranty"),
        ("high", "consumer", False, "Out of warranty"),
        ("low", "enterprise", False, "Out of warranty"),
    ],
)
def test_first_matching_policy_by_rank_wins(db, priority, kind, in_warranty, policy):
    assert sla_policy_for(facts=_facts(priority, kind, in_warranty)).name == policy


def test_a_lower_rank_beats_the_defaults(db):
    SlaPolicy.objects.create(
        name="High priority", rank=5, match_priority="high", respond_minutes=30
    )
    assert sla_policy_for(facts=_facts("high", "project", True)).name == "High priority"
    assert sla_policy_for(facts=_facts("normal", "project", True)).name == "Project customer"


def test_region_restricted_policy_matches_its_subtree_only(
    regions, make_customer, make_unit, make_order
):
    SlaPolicy.objects.create(
        name="华东 in warranty",
        rank=25,
        match_warranty="in",
        match_region=regions["east"],
        respond_minutes=30,
        on_site_minutes=8 * 60,
        resolve_minutes=24 * 60,
    )
    in_shanghai = make_customer(region=regions["shanghai"])
    in_beijing = make_customer(region=regions["beijing"])
    purchase = dt.date(2026, 10, 1)
    east = make_order(
        in_shanghai, make_unit(in_shanghai, purchase_date=purchase), reported_at=MONDAY
    )
    north = make_order(
        in_beijing, make_unit(in_beijing, purchase_date=purchase), reported_at=MONDAY
    )
    assert east.sla_policy.name == "华东 in warranty"
    assert (east.respond_by, east.on_site_by, east.resolve_by) == (
        MONDAY + 0.5 * H,
        MONDAY + 8 * H,
        MONDAY + 24 * H,
    )
    assert north.sla_policy.name == "In warranty"
    assert north.respond_by == MONDAY + 2 * H


def test_region_policy_does_not_match_a_region_whose_path_shares_a_prefix(db, regions):
    region = regions["shanghai"]
    SlaPolicy.objects.create(name="上海", rank=5, match_region=region, respond_minutes=10)
    sibling_path = region.path.rstrip("/") + "9/"  # e.g. /1/3/ vs /1/39/
    assert sla_policy_for(facts=_facts(region_path=region.path)).name == "上海"
    assert sla_policy_for(facts=_facts(region_path=sibling_path)).name == "In warranty"


def test_inactive_policy_is_ignored(db):
    SlaPolicy.objects.filter(name="Urgent").update(active=False)
    assert sla_policy_for(facts=_facts("urgent", "consumer", True)).name == "In warranty"
    assert sla_policy_for(facts=_facts("urgent", "consumer", False)).name == "Out of warranty"


def test_no_matching_policy_sets_no_targets(api_as, agent, make_customer, make_unit, make_order):
    SlaPolicy.objects.filter(name="Out of warranty").update(active=False)
    targets = sla_targets_for(facts=_facts(in_warranty=False), reported_at=MONDAY)
    assert targets.policy is None
    assert (targets.respond_by, targets.on_site_by, targets.resolve_by) == (None, None, None)

    customer = make_customer()
    order = make_order(
        customer, make_unit(customer, purchase_date=dt.date(2020, 1, 1)), reported_at=MONDAY
    )
    assert order.sla_policy is None
    assert (order.respond_by, order.on_site_by, order.resolve_by) == (None, None, None)
    sla = api_as(agent).get(f"/service-orders/{order.pk}").json()["sla"]
    assert sla["policy"] is None
    assert (sla["respond_state"], sla["on_site_state"], sla["resolve_state"]) == (
        "none",
        "none",
        "none",
    )
    assert sla["breached"] is False


def test_no_policies_at_all_sets_no_targets(db):
    SlaPolicy.objects.update(active=False)
    targets = sla_targets_for(facts=_facts("urgent", "project", True), reported_at=MONDAY)
    assert targets.policy is None
    assert targets.respond_by is None


def test_seven_by_twenty_four_targets_run_through_weekends(db):
    friday = dt.datetime(2026, 11, 27, 20, 0, tzinfo=SHANGHAI)
    targets = sla_targets_for(facts=_facts("normal", "consumer", True), reported_at=friday)
    assert targets.respond_by == friday + 2 * H
    assert targets.on_site_by == friday + 24 * H
    assert targets.resolve_by == friday + 48 * H


@pytest.mark.parametrize(
    ("reported", "on_site_by"),
    [
        # Wed 17:00 before National Day (1–7 Oct 2026 off): 1 h Wed, 9 h Thu 8th, 8 h Fri 9th.
        (dt.datetime(2026, 9, 30, 17, 0), dt.datetime(2026, 10, 9, 17, 0)),
        # Fri 9 Oct 17:00: Saturday 10 Oct is a make-up working day (调休).
        (dt.datetime(2026, 10, 9, 17, 0), dt.datetime(2026, 10, 12, 17, 0)),
        # Reported during the holiday: the clock starts on Thu 8 Oct at 09:00.
        (dt.datetime(2026, 10, 3, 11, 0), dt.datetime(2026, 10, 9, 18, 0)),
    ],
)
def test_working_calendar_target_skips_holidays_and_counts_make_up_days(db, reported, on_site_by):
    reported = reported.replace(tzinfo=SHANGHAI)
    targets = sla_targets_for(facts=_facts(in_warranty=False), reported_at=reported)
    assert targets.policy.name == "Out of warranty"
    assert targets.on_site_by == on_site_by.replace(tzinfo=SHANGHAI)
    assert targets.respond_by == reported + 24 * H
    assert targets.resolve_by is None


def test_policy_edited_later_does_not_move_existing_orders_targets(
    make_customer, make_unit, make_order
):
    customer = make_customer()
    unit = make_unit(customer, purchase_date=dt.date(2026, 10, 1))
    order = make_order(customer, unit, reported_at=MONDAY)
    SlaPolicy.objects.filter(name="In warranty").update(respond_minutes=10)
    order.refresh_from_db()
    assert order.respond_by == MONDAY + 2 * H
