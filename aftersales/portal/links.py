"""Links to the public lookup that are printed on paper (the warranty card's QR code)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse


def warranty_lookup_url(*, number: str, request: HttpRequest | None = None) -> str:
    """The absolute URL of the lookup for ``number``: on ``SITE_URL`` when set (the
    public address, which a request from inside the network may not show), else on
    the address the request came to."""
    path = f"{reverse('portal:warranty_lookup')}?{urlencode({'q': number})}"
    if settings.SITE_URL:
        return settings.SITE_URL.rstrip("/") + path
    if request is not None:
        return request.build_absolute_uri(path)
    return path
