"""Writes of the order page's warranty panel — recording an exclusion (WAR-5) with an
optional photo, adding a photo later — and the media view that serves stored photos to
staff who may see them (never publicly)."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from aftersales.console.auth import console_user, staff_required
from aftersales.console.order_page import answer, order_or_404
from aftersales.console.warranty_forms import ExclusionForm, PhotoForm
from aftersales.core.exceptions import ApplicationError, NotFound
from aftersales.warranty.models import ExclusionReason
from aftersales.warranty.photos import access_photo_file, exclusion_photo_add, exclusion_record

INVALID = 422


def _failed(form: ExclusionForm | PhotoForm, exc: ApplicationError) -> tuple[int, str]:
    on_fields = form.apply_errors(exc, message_on_form=False)
    return exc.http_status, _("Please correct the errors below.") if on_fields else exc.message


@require_POST
@staff_required
def order_exclusion(request: HttpRequest, order_id: int) -> HttpResponse:
    user = console_user(request)
    order_or_404(user, order_id)  # 404 for an invisible order, whatever the input
    form = ExclusionForm(request.POST, request.FILES, auto_id="id_exclusion_%s")
    status, error = 200, ""
    if form.is_valid():
        try:
            exclusion_record(actor=user, order_id=order_id, **form.service_kwargs())
        except NotFound:
            raise Http404(_("Service order not found.")) from None
        except ApplicationError as exc:
            status, error = _failed(form, exc)
    else:
        status, error = INVALID, _("Please correct the errors below.")
    reason = form.cleaned_data.get("reason") if status == 200 else ""
    return answer(
        request,
        user,
        order_id,
        panel="warranty",
        status=status,
        notice=_("Exclusion recorded: %(reason)s.")
        % {"reason": ExclusionReason(reason).label if reason else ""},
        **({} if status == 200 else {"warranty": {"form": form, "error": error}}),
    )


@require_POST
@staff_required
def exclusion_photo(request: HttpRequest, order_id: int, exclusion_id: int) -> HttpResponse:
    user = console_user(request)
    order_or_404(user, order_id)
    form = PhotoForm(request.POST, request.FILES, auto_id=f"id_photo_{exclusion_id}_%s")
    status, error = 200, ""
    if form.is_valid():
        try:
            exclusion_photo_add(
                actor=user,
                order_id=order_id,
                exclusion_id=exclusion_id,
                photo=form.cleaned_data.get("photo"),
            )
        except NotFound:
            raise Http404(_("Exclusion not found on this order.")) from None
        except ApplicationError as exc:
            status, error = _failed(form, exc)
    else:
        status, error = INVALID, _("Please correct the errors below.")
    failed = {"warranty": {"photo_form": (exclusion_id, form), "error": error}}
    return answer(
        request,
        user,
        order_id,
        panel="warranty",
        status=status,
        notice=_("Photo added."),
        **({} if status == 200 else failed),
    )


@require_GET
@staff_required
def media(request: HttpRequest, name: str) -> HttpResponseBase:
    """A stored upload (``MEDIA_URL`` + name), for staff who may see its record; 404 for
    everybody else, as for a missing file. Photos never change, so the browser may keep
    them privately; they are never put in a shared cache."""
    try:
        photo = access_photo_file(user=console_user(request), name=name)
        handle = photo.image.open("rb")
    except (NotFound, FileNotFoundError):
        raise Http404(_("File not found.")) from None
    response = FileResponse(handle, content_type=photo.content_type)
    response["Cache-Control"] = "private, max-age=86400"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Content-Disposition"] = f'inline; filename="{name.rsplit("/", 1)[-1]}"'
    return response
