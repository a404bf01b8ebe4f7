"""The public warranty lookup page (PORTAL-1): no sign-in, rate-limited per address."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from aftersales.portal.ratelimit import throttle
from aftersales.portal.selectors import normalise_number, public_warranty

SCOPE = "warranty-lookup"


@require_GET
def warranty_lookup(request: HttpRequest) -> HttpResponse:
    query = normalise_number(request.GET.get("q", ""))
    context: dict[str, object] = {"query": query}
    if query:
        retry_after = throttle(request=request, scope=SCOPE)
        if retry_after is not None:
            response = render(
                request, "portal/rate_limited.html", {"retry_after": retry_after}, status=429
            )
            response["Retry-After"] = str(retry_after)
            return response
        context["result"] = public_warranty(number=query, on=timezone.localdate())
        context["searched"] = True
    response = render(request, "portal/warranty_lookup.html", context)
    if query:
        response["X-Robots-Tag"] = "noindex"  # results are for the asker, not for search engines
    return response
