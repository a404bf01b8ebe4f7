"""The API resource of an exclusion photo (``POST /service-orders/{id}/exclusions/
{exclusion_id}/photo``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Schema

from aftersales.warranty.models import ExclusionPhoto


class ExclusionPhotoOut(Schema):
    id: int
    exclusion: int
    url: str  # served to signed-in staff who may see the order or unit, never publicly
    content_type: str
    size: int
    width: int
    height: int
    uploaded_by: int
    uploaded_at: dt.datetime


def exclusion_photo_resource(photo: ExclusionPhoto) -> dict[str, Any]:
    return {
        "id": photo.pk,
        "exclusion": photo.exclusion_id,
        "url": photo.image.url,
        "content_type": photo.content_type,
        "size": photo.size,
        "width": photo.width,
        "height": photo.height,
        "uploaded_by": photo.uploaded_by_id,
        "uploaded_at": photo.uploaded_at,
    }
