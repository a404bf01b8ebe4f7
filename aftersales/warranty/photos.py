"""Photos of recorded exclusions (WAR-5: "recorded with a note/photo"): checking an
upload, recording an exclusion with its photo, adding a photo later, and finding who
may see a stored file.

An upload is accepted only when Pillow reads it as a JPEG, PNG or WebP image no larger
than ``EXCLUSION_PHOTO_MAX_BYTES`` and ``MAX_PIXELS``; what the client claims (name,
content type) is ignored. The file is stored under a random name (``models.
exclusion_photo_path``) after every check has passed and after the rows it belongs to
are written, and is removed again if its own row cannot be written, so a refusal
leaves neither a row nor a file. Refusals come in the order 404 (invisible order) →
403 (role) → 422 (bad input, every field named) → 409 (closed or cancelled order).
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image

from aftersales.accounts.access import require
from aftersales.accounts.models import User
from aftersales.core.exceptions import (
    ApplicationError,
    InvalidTransition,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from aftersales.core.queries import first_or_none
from aftersales.core.validation import Errors
from aftersales.service_orders.events import order_record_event
from aftersales.service_orders.locks import service_order_lock_qs
from aftersales.service_orders.models import EventKind, ServiceOrder, ServiceOrderEvent
from aftersales.service_orders.selectors import service_order_visible_qs
from aftersales.service_orders.services import service_order_record_exclusion
from aftersales.service_orders.status import Status
from aftersales.units.models import Unit
from aftersales.units.selectors import unit_visible_qs
from aftersales.warranty.models import ExclusionPhoto, WarrantyExclusion

# Pillow format → (content type, file extension)
PHOTO_FORMATS: dict[str, tuple[str, str]] = {
    "JPEG": ("image/jpeg", ".jpg"),
    "PNG": ("image/png", ".png"),
    "WEBP": ("image/webp", ".webp"),
}
PHOTO_ACCEPT = ",".join(content_type for content_type, _ext in PHOTO_FORMATS.values())
MAX_PIXELS = 50_000_000  # 50 megapixels: more than any phone camera, less than a bomb
MAX_PHOTOS_PER_EXCLUSION = 10
PHOTO_EVENT_ACTION = "exclusion_photo"


@dataclass(frozen=True)
class CheckedPhoto:
    file: IO[bytes]
    content_type: str
    extension: str
    size: int
    width: int
    height: int


def max_photo_bytes() -> int:
    return int(settings.EXCLUSION_PHOTO_MAX_BYTES)


def check_photo(errors: Errors, upload: Any, *, field: str = "photo") -> CheckedPhoto | None:
    """The upload as a ``CheckedPhoto``, or ``None`` with the reason added to ``errors``.

    ``upload`` is a Django ``UploadedFile`` (or any file with ``size``). The content
    decides: Pillow must identify and verify it as one of ``PHOTO_FORMATS``.
    """
    size = getattr(upload, "size", None)
    if not size:
        errors.add(field, _("is empty: choose a photo"))
        return None
    if size > max_photo_bytes():
        errors.add(
            field,
            _("is larger than %(max)s; send a smaller photo")
            % {"max": filesizeformat(max_photo_bytes())},
        )
        return None
    not_image = _("must be a JPEG, PNG or WebP image")
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image_format = image.format or ""
            width, height = image.size
            if image_format in PHOTO_FORMATS and width * height <= MAX_PIXELS:
                image.verify()
    except Image.DecompressionBombError:
        width, height, image_format = MAX_PIXELS, MAX_PIXELS, "JPEG"  # refused just below
    except Exception:  # anything Pillow raises on a file means it is not a usable image
        errors.add(field, not_image)
        return None
    finally:
        upload.seek(0)
    if image_format not in PHOTO_FORMATS:
        errors.add(field, not_image)
        return None
    if width * height > MAX_PIXELS:
        errors.add(field, _("has too many pixels (at most %(max)s million)") % {"max": 50})
        return None
    content_type, extension = PHOTO_FORMATS[image_format]
    return CheckedPhoto(
        file=upload,
        content_type=content_type,
        extension=extension,
        size=int(size),
        width=int(width),
        height=int(height),
    )


def _store(
    *, exclusion: WarrantyExclusion, photo: CheckedPhoto, actor: User, at: dt.datetime
) -> ExclusionPhoto:
    """Write the file, then its row; the file is removed again if the row fails."""
    row = ExclusionPhoto(
        exclusion=exclusion,
        content_type=photo.content_type,
        size=photo.size,
        width=photo.width,
        height=photo.height,
        uploaded_by=actor,
        uploaded_at=at,
    )
    content = photo.file if isinstance(photo.file, File) else File(photo.file)
    row.image.save(f"{uuid.uuid4().hex}{photo.extension}", content, save=False)
    try:
        with transaction.atomic():
            row.save()
    except BaseException:
        row.image.storage.delete(row.image.name)
        raise
    return row


def _photo_event(
    *,
    order: ServiceOrder,
    actor: User,
    at: dt.datetime,
    exclusion: WarrantyExclusion,
    photo: ExclusionPhoto,
) -> ServiceOrderEvent:
    """The timeline event of a photo added to an exclusion recorded earlier (SO-6)."""
    return order_record_event(
        order=order,
        kind=EventKind.EXCLUSION,
        action=PHOTO_EVENT_ACTION,
        actor=actor,
        at=at,
        extra={"exclusion": exclusion.pk, "reason": exclusion.reason, "photo": photo.pk},
    )


@transaction.atomic
def exclusion_record(
    *, actor: User, order_id: int, reason: str, note: str, photo: Any = None
) -> WarrantyExclusion:
    """Record a WAR-5 exclusion on an order (``service_order_record_exclusion``) with an
    optional photo, in one transaction: a bad photo refuses the whole record, and the
    photo's errors come together with the reason's and the note's."""
    errors = Errors()
    checked = check_photo(errors, photo) if photo is not None else None
    try:
        exclusion = service_order_record_exclusion(
            actor=actor, order_id=order_id, reason=reason, note=note
        )
    except (NotFound, PermissionDenied):
        raise
    except ValidationFailed as exc:
        for field, messages in exc.errors.items():
            for message in messages:
                errors.add(field, message)
        errors.raise_if_any()
        raise
    except ApplicationError:
        errors.raise_if_any()  # bad input is refused before the order's state (409)
        raise
    errors.raise_if_any()  # rolls back the exclusion and its event
    if checked is not None:
        _store(exclusion=exclusion, photo=checked, actor=actor, at=exclusion.recorded_at)
    return exclusion


@transaction.atomic
def exclusion_photo_add(
    *, actor: User, order_id: int, exclusion_id: int, photo: Any
) -> ExclusionPhoto:
    """Add a photo to an exclusion recorded on this order, with its timeline event."""
    if first_or_none(service_order_visible_qs(user=actor).filter(pk=order_id)) is None:
        raise NotFound(_("Service order not found."))
    require(actor, "order.exclusion")
    exclusion = first_or_none(
        WarrantyExclusion.objects.filter(pk=exclusion_id, service_order_id=order_id)
    )
    if exclusion is None:
        raise NotFound(_("Exclusion not found on this order."))
    order = service_order_lock_qs().get(pk=order_id)
    errors = Errors()
    checked = check_photo(errors, photo)
    if exclusion.photos.count() >= MAX_PHOTOS_PER_EXCLUSION:
        errors.add(
            "photo",
            _("this exclusion has %(max)s photos already") % {"max": MAX_PHOTOS_PER_EXCLUSION},
        )
    errors.raise_if_any()
    assert checked is not None
    if order.status in (Status.CLOSED, Status.CANCELLED):
        raise InvalidTransition(
            _("The order is %(status)s.") % {"status": Status(order.status).label}
        )
    now = timezone.now()
    row = _store(exclusion=exclusion, photo=checked, actor=actor, at=now)
    _photo_event(order=order, actor=actor, at=now, exclusion=exclusion, photo=row)
    return row


# --- reads -----------------------------------------------------------------------------


def unit_exclusions(*, unit: Unit) -> list[WarrantyExclusion]:
    """The unit's recorded exclusions with who recorded them, their order and photos."""
    return list(
        WarrantyExclusion.objects.filter(unit=unit)
        .select_related("recorded_by", "service_order")
        .prefetch_related("photos")
    )


def access_photo_file(*, user: User, name: str) -> ExclusionPhoto:
    """The photo stored under ``name`` (relative to MEDIA_ROOT) when the user may see
    its exclusion's order or unit; ``NotFound`` otherwise, as for a missing file."""
    photo = first_or_none(ExclusionPhoto.objects.select_related("exclusion").filter(image=name))
    if photo is None:
        raise NotFound(_("File not found."))
    exclusion = photo.exclusion
    order_visible = (
        exclusion.service_order_id is not None
        and service_order_visible_qs(user=user).filter(pk=exclusion.service_order_id).exists()
    )
    if not order_visible and not unit_visible_qs(user=user).filter(pk=exclusion.unit_id).exists():
        raise NotFound(_("File not found."))
    return photo
