import io
import json

import pytest
from django.apps import apps
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from aftersales.accounts.models import User
from aftersales.demo.build import demo_sign_ins
from aftersales.demo.dataset import DEMO_PASSWORD
from aftersales.service_orders.models import ServiceOrder
from aftersales.service_orders.selectors import service_order_list
from aftersales.service_orders.status import Status


def _counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model.__module__.startswith("aftersales.")
    }


@pytest.fixture
def demo(db):
    out = io.StringIO()
    call_command("demo_data", stdout=out)
    return out.getvalue()


# One demo build takes seconds, so each test checks several things about one build.


def test_running_it_twice_changes_nothing(demo):
    before = _counts()
    out = io.StringIO()
    call_command("demo_data", stdout=out)
    assert _counts() == before
    assert "nothing changed" in out.getvalue()
    assert before["service_orders.ServiceOrder"] >= 12


def test_orders_in_every_state_with_real_timelines_and_sla_outcomes(demo):
    present = set(ServiceOrder.objects.values_list("status", flat=True))
    assert present == set(Status.values)

    now = timezone.now()
    for order in ServiceOrder.objects.all():
        events = list(order.events.order_by("at", "id"))
        assert events[0].kind == "created"
        assert events[-1].to_status == order.status
        assert all(e.at <= now for e in events)
        assert order.reported_at <= events[0].at
    closed = ServiceOrder.objects.filter(status=Status.CLOSED).first()
    assert closed is not None
    actions = list(closed.events.values_list("action", flat=True))
    assert {"acknowledge", "assign", "complete", "confirm", "follow_up", "close"} <= set(actions)

    director = User.objects.get(username="director")
    assert service_order_list(user=director, sla_breached=True).exists()
    assert service_order_list(user=director, sla_breached=False).exists()


def test_every_printed_sign_in_obtains_an_api_token(demo):
    for sign_in in demo_sign_ins():
        assert sign_in.username in demo
    assert DEMO_PASSWORD in demo

    sign_ins = demo_sign_ins()
    roles = {role for s in sign_ins for role in s.roles.split(", ")}
    assert roles >= {
        "admin", "director", "manager", "dispatcher", "agent", "engineer", "warehouse",
        "quality", "customer",
    }  # fmt: skip
    client = Client()
    for sign_in in sign_ins:
        response = client.post(
            "/api/v1/auth/token",
            json.dumps({"username": sign_in.username, "password": sign_in.password}),
            content_type="application/json",
        )
        assert response.status_code == 200, (sign_in.username, response.content)
        assert response.json()["token"]

    customer = User.objects.get(username="customer")
    visible = service_order_list(user=customer)
    assert visible.exists()
    assert set(visible.values_list("customer_id", flat=True)) == {customer.customer_id}
