"""OPS-3: Chinese by default, English on request, through Django's set_language."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_default_language_is_simplified_chinese(client_as, agent, shanghai_order):
    body = client_as(agent).get(reverse("console:order_list")).content.decode()
    assert '<html lang="zh-hans">' in body
    assert "新建工单" in body
    assert "待受理" in body  # the status label, translated from the model's choices
    assert "New order" not in body


def test_the_sign_in_page_is_chinese_by_default(client):
    body = client.get(reverse("console:login")).content.decode()
    assert "登录" in body
    assert "用户名" in body


def test_switching_to_english_and_back(client_as, agent, shanghai_order):
    client = client_as(agent)
    detail = reverse("console:order_detail", args=[shanghai_order.pk])
    response = client.post(reverse("set_language"), {"language": "en", "next": detail})
    assert response.status_code == 302
    assert response["Location"] == detail
    body = client.get(detail).content.decode()
    assert '<html lang="en">' in body
    assert "Timeline" in body
    assert "acknowledge" in body
    assert "In warranty" in body
    assert "处理记录" not in body
    client.post(reverse("set_language"), {"language": "zh-hans", "next": detail})
    body = client.get(detail).content.decode()
    assert "处理记录" in body
    assert "受理" in body
    assert "保修期内" in body


def test_service_errors_come_in_the_request_language(client_as, agent, shanghai_order):
    url = reverse("console:order_action", args=[shanghai_order.pk, "cancel"])
    client = client_as(agent)
    zh = client.post(url, {"reason": ""}, headers={"HX-Request": "true"}).content.decode()
    assert "为必填项" in zh
    client.cookies["django_language"] = "en"
    en = client.post(url, {"reason": ""}, headers={"HX-Request": "true"}).content.decode()
    assert "is required" in en


def test_the_header_links_to_the_api_docs_and_admin_for_admins(client_as, agent, make_staff):
    body = client_as(agent).get(reverse("console:order_list")).content.decode()
    assert 'href="/api/v1/docs"' in body
    assert 'href="/admin/"' not in body
    admin = make_staff("admin")
    body = client_as(admin).get(reverse("console:order_list")).content.decode()
    assert 'href="/admin/"' in body
