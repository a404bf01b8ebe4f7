"""The API root: one NinjaAPI, its auth, the error mapping, and every app's router."""

from __future__ import annotations

from ninja import NinjaAPI

from aftersales.api import errors
from aftersales.api.auth import StaffSessionAuth, TokenAuth
from aftersales.api.renderer import JSONRenderer

api = NinjaAPI(
    title="aftersales API",
    version="1",
    description=(
        "After-sales service management (售后服务管理系统). Sign in with "
        "`POST /api/v1/auth/token`, then send `Authorization: Bearer <token>`. Errors are "
        '`{"detail", "errors", "code"}`; lists take `page` and `page_size` (≤ 200) and answer '
        '`{"count", "results"}`; creating POSTs honour an `Idempotency-Key` header for 24 h.'
    ),
    auth=[TokenAuth(), StaffSessionAuth()],
    renderer=JSONRenderer(),
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)
errors.install(api)


def _mount() -> None:
    from aftersales.accounts.api import auth_router, staff_router
    from aftersales.api.health import router as health_router
    from aftersales.catalog.api import router as catalog_router
    from aftersales.charges.api import router as charges_router
    from aftersales.customers.api import router as customers_router
    from aftersales.dispatch.api import candidates_router
    from aftersales.dispatch.api import router as dispatch_router
    from aftersales.documents.api import router as documents_router
    from aftersales.escalations.api import router as escalations_router
    from aftersales.imports.api import router as imports_router
    from aftersales.inventory.api import order_parts_router
    from aftersales.inventory.api import router as inventory_router
    from aftersales.inventory.report_api import router as inventory_report_router
    from aftersales.loaners.api import order_router as order_loans_router
    from aftersales.loaners.api import router as loaners_router
    from aftersales.notifications.api import router as notifications_router
    from aftersales.organisation.api import router as organisation_router
    from aftersales.portal.api import router as public_router
    from aftersales.service_orders.api import router as orders_router
    from aftersales.training.api import router as certificates_router
    from aftersales.units.api import router as units_router
    from aftersales.warranty.api import router as warranty_router
    from aftersales.warranty.api import unit_router as three_guarantees_router

    api.add_router("/health", health_router, tags=["health"])
    api.add_router("/auth", auth_router, tags=["auth"])
    api.add_router("/", organisation_router, tags=["organisation"])
    api.add_router("/staff", staff_router, tags=["staff"])
    api.add_router("/staff", certificates_router, tags=["staff"])
    api.add_router("/", catalog_router, tags=["catalogue"])
    api.add_router("/customers", customers_router, tags=["customers"])
    api.add_router("/units", units_router, tags=["units"])
    api.add_router("/warranty", warranty_router, tags=["warranty"])
    api.add_router("/units", three_guarantees_router, tags=["three guarantees"])
    api.add_router("/service-orders", orders_router, tags=["service orders"])
    api.add_router("/", charges_router, tags=["charges"])
    api.add_router("/imports", imports_router, tags=["imports"])
    api.add_router("/public", public_router, tags=["public"])
    api.add_router("/", documents_router, tags=["documents"])
    api.add_router("/notifications", notifications_router, tags=["notifications"])
    api.add_router("/escalations", escalations_router, tags=["escalations"])
    api.add_router("/service-orders", candidates_router, tags=["dispatch"])
    api.add_router("/dispatch", dispatch_router, tags=["dispatch"])
    api.add_router("/", inventory_router, tags=["spare parts"])
    api.add_router("/service-orders", order_parts_router, tags=["spare parts"])
    api.add_router("/", inventory_report_router, tags=["spare parts"])
    api.add_router("/", loaners_router, tags=["loaner units"])
    api.add_router("/service-orders", order_loans_router, tags=["loaner units"])


_mount()
