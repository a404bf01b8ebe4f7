"""An id past 64 bits in a query or path parameter is bad input (422 naming the
parameter), never a server error — SQLite cannot bind it; PostgreSQL finds nothing."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db
HUGE = "99999999999999999999999"


@pytest.mark.parametrize(
    ("path", "field"),
    [
        (f"/customers?region={HUGE}", "region"),
        (f"/units?customer={HUGE}", "customer"),
        (f"/service-orders?customer={HUGE}", "customer"),
        (f"/service-orders/{HUGE}", "order_id"),
    ],
)
def test_an_out_of_range_id_is_a_named_bad_input(api_as, make_staff, path, field):
    api = api_as(make_staff("admin"))
    response = api.client.get(f"/api/v1{path}", headers=api._headers(None))
    assert response.status_code in (200, 404, 422)
    if response.status_code == 422:
        assert field in response.json()["errors"]
