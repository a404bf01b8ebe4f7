from django.test import Client


def test_api_docs_page_uses_bundled_swagger_not_a_cdn(db):
    html = Client().get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "cdn." not in html


def test_openapi_schema_lists_the_fixed_resources(db):
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    for path in (
        "/api/v1/auth/token",
        "/api/v1/regions",
        "/api/v1/staff",
        "/api/v1/customers",
        "/api/v1/customers/{customer_id}/users",
        "/api/v1/product-lines",
        "/api/v1/product-models",
        "/api/v1/units",
        "/api/v1/units/{unit_id}",
        "/api/v1/warranty/{serial_number}",
        "/api/v1/service-orders",
        "/api/v1/service-orders/{order_id}",
        "/api/v1/service-orders/{order_id}/assign",
        "/api/v1/service-orders/{order_id}/exclusions",
    ):
        assert path in paths, path
