"""The loaner admin adds units through ``loaner_unit_create`` and retires them through
``loaner_unit_retire``; loans are read only there."""

from __future__ import annotations

import pytest

from aftersales.loaners.models import LoanerUnit
from aftersales.loaners.services import loaner_issue

pytestmark = pytest.mark.django_db
ADD = "/admin/loaners/loanerunit/add/"
LIST = "/admin/loaners/loanerunit/"


def _form(product_model, warehouse, **overrides):
    data = {
        "serial_number": "LN-ADMIN-1",
        "product_model": product_model.pk,
        "warehouse": warehouse.pk,
        "note": "",
    }
    data.update(overrides)
    return data


def test_the_admin_adds_a_unit_through_the_service(admin_client, product_model, warehouses):
    response = admin_client.post(ADD, _form(product_model, warehouses["shanghai"]))
    assert response.status_code == 302, response.content.decode()[:2000]
    unit = LoanerUnit.objects.get()
    assert (unit.serial_number, unit.status) == ("LN-ADMIN-1", "available")
    assert "LN-ADMIN-1" in admin_client.get(LIST).content.decode()


def test_the_admin_shows_the_services_refusal_and_adds_nothing(
    admin_client, product_model, warehouses, make_loaner
):
    make_loaner(warehouses["shanghai"], serial="LN-ADMIN-1")
    response = admin_client.post(ADD, _form(product_model, warehouses["shanghai"]))
    assert response.status_code == 200
    assert "serial_number" in response.context["adminform"].form.errors
    assert LoanerUnit.objects.count() == 1


def test_the_retire_action_retires_what_it_can(admin_client, warehouses, make_loaner, order, boss):
    free = make_loaner(warehouses["shanghai"])
    out = make_loaner(warehouses["shanghai"])
    loaner_issue(actor=boss, order_id=order.pk, loaner_id=out.pk)
    response = admin_client.post(
        LIST, {"action": "retire", "_selected_action": [free.pk, out.pk]}, follow=True
    )
    assert response.status_code == 200
    free.refresh_from_db()
    out.refresh_from_db()
    assert (free.status, out.status) == ("retired", "on_loan")
