"""WAR-5 photos: checking uploads, recording an exclusion with one, adding one later
through the API, and who may see a stored file. A refusal leaves no row and no file."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from aftersales.core.exceptions import (
    InvalidTransition,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from aftersales.core.validation import Errors
from aftersales.service_orders.models import ServiceOrderEvent
from aftersales.service_orders.services import (
    service_order_record_exclusion,
    service_order_transition,
)
from aftersales.warranty.models import ExclusionPhoto, WarrantyExclusion
from aftersales.warranty.photos import (
    MAX_PHOTOS_PER_EXCLUSION,
    access_photo_file,
    check_photo,
    exclusion_photo_add,
    exclusion_record,
)

pytestmark = pytest.mark.django_db


def image_bytes(fmt: str = "JPEG", size: tuple[int, int] = (32, 24)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format=fmt)
    return buffer.getvalue()


def upload(content: bytes, name: str = "photo.jpg", content_type: str = "image/jpeg"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def stored_files(root) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EXCLUSION_PHOTO_MAX_BYTES = 200_000
    return settings.MEDIA_ROOT


@pytest.fixture
def order(regions, make_customer, make_unit, make_order):
    customer = make_customer(region=regions["shanghai"])
    return make_order(customer, make_unit(customer))


def nothing_written(media_root) -> dict:
    return {
        "exclusions": WarrantyExclusion.objects.count(),
        "photos": ExclusionPhoto.objects.count(),
        "events": ServiceOrderEvent.objects.count(),
        "files": stored_files(media_root) if media_root.exists() else [],
    }


# --- check_photo: table of uploads ------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "accepted"),
    [
        (image_bytes("JPEG"), "image/jpeg"),
        (image_bytes("PNG"), "image/png"),
        (image_bytes("WEBP"), "image/webp"),
        (image_bytes("GIF"), None),  # an image, but not a photo format we keep
        (image_bytes("BMP"), None),
        (b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>", None),
        (b"%PDF-1.4 not an image", None),
        (image_bytes("JPEG")[:40], None),  # truncated
        (b"", None),
    ],
)
def test_only_real_jpeg_png_and_webp_images_are_accepted(content, accepted):
    errors = Errors()
    checked = check_photo(errors, upload(content, name="x.jpg", content_type="image/jpeg"))
    if accepted is None:
        assert checked is None
        assert "photo" in errors.errors
    else:
        assert checked is not None
        assert checked.content_type == accepted
        assert (checked.width, checked.height) == (32, 24)
        assert errors.errors == {}


def test_the_content_decides_not_the_name_or_claimed_type():
    errors = Errors()
    checked = check_photo(errors, upload(image_bytes("PNG"), "evil.exe", "text/html"))
    assert checked is not None
    assert checked.content_type == "image/png"
    assert checked.extension == ".png"


def test_a_photo_over_the_size_limit_is_refused(settings):
    settings.EXCLUSION_PHOTO_MAX_BYTES = 1000
    errors = Errors()
    big = image_bytes("PNG", (400, 400))
    assert len(big) > 1000
    with translation.override("en"):
        assert check_photo(errors, upload(big)) is None
    assert errors.errors["photo"] == ["is larger than 1000\xa0bytes; send a smaller photo"]


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=2000))
def test_random_bytes_are_never_taken_for_a_photo(data):
    errors = Errors()
    checked = check_photo(errors, upload(data))
    assert (checked is None) == bool(errors.errors)
    if checked is not None:  # only when the bytes really are an image of ours
        assert checked.content_type in {"image/jpeg", "image/png", "image/webp"}


# --- exclusion_record: exclusion + photo in one ---------------------------------------


def test_an_exclusion_is_recorded_with_its_photo(agent, order, media):
    exclusion = exclusion_record(
        actor=agent,
        order_id=order.pk,
        reason="misuse",
        note="进水",
        photo=upload(image_bytes()),
    )
    photo = exclusion.photos.get()
    assert photo.content_type == "image/jpeg"
    assert photo.uploaded_by == agent
    assert photo.image.name.startswith("exclusions/")
    assert photo.image.name.endswith(".jpg")
    assert stored_files(media) == [photo.image.name]
    assert order.events.filter(kind="exclusion", action="exclusion").count() == 1


def test_a_bad_photo_refuses_the_whole_exclusion_with_every_field_named(agent, order, media):
    before = nothing_written(media)
    with pytest.raises(ValidationFailed) as refused:
        exclusion_record(
            actor=agent, order_id=order.pk, reason="nonsense", note=" ", photo=upload(b"nope")
        )
    assert set(refused.value.errors) == {"photo", "reason", "note"}
    assert nothing_written(media) == before
    # a good exclusion with a bad photo is refused too, and its event rolled back
    with pytest.raises(ValidationFailed) as refused:
        exclusion_record(
            actor=agent, order_id=order.pk, reason="misuse", note="进水", photo=upload(b"x")
        )
    assert set(refused.value.errors) == {"photo"}
    assert nothing_written(media) == before


def test_refusals_come_404_then_403_before_a_bad_photo(
    make_staff, regions, make_customer, make_unit, make_order, order, media
):
    before = nothing_written(media)
    stranger = make_staff("engineer", region=regions["beijing"])
    with pytest.raises(NotFound):
        exclusion_record(
            actor=stranger, order_id=order.pk, reason="misuse", note="x", photo=upload(b"x")
        )
    warehouse = make_staff("warehouse")
    with pytest.raises(PermissionDenied):
        exclusion_record(
            actor=warehouse, order_id=order.pk, reason="misuse", note="x", photo=upload(b"x")
        )
    assert nothing_written(media) == before


def test_a_bad_photo_on_a_cancelled_order_is_422_not_409(agent, order, media):
    service_order_transition(
        actor=agent, order_id=order.pk, action="cancel", payload={"reason": "撤回"}
    )
    before = nothing_written(media)
    with pytest.raises(ValidationFailed):
        exclusion_record(
            actor=agent, order_id=order.pk, reason="misuse", note="x", photo=upload(b"x")
        )
    with pytest.raises(InvalidTransition):
        exclusion_record(
            actor=agent, order_id=order.pk, reason="misuse", note="x", photo=upload(image_bytes())
        )
    assert nothing_written(media) == before


# --- adding a photo later, through the API --------------------------------------------


def photo_url(order, exclusion) -> str:
    return f"/api/v1/service-orders/{order.pk}/exclusions/{exclusion.pk}/photo"


def post_photo(api_as, user, order, exclusion, content: bytes, name: str = "p.jpg"):
    client = api_as(user)
    return client.client.post(
        photo_url(order, exclusion),
        {"photo": SimpleUploadedFile(name, content, content_type="image/jpeg")},
        headers=client._headers(None),
    )


@pytest.fixture
def exclusion(agent, order):
    return service_order_record_exclusion(
        actor=agent, order_id=order.pk, reason="misuse", note="外壳破损"
    )


def test_the_api_attaches_a_photo_and_writes_a_timeline_event(
    api_as, agent, order, exclusion, media
):
    response = post_photo(api_as, agent, order, exclusion, image_bytes("PNG"))
    assert response.status_code == 201, response.content
    body = response.json()
    photo = ExclusionPhoto.objects.get()
    assert body["id"] == photo.pk
    assert body["exclusion"] == exclusion.pk
    assert body["content_type"] == "image/png"
    assert body["url"] == f"/media/{photo.image.name}"
    assert body["width"] == 32
    event = order.events.get(action="exclusion_photo")
    assert event.kind == "exclusion"
    assert event.actor == agent
    assert event.extra == {"exclusion": exclusion.pk, "reason": "misuse", "photo": photo.pk}
    assert stored_files(media) == [photo.image.name]


def test_the_api_refuses_a_file_that_is_not_an_image_and_writes_nothing(
    api_as, agent, order, exclusion, media
):
    before = nothing_written(media)
    response = post_photo(api_as, agent, order, exclusion, b"<html>hi</html>", "x.jpg")
    assert response.status_code == 422
    assert "photo" in response.json()["errors"]
    assert nothing_written(media) == before


def test_the_api_refuses_a_missing_file(api_as, agent, order, exclusion, media):
    client = api_as(agent)
    response = client.client.post(photo_url(order, exclusion), {}, headers=client._headers(None))
    assert response.status_code == 422
    assert "photo" in response.json()["errors"]


def test_the_api_answers_404_for_an_invisible_order_or_foreign_exclusion(
    api_as, agent, make_staff, regions, make_customer, make_unit, make_order, order, exclusion
):
    stranger = make_staff("dispatcher", region=regions["beijing"])
    assert post_photo(api_as, stranger, order, exclusion, image_bytes()).status_code == 404
    other_customer = make_customer(region=regions["shanghai"])
    other = make_order(other_customer, make_unit(other_customer))
    # the exclusion belongs to another order
    assert post_photo(api_as, agent, other, exclusion, image_bytes()).status_code == 404
    assert ExclusionPhoto.objects.count() == 0


def test_the_api_answers_403_for_a_role_that_may_not_record_exclusions(
    api_as, make_staff, order, exclusion
):
    response = post_photo(api_as, make_staff("quality"), order, exclusion, image_bytes())
    assert response.status_code == 403
    assert ExclusionPhoto.objects.count() == 0


def test_photos_per_exclusion_are_limited(agent, order, exclusion, media):
    for _ in range(MAX_PHOTOS_PER_EXCLUSION):
        exclusion_photo_add(
            actor=agent, order_id=order.pk, exclusion_id=exclusion.pk, photo=upload(image_bytes())
        )
    before = nothing_written(media)
    with pytest.raises(ValidationFailed) as refused:
        exclusion_photo_add(
            actor=agent, order_id=order.pk, exclusion_id=exclusion.pk, photo=upload(image_bytes())
        )
    assert "photo" in refused.value.errors
    assert nothing_written(media) == before


def test_no_photo_is_added_on_a_closed_or_cancelled_order(agent, order, exclusion, media):
    service_order_transition(
        actor=agent, order_id=order.pk, action="cancel", payload={"reason": "撤回"}
    )
    before = nothing_written(media)
    with pytest.raises(InvalidTransition):
        exclusion_photo_add(
            actor=agent, order_id=order.pk, exclusion_id=exclusion.pk, photo=upload(image_bytes())
        )
    assert nothing_written(media) == before


# --- who may see a stored file ---------------------------------------------------------


def test_a_file_is_visible_to_who_sees_the_order_or_the_unit(
    agent, make_staff, regions, order, exclusion
):
    photo = exclusion_photo_add(
        actor=agent, order_id=order.pk, exclusion_id=exclusion.pk, photo=upload(image_bytes())
    )
    name = photo.image.name
    assert access_photo_file(user=agent, name=name) == photo
    assert access_photo_file(user=make_staff("manager", region=regions["east"]), name=name)
    with pytest.raises(NotFound):
        access_photo_file(user=make_staff("manager", region=regions["north"]), name=name)
    with pytest.raises(NotFound):
        access_photo_file(user=agent, name="exclusions/2020/01/missing.jpg")


def test_the_admin_shows_the_photos_of_an_exclusion_read_only(
    admin_client, agent, order, exclusion
):
    photo = exclusion_photo_add(
        actor=agent, order_id=order.pk, exclusion_id=exclusion.pk, photo=upload(image_bytes())
    )
    response = admin_client.get(f"/admin/warranty/warrantyexclusion/{exclusion.pk}/change/")
    assert response.status_code == 200
    body = response.content.decode()
    assert f'<img src="{photo.image.url}"' in body
    assert 'name="photos-0-image"' not in body  # nothing to edit
