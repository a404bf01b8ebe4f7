from django.urls import path

from aftersales.console import (
    defective_views,
    dispatch_views,
    field_views,
    intake,
    loaner_views,
    parts_views,
    priority_views,
    quote_views,
    stock_report_views,
    stock_views,
    units,
    views,
    warranty_views,
)

app_name = "console"

urlpatterns = [
    path("", views.order_list, name="order_list"),
    path("login/", views.ConsoleLoginView.as_view(), name="login"),
    path("logout/", views.ConsoleLogoutView.as_view(), name="logout"),
    path("orders/new/", intake.order_create, name="order_create"),
    path("orders/new/customers/", intake.customer_lookup, name="customer_lookup"),
    path("orders/new/unit/", intake.unit_lookup, name="unit_lookup"),
    path("orders/<int:order_id>/", views.order_detail, name="order_detail"),
    path(
        "orders/<int:order_id>/actions/<slug:action>/",
        views.order_action,
        name="order_action",
    ),
    path(
        "orders/<int:order_id>/priority/",
        priority_views.order_priority,
        name="order_priority",
    ),
    path(
        "orders/<int:order_id>/exclusions/",
        warranty_views.order_exclusion,
        name="order_exclusion",
    ),
    path(
        "orders/<int:order_id>/exclusions/<int:exclusion_id>/photos/",
        warranty_views.exclusion_photo,
        name="exclusion_photo",
    ),
    path("orders/<int:order_id>/quote/", quote_views.quote_new, name="quote_new"),
    path("orders/<int:order_id>/quote/issue/", quote_views.quote_issue_draft, name="quote_issue"),
    path(
        "orders/<int:order_id>/quote/<slug:decision>/",
        quote_views.quote_decide,
        name="quote_decide",
    ),
    path(
        "orders/<int:order_id>/parts/",
        parts_views.order_parts_reserve,
        name="order_parts_reserve",
    ),
    path(
        "orders/<int:order_id>/parts/<int:order_part_id>/issue/",
        parts_views.order_part_use,
        name="order_part_issue",
    ),
    path(
        "orders/<int:order_id>/parts/<int:order_part_id>/release/",
        parts_views.order_part_put_back,
        name="order_part_release",
    ),
    path("stock/", stock_views.stock, name="stock"),
    path("stock/moves/", stock_views.stock_moves, name="stock_moves"),
    path("stock/moves/new/", stock_views.stock_move_new, name="stock_move_new"),
    path(
        "stock/defective-returns/",
        defective_views.defective_returns,
        name="defective_returns",
    ),
    path(
        "orders/<int:order_id>/loaner/issue/",
        loaner_views.order_loaner_issue,
        name="order_loaner_issue",
    ),
    path(
        "orders/<int:order_id>/loaner/return/",
        loaner_views.order_loaner_return,
        name="order_loaner_return",
    ),
    path("loaners/", loaner_views.loaners, name="loaners"),
    path("loaners/loans/<int:loan_id>/return/", loaner_views.loan_return, name="loan_return"),
    path("escalations/", field_views.escalations, name="escalations"),
    path("my/jobs/", field_views.my_jobs, name="my_jobs"),
    path("stock/reports/", stock_report_views.stock_reports, name="stock_reports"),
    path("dispatch/", dispatch_views.dispatch_board, name="dispatch_board"),
    path(
        "dispatch/orders/<int:order_id>/candidates/",
        dispatch_views.dispatch_candidates,
        name="dispatch_candidates",
    ),
    path(
        "dispatch/orders/<int:order_id>/assign/",
        dispatch_views.dispatch_assign,
        name="dispatch_assign",
    ),
    path("dispatch/batch/", dispatch_views.dispatch_batch_run, name="dispatch_batch"),
    path("units/<int:unit_id>/", units.unit_detail, name="unit_detail"),
    path("units/<int:unit_id>/entitlement/", units.unit_entitlement, name="unit_entitlement"),
    path("units/<int:unit_id>/refund-quote/", units.unit_refund_quote, name="unit_refund_quote"),
    path("units/<int:unit_id>/exchange/", units.unit_exchange, name="unit_exchange"),
    path("units/<int:unit_id>/refund/", units.unit_refund, name="unit_refund"),
    # uploads (MEDIA_URL): never public, each file checked against its record
    path("media/<path:name>", warranty_views.media, name="media"),
]
