"""The certificate admin records through ``certificate_create`` (TRN-2)."""

from __future__ import annotations

from aftersales.training.models import Certificate
from aftersales.training.tests.conftest import days_from_today

ADD = "/admin/training/certificate/add/"


def _form(holder, line, **overrides):
    data = {
        "holder": holder.pk,
        "product_line": line.pk,
        "number": "PJ-ADMIN-1",
        "valid_until": days_from_today(30).isoformat(),
    }
    data.update(overrides)
    return data


def test_the_admin_adds_a_certificate_through_the_service(
    admin_client, admin_user, engineer, product_line
):
    response = admin_client.post(ADD, _form(engineer, product_line))

    assert response.status_code == 302, response.content.decode()[:2000]
    saved = Certificate.objects.get()
    assert (saved.holder, saved.number, saved.recorded_by) == (engineer, "PJ-ADMIN-1", admin_user)
    listing = admin_client.get("/admin/training/certificate/")
    assert "PJ-ADMIN-1" in listing.content.decode()


def test_the_admin_shows_the_services_refusal_and_saves_nothing(
    admin_client, engineer, product_line
):
    response = admin_client.post(
        ADD, _form(engineer, product_line, valid_until=days_from_today(-3).isoformat())
    )

    assert response.status_code == 200
    assert "valid_until" in response.context["adminform"].form.errors
    assert not Certificate.objects.exists()
