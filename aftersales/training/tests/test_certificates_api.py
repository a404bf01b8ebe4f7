"""POST/GET /api/v1/staff/{id}/certificates (api.md, TRN-2)."""

from __future__ import annotations

from typing import Any

import pytest

from aftersales.training.models import Certificate
from aftersales.training.tests.conftest import certificate_rows, days_from_today

EN = {"Accept-Language": "en"}


def _body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "product_line": "projector",
        "number": "PJ-2026-001",
        "valid_until": days_from_today(365).isoformat(),
    }
    body.update(overrides)
    return body


def _post(api, staff, body):
    return api.post(f"/staff/{staff.pk}/certificates", body, headers=EN)


def test_admin_records_a_certificate_and_lists_it(api_as, admin, engineer):
    response = _post(api_as(admin), engineer, _body())

    assert response.status_code == 201, response.content
    out = response.json()
    assert out["holder"] == engineer.pk
    assert (out["product_line"], out["product_line_name"]) == ("projector", "投影机")
    assert out["number"] == "PJ-2026-001"
    assert out["valid_until"] == days_from_today(365).isoformat()
    assert out["valid"] is True
    saved = Certificate.objects.get(pk=out["id"])
    assert (saved.holder_id, saved.recorded_by_id) == (engineer.pk, admin.pk)

    listed = api_as(admin).get(f"/staff/{engineer.pk}/certificates")
    assert listed.status_code == 200
    assert listed.json()["count"] == 1
    assert listed.json()["results"][0]["id"] == out["id"]


def test_a_certificate_valid_until_today_is_valid_today(api_as, admin, engineer):
    response = _post(api_as(admin), engineer, _body(valid_until=days_from_today(0).isoformat()))

    assert response.status_code == 201, response.content
    assert response.json()["valid"] is True


def test_the_list_keeps_expired_certificates_marked_invalid_latest_expiry_first(
    api_as, admin, engineer, expired_certificate
):
    _post(api_as(admin), engineer, _body(number="PJ-NEW"))

    results = api_as(engineer).get(f"/staff/{engineer.pk}/certificates").json()["results"]

    assert [(r["number"], r["valid"]) for r in results] == [("PJ-NEW", True), ("PJ-OLD", False)]


def test_a_regional_manager_records_certificates_for_their_regions_staff(
    api_as, east_manager, engineer
):
    response = _post(api_as(east_manager), engineer, _body())

    assert response.status_code == 201, response.content


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"product_line": "no-such-line"}, "product_line"),
        ({"number": "   "}, "number"),
        ({"number": "x" * 65}, "number"),
        ({"valid_until": days_from_today(-1).isoformat()}, "valid_until"),
        ({"valid_until": "2026-13-01"}, "valid_until"),
        ({"valid_until": None}, "valid_until"),
        ({"holder": 1}, "holder"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(api_as, admin, engineer, overrides, field):
    before = certificate_rows()

    response = _post(api_as(admin), engineer, _body(**overrides))

    assert response.status_code == 422, response.content
    assert field in response.json()["errors"], response.json()
    assert certificate_rows() == before


def test_a_number_already_recorded_for_the_line_is_refused(api_as, admin, engineer, display_line):
    assert _post(api_as(admin), engineer, _body()).status_code == 201
    before = certificate_rows()

    again = _post(api_as(admin), engineer, _body())

    assert again.status_code == 422
    assert "number" in again.json()["errors"]
    assert certificate_rows() == before
    other_line = _post(api_as(admin), engineer, _body(product_line="display"))
    assert other_line.status_code == 201  # numbers are unique per product line


def test_staff_outside_the_managers_region_are_not_found(api_as, east_manager, beijing_engineer):
    before = certificate_rows()

    response = _post(api_as(east_manager), beijing_engineer, _body())

    assert response.status_code == 404
    assert certificate_rows() == before
    assert api_as(east_manager).get(f"/staff/{beijing_engineer.pk}/certificates").status_code == 404


def test_an_engineer_reads_their_own_certificates_but_may_not_record_any(api_as, engineer):
    before = certificate_rows()

    response = _post(api_as(engineer), engineer, _body())

    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
    assert certificate_rows() == before
    assert api_as(engineer).get(f"/staff/{engineer.pk}/certificates").status_code == 200


def test_customers_unknown_ids_and_customer_sign_ins_are_not_found(
    api_as, admin, engineer, make_customer, customer_user
):
    customer_login = customer_user(make_customer())
    assert api_as(customer_login).get(f"/staff/{engineer.pk}/certificates").status_code == 404
    assert _post(api_as(customer_login), engineer, _body()).status_code == 404
    assert _post(api_as(admin), customer_login, _body()).status_code == 404  # not staff
    assert _post(api_as(admin), type("Nobody", (), {"pk": 999_999})(), _body()).status_code == 404
    assert api_as(None).get(f"/staff/{engineer.pk}/certificates").status_code == 401
    assert certificate_rows() == []
