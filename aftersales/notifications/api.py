"""The outbox over HTTP (NTF-2): what was sent about an order, to whom, and how it went.
Staff only (``notification.list``); an order the caller may not see is 404."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router

from aftersales.api.auth import actor
from aftersales.api.pagination import PageParams, page_response, paginate
from aftersales.notifications import schemas as s
from aftersales.notifications.present import notification_resource
from aftersales.notifications.selectors import notification_list

router = Router()


@router.get(
    "",
    response=s.NotificationListOut,
    summary="Notifications sent or to be sent (NTF-1, NTF-2)",
    description="The outbox, newest first: one row per message, recipient and channel "
    "(`email`, `sms`, `webhook`, `wecom`, `dingtalk`) with its delivery state — "
    "`pending` (waiting for its next try at `next_attempt_at`), `sending`, `sent`, "
    "`failed` (tries used up; `last_error` says why) or `cancelled`. Filter by `order` "
    "(404 when the order is not visible), `status` and `channel`. Webhook and robot "
    "endpoints are shown by name.",
)
def notification_list_api(
    request: HttpRequest,
    page: Query[PageParams],
    order: int | None = None,
    status: s.NotificationStatus | None = None,
    channel: s.NotificationChannel | None = None,
) -> dict[str, object]:
    qs = notification_list(user=actor(request), order_id=order, status=status, channel=channel)
    count, rows = paginate(qs, page)
    return page_response(count, [notification_resource(n) for n in rows])
