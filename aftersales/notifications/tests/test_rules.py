"""The outbox's pure rules: which events notify whom, on which channels, which
endpoints hear of them, and the back-off."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aftersales.notifications.rules import (
    AUDIENCES,
    EndpointSpec,
    Person,
    deduplicated,
    endpoint_wants,
    event_types_for,
    max_attempts,
    next_attempt_at,
    parse_delays,
    person_channels,
)

NOW = dt.datetime(2025, 3, 7, 9, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("kind", "action", "extra", "expected"),
    [
        ("created", "", {}, ["order.received"]),
        ("transition", "acknowledge", {}, ["order.status_changed"]),
        ("transition", "assign", {"engineer": 3}, ["order.assigned", "order.status_changed"]),
        ("assignment", "reassign", {}, ["order.assigned"]),
        ("transition", "complete", {}, ["order.completed", "order.status_changed"]),
        ("transition", "cancel", {}, ["order.status_changed"]),
        ("charges", "quote_issued", {"approval_required": True}, ["quote.awaiting_approval"]),
        ("charges", "quote_issued", {"approval_required": False}, []),  # nothing to pay
        ("charges", "quote_approved", {}, []),
        ("escalation", "warn", {}, ["escalation.warn"]),
        ("escalation", "manager", {}, ["escalation.manager"]),
        ("escalation", "director", {}, ["escalation.director"]),
        ("escalation", "loaner_due", {}, ["loaner.due"]),
        ("escalation", "compensation", {}, []),
        ("note", "", {}, []),
        ("exclusion", "exclusion", {}, []),
        ("sla", "pause", {}, []),
    ],
)
def test_timeline_events_map_to_notification_events(kind, action, extra, expected):
    assert event_types_for(kind=kind, action=action, extra=extra) == expected


def test_every_notification_event_has_an_audience_entry():
    from aftersales.notifications.models import EventType

    assert set(AUDIENCES) == set(EventType.values)


@pytest.mark.parametrize(
    ("phone", "email", "expected"),
    [
        ("13900000001", "A@Example.com", [("sms", "13900000001"), ("email", "a@example.com")]),
        ("13900000001", "", [("sms", "13900000001")]),
        ("", "a@example.com", [("email", "a@example.com")]),
        ("", "", []),
    ],
)
def test_people_get_sms_for_a_phone_and_email_for_an_address(phone, email, expected):
    assert person_channels(Person(name="x", phone=phone, email=email)) == expected


def test_one_message_per_channel_and_address_the_first_recipient_keeps_it():
    customer = Person(name="customer", phone="139", customer_id=1)
    engineer = Person(name="engineer", phone="139", user_id=2)
    pairs = [("sms", "139", customer), ("sms", "139", engineer), ("email", "139", engineer)]
    assert deduplicated(pairs) == [("sms", "139", customer), ("email", "139", engineer)]


@pytest.mark.parametrize(
    ("event_types", "region_path", "event", "order_path", "wants"),
    [
        ((), None, "order.received", "/1/2/", True),
        (("escalation.manager",), None, "escalation.manager", "/1/2/", True),
        (("escalation.manager",), None, "escalation.warn", "/1/2/", False),
        ((), "/1/", "order.received", "/1/2/", True),  # the region's subtree
        ((), "/1/2/", "order.received", "/1/2/", True),
        ((), "/1/2/", "order.received", "/1/3/", False),
        ((), "/1/2/", "order.received", "/1/", False),  # not the parent
        ((), "/1/", "order.received", "/10/", False),  # a prefix of digits is not a parent
    ],
)
def test_endpoints_hear_their_events_in_their_region(
    event_types, region_path, event, order_path, wants
):
    spec = EndpointSpec(id=1, kind="webhook", event_types=event_types, region_path=region_path)
    assert endpoint_wants(spec, event_type=event, region_path=order_path) is wants


@pytest.mark.parametrize(
    ("attempts", "expected"),
    [(1, dt.timedelta(minutes=1)), (2, dt.timedelta(minutes=5)), (3, dt.timedelta(minutes=30))],
)
def test_back_off_waits_longer_after_each_failure(attempts, expected):
    delays = parse_delays("60,300,1800")
    assert next_attempt_at(attempts=attempts, delays=delays, now=NOW) == NOW + expected


def test_back_off_gives_up_after_the_last_delay():
    delays = parse_delays("60,300,1800")
    assert max_attempts(delays) == 4
    assert next_attempt_at(attempts=4, delays=delays, now=NOW) is None
    with pytest.raises(ValueError, match="attempts"):
        next_attempt_at(attempts=0, delays=delays, now=NOW)


@pytest.mark.parametrize("text", ["", "0", "60,-5", "60,,abc"])
def test_bad_retry_settings_are_refused(text):
    with pytest.raises(ValueError):  # noqa: PT011 - int() or our message
        parse_delays(text)


@given(
    delays=st.lists(st.integers(min_value=1, max_value=100_000), min_size=1, max_size=8),
    attempts=st.integers(min_value=1, max_value=12),
)
def test_a_retry_is_always_later_and_there_are_never_more_than_the_delays_allow(delays, attempts):
    retry_at = next_attempt_at(attempts=attempts, delays=delays, now=NOW)
    if attempts <= len(delays):
        assert retry_at is not None
        assert retry_at > NOW
    else:
        assert retry_at is None
