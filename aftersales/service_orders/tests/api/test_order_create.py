"""POST /api/v1/service-orders: intake (SO-1, SO-2, SO-4) and SLA targets (SLA-1, SLA-2)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from aftersales.service_orders.models import ServiceOrder
from aftersales.service_orders.numbering import numbers_issued
from aftersales.service_orders.tests.helpers import SHANGHAI, parse_time, shanghai, write_counts

H = dt.timedelta(hours=1)
MONDAY = shanghai(2026, 11, 23, 10, 0)
IN_WARRANTY_PURCHASE = dt.date(2026, 10, 1)
OUT_OF_WARRANTY_PURCHASE = dt.date(2024, 1, 1)


def _body(customer, unit=None, **extra):
    body = {
        "kind": "repair",
        "channel": "phone",
        "customer": customer.pk,
        "fault_description": "投影画面偏色",
    }
    if unit is not None:
        body["unit"] = unit.pk
    body.update(extra)
    return body


def _local_today():
    return dt.datetime.now(SHANGHAI).date()


def test_create_by_unit_id(api_as, agent, customer, make_unit):
    unit = make_unit(customer)
    response = api_as(agent).post("/service-orders", _body(customer, unit, priority="high"))
    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["customer"], data["unit"], data["serial_number"]) == (
        customer.pk,
        unit.pk,
        unit.serial_number,
    )
    assert (data["status"], data["kind"], data["channel"], data["priority"]) == (
        "new",
        "repair",
        "phone",
        "high",
    )
    assert data["region"] == customer.region_id
    assert data["assigned_engineer"] is None
    assert [(e["kind"], e["to_status"], e["actor"]) for e in data["timeline"]] == [
        ("created", "new", agent.pk)
    ]
    assert ServiceOrder.objects.get(pk=data["id"]).created_by_id == agent.pk


def test_create_by_serial_number(api_as, agent, customer, make_unit):
    unit = make_unit(customer)
    body = _body(customer, serial_number=unit.serial_number)
    response = api_as(agent).post("/service-orders", body)
    assert response.status_code == 201, response.content
    assert response.json()["unit"] == unit.pk


def test_create_by_warranty_card_number(api_as, agent, customer, make_unit):
    unit = make_unit(customer, warranty_card_number="WC-2026-0001")
    response = api_as(agent).post("/service-orders", _body(customer, serial_number="WC-2026-0001"))
    assert response.status_code == 201, response.content
    assert response.json()["unit"] == unit.pk


def test_contact_phone_and_address_default_to_the_customers(api_as, agent, customer):
    data = api_as(agent).post("/service-orders", _body(customer)).json()
    assert (data["contact_phone"], data["address"]) == (customer.phone, customer.address)


def test_given_contact_phone_and_address_are_kept(api_as, agent, customer):
    body = _body(customer, contact_phone="021-62345678", address="上海市徐汇区漕溪路1号")
    data = api_as(agent).post("/service-orders", body).json()
    assert (data["contact_phone"], data["address"]) == ("021-62345678", "上海市徐汇区漕溪路1号")


def test_warranty_block_is_part_of_the_order(api_as, agent, customer, make_unit):
    unit = make_unit(customer, purchase_date=IN_WARRANTY_PURCHASE)
    body = _body(customer, unit, reported_at=MONDAY.isoformat())
    warranty = api_as(agent).post("/service-orders", body).json()["warranty"]
    assert warranty["serial_number"] == unit.serial_number
    assert warranty["warranty_start"] == "2026-10-01"
    assert warranty["whole_unit_until"] == "2027-09-30"
    assert warranty["in_warranty"] is True
    assert warranty["chargeable"] is False
    assert warranty["exclusions"] == []


def test_number_is_so_local_date_and_five_digit_consecutive_sequence(api_as, agent, customer):
    api = api_as(agent)
    days = {_local_today()}
    first = api.post("/service-orders", _body(customer)).json()["number"]
    second = api.post("/service-orders", _body(customer)).json()["number"]
    days.add(_local_today())
    for number in (first, second):
        assert re.fullmatch(r"SO\d{8}\d{5}", number)
        assert dt.datetime.strptime(number[2:10], "%Y%m%d").date() in days
    assert first[:10] == second[:10]
    assert int(second[10:]) == int(first[10:]) + 1
    day = dt.datetime.strptime(first[2:10], "%Y%m%d").date()
    assert numbers_issued(day=day) == int(second[10:])


def test_number_date_is_todays_shanghai_date_not_the_reported_date(api_as, agent, customer):
    days = {_local_today()}
    body = _body(customer, reported_at=MONDAY.isoformat())
    number = api_as(agent).post("/service-orders", body).json()["number"]
    days.add(_local_today())
    assert number[2:10] in {f"{day:%Y%m%d}" for day in days}


def _refusals():
    """(name, body mutation given the context, field the 422 names)."""
    future = lambda c: {"reported_at": (timezone.now() + H).isoformat()}  # noqa: E731
    return [
        ("future", future, "reported_at"),
        ("naive", lambda c: {"reported_at": "2026-11-23T10:00:00"}, "reported_at"),
        ("unit_of_other", lambda c: {"unit": c["other_unit"].pk}, "unit"),
        (
            "serial_of_other",
            lambda c: {"serial_number": c["other_unit"].serial_number},
            "serial_number",
        ),
        ("unknown_customer", lambda c: {"customer": 999_999}, "customer"),
        ("no_customer", lambda c: {"customer": None}, "customer"),
        ("unknown_unit", lambda c: {"unit": 999_999}, "unit"),
        ("unknown_serial", lambda c: {"serial_number": "NO-SUCH-SN"}, "serial_number"),
        ("bad_kind", lambda c: {"kind": "fix"}, "kind"),
        ("bad_channel", lambda c: {"channel": "fax"}, "channel"),
        ("bad_priority", lambda c: {"priority": "asap"}, "priority"),
        ("blank_fault", lambda c: {"fault_description": "   "}, "fault_description"),
        ("bad_phone", lambda c: {"contact_phone": "call me"}, "contact_phone"),
        ("missing_kind", lambda c: {"kind": None}, "kind"),
    ]


@pytest.mark.parametrize(
    ("mutate", "field"), [r[1:] for r in _refusals()], ids=[r[0] for r in _refusals()]
)
def test_refused_create_writes_nothing(
    api_as, agent, customer, make_customer, make_unit, mutate, field
):
    context = {"other_unit": make_unit(make_customer())}
    api = api_as(agent)
    api.post("/service-orders", _body(customer))  # today's counter exists already
    before = write_counts()
    response = api.post("/service-orders", {**_body(customer), **mutate(context)})
    assert response.status_code == 422, response.content
    assert field in response.json()["errors"]
    assert write_counts() == before


def test_customer_without_address_needs_one_given(api_as, agent, make_customer):
    customer = make_customer(address="")
    before = write_counts()
    response = api_as(agent).post("/service-orders", _body(customer))
    assert response.status_code == 422
    assert "address" in response.json()["errors"]
    assert write_counts() == before


def test_customer_user_reports_for_its_own_customer(api_as, customer_user, customer, make_unit):
    unit = make_unit(customer)
    body = {"kind": "repair", "channel": "web", "unit": unit.pk, "fault_description": "无法开机"}
    response = api_as(customer_user(customer)).post("/service-orders", body)
    assert response.status_code == 201, response.content
    assert response.json()["customer"] == customer.pk


@pytest.mark.parametrize("via", ["customer", "unit", "serial_number"])
def test_customer_user_cannot_report_for_another_customer(
    api_as, customer_user, customer, make_customer, make_unit, via
):
    other = make_customer()
    other_unit = make_unit(other)
    body = {"kind": "repair", "channel": "web", "fault_description": "无法开机"}
    body |= {
        "customer": {"customer": other.pk},
        "unit": {"unit": other_unit.pk},
        "serial_number": {"serial_number": other_unit.serial_number},
    }[via]
    before = write_counts()
    response = api_as(customer_user(customer)).post("/service-orders", body)
    assert response.status_code == 422
    assert via in response.json()["errors"]
    assert write_counts() == before


@pytest.mark.parametrize("roles", [("engineer",), ("warehouse",), ("quality",)])
def test_roles_without_intake_may_not_create(api_as, make_staff, regions, customer, roles):
    user = make_staff(*roles, region=regions["shanghai"])
    before = write_counts()
    response = api_as(user).post("/service-orders", _body(customer))
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
    assert write_counts() == before


def test_anonymous_may_not_create(api_as, customer):
    before = write_counts()
    assert api_as(None).post("/service-orders", _body(customer)).status_code == 401
    assert write_counts() == before


def test_same_idempotency_key_creates_one_order(api_as, agent, customer):
    api = api_as(agent)
    headers = {"Idempotency-Key": "call-20261123-0001"}
    first = api.post("/service-orders", _body(customer), headers=headers)
    after_first = write_counts()
    again = api.post("/service-orders", _body(customer), headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.json()["id"] == first.json()["id"]
    assert write_counts() == after_first


# SLA-1 defaults, reported on Monday 2026-11-23 10:00 (an ordinary working week).
@pytest.mark.parametrize(
    ("priority", "kind", "purchase", "policy", "respond", "on_site_by", "resolve"),
    [
        ("urgent", "consumer", OUT_OF_WARRANTY_PURCHASE, "Urgent", H, MONDAY + 4 * H, 48 * H),
        ("urgent", "consumer", IN_WARRANTY_PURCHASE, "Urgent", H, MONDAY + 4 * H, 48 * H),
        (
            "normal",
            "project",
            OUT_OF_WARRANTY_PURCHASE,
            "Project customer",
            H,
            MONDAY + 4 * H,
            48 * H,
        ),
        ("low", "enterprise", IN_WARRANTY_PURCHASE, "In warranty", 2 * H, MONDAY + 24 * H, 48 * H),
        ("normal", "consumer", IN_WARRANTY_PURCHASE, "In warranty", 2 * H, MONDAY + 24 * H, 48 * H),
        # 2 working days = 18 working hours from Mon 10:00: 8 h Mon, 9 h Tue, 1 h Wed.
        (
            "high",
            "consumer",
            OUT_OF_WARRANTY_PURCHASE,
            "Out of warranty",
            24 * H,
            shanghai(2026, 11, 25, 10, 0),
            None,
        ),
    ],
)
def test_sla_targets_at_intake_follow_the_default_policies(
    api_as,
    agent,
    make_customer,
    make_unit,
    priority,
    kind,
    purchase,
    policy,
    respond,
    on_site_by,
    resolve,
):
    customer = make_customer(kind=kind)
    unit = make_unit(customer, purchase_date=purchase)
    body = _body(customer, unit, priority=priority, reported_at=MONDAY.isoformat())
    response = api_as(agent).post("/service-orders", body)
    assert response.status_code == 201, response.content
    sla = response.json()["sla"]
    assert sla["policy"] == policy
    assert parse_time(sla["respond_by"]) == MONDAY + respond
    assert parse_time(sla["on_site_by"]) == on_site_by
    if resolve is None:
        assert sla["resolve_by"] is None
        assert sla["resolve_state"] == "none"
    else:
        assert parse_time(sla["resolve_by"]) == MONDAY + resolve


@pytest.mark.parametrize(
    ("reported", "on_site_by"),
    [
        # Friday 17:00: 1 h Fri, 9 h Mon, 8 h Tue.
        (shanghai(2026, 11, 27, 17, 0), shanghai(2026, 12, 1, 17, 0)),
        # Saturday: the clock starts Monday 09:00.
        (shanghai(2026, 11, 28, 10, 0), shanghai(2026, 12, 1, 18, 0)),
        # Friday after hours: the clock starts Monday 09:00.
        (shanghai(2026, 11, 27, 19, 30), shanghai(2026, 12, 1, 18, 0)),
        # Before opening on Monday.
        (shanghai(2026, 11, 23, 7, 0), shanghai(2026, 11, 24, 18, 0)),
    ],
)
def test_out_of_warranty_on_site_target_runs_on_the_working_calendar(
    api_as, agent, customer, make_unit, reported, on_site_by
):
    unit = make_unit(customer, purchase_date=OUT_OF_WARRANTY_PURCHASE)
    body = _body(customer, unit, reported_at=reported.isoformat())
    sla = api_as(agent).post("/service-orders", body).json()["sla"]
    assert parse_time(sla["on_site_by"]) == on_site_by
    assert parse_time(sla["respond_by"]) == reported + 24 * H  # 7×24


def test_reported_at_in_another_offset_is_the_same_instant(api_as, agent, customer, make_unit):
    unit = make_unit(customer, purchase_date=IN_WARRANTY_PURCHASE)
    body = _body(customer, unit, reported_at="2026-11-23T02:00:00+00:00")
    data = api_as(agent).post("/service-orders", body).json()
    assert parse_time(data["reported_at"]) == MONDAY
    assert data["reported_at"].endswith("+08:00")


def test_sla_clocks_start_from_reported_at_not_from_intake(api_as, agent, customer, make_unit):
    unit = make_unit(customer)  # bought 30 days ago: in warranty, respond within 2 h
    reported = timezone.now().astimezone(SHANGHAI) - 3 * H
    body = _body(customer, unit, reported_at=reported.isoformat())
    data = api_as(agent).post("/service-orders", body).json()
    assert abs(parse_time(data["sla"]["respond_by"]) - (reported + 2 * H)) < dt.timedelta(
        milliseconds=1
    )
    assert data["sla"]["respond_state"] == "breached"
    assert data["sla"]["breached"] is True
    assert parse_time(data["created_at"]) > parse_time(data["reported_at"])


def test_reported_at_defaults_to_now(api_as, agent, customer, make_unit):
    unit = make_unit(customer)
    before = timezone.now()
    data = api_as(agent).post("/service-orders", _body(customer, unit)).json()
    reported = parse_time(data["reported_at"])
    assert before - dt.timedelta(milliseconds=1) <= reported <= timezone.now()
    assert abs(parse_time(data["sla"]["respond_by"]) - (reported + 2 * H)) < dt.timedelta(
        milliseconds=1
    )
    assert data["sla"]["respond_state"] == "pending"
