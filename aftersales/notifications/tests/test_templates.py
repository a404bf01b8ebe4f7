"""NTF-3: every message in zh-hans and English, in the recipient's language."""

from __future__ import annotations

import pytest

from aftersales.notifications.content import PARTS, render
from aftersales.notifications.models import EventType, Language, Notification, RecipientPreference
from aftersales.notifications.services import notification_deliver

CONTEXT = {
    "order_id": 1,
    "number": "SO2025030700001",
    "status": "assigned",
    "kind": "repair",
    "priority": "normal",
    "customer_name": "A&B 公司",
    "contact_phone": "13900000001",
    "address": "上海市黄浦区 <1> 号",
    "fault_description": "开机无显示",
    "region_name": "上海",
    "reported_at": "2025-03-07 09:00",
    "event_at": "2025-03-07 10:00",
    "engineer_name": "王工",
    "engineer_phone": "13800000001",
    "expected_arrival": "2025-03-08 09:00",
    "quote_number": "Q1",
    "amount": "80.00",
    "survey_url": "https://fuwu.example.com/survey/SO2025030700001",
    "action": "assign",
    "from_status": "acknowledged",
    "to_status": "assigned",
    "level": "manager",
    "target": "on_site",
    "due_at": "2025-03-08 09:00",
    "elapsed_percent": 85,
    "hours_open": 49,
    "serial_number": "LOAN-PJ-007",
    "issued_at": "2025-03-01 15:00",
    "expected_back": "2025-03-06",
}

# Words each message must carry, per language (the facts of NTF-1).
MUST_SAY = {
    EventType.ORDER_RECEIVED: ["SO2025030700001"],
    EventType.ORDER_ASSIGNED: ["王工", "13800000001", "2025-03-08 09:00"],
    EventType.QUOTE_AWAITING: ["Q1", "80.00"],
    EventType.ORDER_COMPLETED: ["https://fuwu.example.com/survey/SO2025030700001"],
    EventType.ORDER_STATUS: ["SO2025030700001"],
    EventType.ESCALATION_WARN: ["SO2025030700001", "85%"],
    EventType.ESCALATION_MANAGER: ["SO2025030700001", "2025-03-08 09:00"],
    EventType.ESCALATION_DIRECTOR: ["SO2025030700001"],
    EventType.LOANER_DUE: ["SO2025030700001", "49"],
    EventType.LOANER_OVERDUE: ["SO2025030700001", "LOAN-PJ-007"],
}


@pytest.mark.parametrize("language", Language.values)
@pytest.mark.parametrize("event_type", EventType.values)
def test_every_event_renders_every_part_in_both_languages(event_type, language):
    rendered = render(event_type=event_type, language=language, context=CONTEXT)
    assert rendered.language == language
    for part in PARTS:
        text = getattr(rendered, part)
        assert text, part
        assert "{{" not in text
        assert "{%" not in text
        assert "&amp;" not in text
        assert "&lt;" not in text
    for word in MUST_SAY[event_type]:
        assert word in rendered.sms, (event_type, language, word)
        assert word in rendered.email, (event_type, language, word)
    assert "\n" not in rendered.sms
    assert "\n" not in rendered.subject


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("zh-hans", ["上门", "已安排工程师", "已违约"]),
        ("en", ["on-site visit", "assigned", "missed"]),
    ],
)
def test_the_language_decides_the_words(language, words):
    assigned = render(event_type="order.assigned", language=language, context=CONTEXT)
    breach = render(event_type="escalation.manager", language=language, context=CONTEXT)
    assert words[1] in assigned.sms
    assert words[0] in breach.subject
    assert words[2] in breach.subject


def test_status_names_follow_the_language():
    zh = render(event_type="order.status_changed", language="zh-hans", context=CONTEXT)
    en = render(event_type="order.status_changed", language="en", context=CONTEXT)
    assert en.subject == "Order SO2025030700001: acknowledged → assigned"
    assert zh.subject == "工单 SO2025030700001：已受理 → 已派单"  # the SO-3 labels in zh-hans


def test_an_unknown_language_falls_back_to_chinese():
    assert render(event_type="order.received", language="fr", context=CONTEXT).language == (
        "zh-hans"
    )


@pytest.mark.django_db
def test_a_recipient_is_written_to_in_their_language(order, customer, sms):
    RecipientPreference.objects.create(customer=customer, language="en")
    row = Notification.objects.get(order=order, channel="sms")
    notification_deliver(notification_id=row.pk)
    row.refresh_from_db()
    assert row.language == "en"
    assert sms.sent[0]["text"].startswith(f"Dear {customer.name}, we have received")


@pytest.mark.django_db
def test_without_a_preference_people_get_chinese(order, sms):
    row = Notification.objects.get(order=order, channel="sms")
    notification_deliver(notification_id=row.pk)
    row.refresh_from_db()
    assert row.language == "zh-hans"
    assert "您的报修已受理" in sms.sent[0]["text"]
