"""``GET /api/v1/public/warranty/{number}``: the public warranty lookup (PORTAL-1)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router

from aftersales.core.exceptions import NotFound
from aftersales.portal.ratelimit import throttle
from aftersales.portal.schemas import PublicErrorOut, PublicWarrantyOut
from aftersales.portal.selectors import PublicWarranty, public_warranty
from aftersales.portal.views import SCOPE

router = Router()


@router.get(
    "/warranty/{number}",
    auth=None,
    response={200: PublicWarrantyOut, 404: PublicErrorOut, 429: PublicErrorOut},
    summary="Public warranty lookup by serial or warranty card number (no sign-in)",
    description=(
        "The product model and the warranty dates of a unit, found by its serial number or "
        "its warranty card number; no personal data, no prices. Rate-limited per client "
        "address (429 with `Retry-After` when over the limit)."
    ),
)
def public_warranty_api(request: HttpRequest, number: str) -> PublicWarranty | HttpResponse:
    retry_after = throttle(request=request, scope=SCOPE)
    if retry_after is not None:
        message = _("Too many lookups; try again in %(seconds)s seconds.") % {
            "seconds": retry_after
        }
        response = JsonResponse({"detail": message, "errors": {}, "code": "throttled"}, status=429)
        response["Retry-After"] = str(retry_after)
        return response
    found = public_warranty(number=number, on=timezone.localdate())
    if found is None:
        raise NotFound(_("No product has this serial or warranty card number."))
    return found
