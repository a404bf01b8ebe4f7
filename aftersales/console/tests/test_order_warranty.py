"""The order page's warranty panel: dates and the three-guarantees banner, recorded
exclusions, the exclusion form (with a photo) through htmx, and who gets the form."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from aftersales.console.order_page import PANELS
from aftersales.service_orders.models import ServiceOrderEvent
from aftersales.service_orders.services import (
    service_order_record_exclusion,
    service_order_transition,
)
from aftersales.service_orders.tests.helpers import payload_for
from aftersales.warranty.models import ExclusionPhoto, WarrantyExclusion

from .conftest import HTMX, days_ago, image_bytes, stored_files

pytestmark = pytest.mark.django_db


def detail(order) -> str:
    return reverse("console:order_detail", args=[order.pk])


def exclusion_url(order) -> str:
    return reverse("console:order_exclusion", args=[order.pk])


def written(media_root) -> dict:
    return {
        "exclusions": WarrantyExclusion.objects.count(),
        "photos": ExclusionPhoto.objects.count(),
        "events": ServiceOrderEvent.objects.count(),
        "files": stored_files(media_root),
    }


def photo(content: bytes, name: str = "p.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="image/jpeg")


def test_the_panel_shows_the_warranty_dates_and_the_entitlement(english, agent, shanghai_order):
    response = english(agent).get(detail(shanghai_order))
    body = response.content.decode()
    wp = response.context["wp"]
    status = wp["status"]
    assert '<section id="warranty-panel" class="card">' in body
    assert '<span class="badge ok">In warranty</span>' in body
    for day in (status.start, status.whole_unit_until, status.accessories_until):
        assert day.isoformat() in body
    assert wp["entitlement"].rule == "standard_repair"  # bought 30 days ago
    assert 'data-rule="standard_repair"' in body
    assert "Repair only · inside the three-guarantees period" in body
    assert reverse("console:unit_detail", args=[shanghai_order.unit_id]) in body
    assert "No exclusion recorded." in body


def test_two_failed_repairs_show_the_exchange_banner_and_the_tg7_extension(
    english, agent, regions, make_customer, make_unit, make_order, drive
):
    customer = make_customer(region=regions["shanghai"])
    unit = make_unit(customer, purchase_date=days_ago(100))
    for reported in (80, 50):
        earlier = make_order(
            customer, unit, reported_at=timezone.now() - dt.timedelta(days=reported)
        )
        drive(earlier, "closed")
    order = make_order(customer, unit)
    response = english(agent).get(detail(order))
    body = response.content.decode()
    ent = response.context["wp"]["entitlement"]
    assert ent.rule == "two_repairs_failed"
    assert 'class="banner warn" data-rule="two_repairs_failed"' in body
    assert "May exchange or refund · repaired twice and failed again" in body
    assert ent.extension_days == 80  # the merged days in repair (TG-7)
    assert ent.until == ent.base_until + dt.timedelta(days=80)
    assert f"→ <strong>{ent.until.isoformat()}</strong>" in body
    assert "extended by 80 days in repair" in body


def test_the_banner_is_chinese_by_default(client_as, agent, shanghai_order):
    body = client_as(agent).get(detail(shanghai_order)).content.decode()
    assert '<html lang="zh-hans">' in body
    assert "三包有效期至" in body  # "Three guarantees until"


def test_an_order_without_a_unit_says_so(english, agent, make_customer, make_order):
    order = make_order(make_customer())
    response = english(agent).get(detail(order))
    assert "No unit recorded on this order." in response.content.decode()
    assert response.context["wp"].get("form") is None
    assert "Record an exclusion" not in response.content.decode()


def test_an_htmx_exclusion_answers_the_panel_and_records_it(
    english, agent, shanghai_order, media_root
):
    response = english(agent).post(
        exclusion_url(shanghai_order),
        {"reason": "misuse", "note": "机身进水"},
        headers=HTMX,
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<section id="warranty-panel" class="card">')
    for oob in ("status-panel", "quote-panel", "timeline"):
        assert f'id="{oob}"' in body
    assert body.count('hx-swap-oob="true"') == len(PANELS) - 1  # every other panel
    assert "<html" not in body
    assert '<span class="badge warn">Chargeable</span>' in body
    assert "Exclusion recorded: improper use, maintenance or storage." in body
    exclusion = WarrantyExclusion.objects.get()
    assert (exclusion.reason, exclusion.note, exclusion.recorded_by) == (
        "misuse",
        "机身进水",
        agent,
    )
    assert shanghai_order.events.filter(kind="exclusion").count() == 1
    assert stored_files(media_root) == []


def test_an_exclusion_with_a_photo_shows_the_photo_served_to_staff_only(
    english, client_as, agent, make_staff, regions, shanghai_order, media_root
):
    client = english(agent)
    response = client.post(
        exclusion_url(shanghai_order),
        {"reason": "misuse", "note": "外壳摔裂", "photo": photo(image_bytes("PNG"), "IMG_1.png")},
        headers=HTMX,
    )
    assert response.status_code == 200
    stored = ExclusionPhoto.objects.get()
    url = stored.image.url
    assert url.startswith("/media/exclusions/")
    assert "IMG_1" not in url  # named by us, not by the uploader
    assert f'<img src="{url}"' in response.content.decode()
    served = client.get(url)
    assert served.status_code == 200
    assert served["Content-Type"] == "image/png"
    assert served["Cache-Control"] == "private, max-age=86400"
    assert b"".join(served.streaming_content) == image_bytes("PNG")
    # staff who may not see the order or unit, and anonymous visitors, get nothing
    outsider = make_staff("dispatcher", region=regions["north"])
    assert client_as(outsider).get(url).status_code == 404
    anonymous = client_as(agent)
    anonymous.logout()
    assert anonymous.get(url).status_code == 302
    assert client.get("/media/exclusions/2020/01/nothing.jpg").status_code == 404


def test_missing_reason_and_note_are_field_errors_and_write_nothing(
    english, agent, shanghai_order, media_root
):
    before = written(media_root)
    response = english(agent).post(
        exclusion_url(shanghai_order), {"reason": "", "note": " "}, headers=HTMX
    )
    body = response.content.decode()
    assert response.status_code == 422
    form = response.context["wp"]["form"]
    assert set(form.errors) == {"reason", "note"}
    assert '<details class="action" open>' in body
    assert 'class="errorlist"' in body
    assert written(media_root) == before


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b"<html><script>alert(1)</script></html>", "page.jpg"),
        (b"GIF89a" + b"\x00" * 20, "anim.gif"),
        (image_bytes("GIF"), "real.gif"),
        (image_bytes("JPEG")[:50], "cut.jpg"),
    ],
)
def test_a_file_that_is_not_a_photo_refuses_the_exclusion(
    english, agent, shanghai_order, media_root, content, name
):
    before = written(media_root)
    response = english(agent).post(
        exclusion_url(shanghai_order),
        {"reason": "misuse", "note": "进水", "photo": photo(content, name)},
        headers=HTMX,
    )
    assert response.status_code == 422
    errors = response.context["wp"]["form"].errors
    assert errors["photo"] == ["must be a JPEG, PNG or WebP image"]
    assert written(media_root) == before


def test_a_photo_over_the_size_limit_refuses_the_exclusion(
    english, agent, shanghai_order, media_root, settings
):
    settings.EXCLUSION_PHOTO_MAX_BYTES = 500
    before = written(media_root)
    big = image_bytes("PNG", (300, 300))
    assert len(big) > 500
    response = english(agent).post(
        exclusion_url(shanghai_order),
        {"reason": "misuse", "note": "进水", "photo": photo(big)},
        headers=HTMX,
    )
    assert response.status_code == 422
    assert "larger than" in response.context["wp"]["form"].errors["photo"][0]
    assert written(media_root) == before


def test_without_htmx_an_exclusion_redirects_and_a_refusal_renders_the_page(
    client_as, agent, shanghai_order
):
    client = client_as(agent)
    refused = client.post(exclusion_url(shanghai_order), {"reason": "misuse"})
    assert refused.status_code == 422
    assert "<html" in refused.content.decode()
    done = client.post(exclusion_url(shanghai_order), {"reason": "misuse", "note": "进水"})
    assert done.status_code == 302
    assert done["Location"] == detail(shanghai_order)


@pytest.mark.parametrize("role", ["dispatcher", "warehouse", "quality"])
def test_roles_that_may_not_record_exclusions_get_no_form_and_are_refused(
    english, make_staff, shanghai_order, media_root, role
):
    user = make_staff(role)
    client = english(user)
    response = client.get(detail(shanghai_order))
    assert response.context["wp"]["form"] is None
    assert exclusion_url(shanghai_order) not in response.content.decode()
    before = written(media_root)
    refused = client.post(
        exclusion_url(shanghai_order),
        {"reason": "misuse", "note": "x", "photo": photo(image_bytes())},
        headers=HTMX,
    )
    assert refused.status_code == 403
    assert 'class="alert bad"' in refused.content.decode()
    assert written(media_root) == before


def test_an_invisible_order_is_not_found_whatever_the_input(
    client_as, make_staff, regions, beijing_order, media_root
):
    engineer_east = make_staff("engineer", region=regions["east"])
    client = client_as(engineer_east)
    assert client.get(detail(beijing_order)).status_code == 404
    response = client.post(
        exclusion_url(beijing_order), {"reason": "misuse", "photo": photo(b"x")}, headers=HTMX
    )
    assert response.status_code == 404
    assert WarrantyExclusion.objects.count() == 0


def test_a_cancelled_order_offers_no_exclusion_form(english, agent, shanghai_order, drive):
    drive(shanghai_order, "cancelled")
    response = english(agent).get(detail(shanghai_order))
    assert response.context["wp"]["form"] is None


def test_a_photo_can_be_added_later_and_shows_in_the_timeline(
    english, agent, shanghai_order, media_root
):
    exclusion = service_order_record_exclusion(
        actor=agent, order_id=shanghai_order.pk, reason="unauthorised_repair", note="螺丝有拆痕"
    )
    url = reverse("console:exclusion_photo", args=[shanghai_order.pk, exclusion.pk])
    client = english(agent)
    assert url in client.get(detail(shanghai_order)).content.decode()
    refused = client.post(url, {"photo": photo(b"not an image")}, headers=HTMX)
    assert refused.status_code == 422
    assert ExclusionPhoto.objects.count() == 0
    response = client.post(url, {"photo": photo(image_bytes())}, headers=HTMX)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Photo added." in body
    assert "exclusion photo added" in body  # the timeline, swapped out of band
    assert exclusion.photos.count() == 1
    assert len(stored_files(media_root)) == 1


def test_exclusions_of_other_orders_and_of_the_unit_are_told_apart(
    english, agent, regions, make_customer, make_unit, make_order
):
    customer = make_customer(region=regions["shanghai"])
    unit = make_unit(customer)
    first = make_order(customer, unit)
    service_order_record_exclusion(actor=agent, order_id=first.pk, reason="misuse", note="进水")
    second = make_order(customer, unit)
    service_order_record_exclusion(
        actor=agent, order_id=second.pk, reason="model_mismatch_or_altered", note="铭牌被涂改"
    )
    response = english(agent).get(detail(second))
    body = response.content.decode()
    rows = [ex for ex, _form in response.context["wp"]["exclusions"]]
    assert [(r.reason, r.applies, r.unit_level) for r in rows] == [
        ("misuse", False, False),
        ("model_mismatch_or_altered", True, True),
    ]
    assert f'another order: <a href="{detail(first)}">{first.number}</a>' in body
    assert "applies to every order of the unit" in body


def test_a_customer_sign_in_gets_no_photo(
    client_as, agent, customer_user, shanghai_order, media_root
):
    client_as(agent).post(
        exclusion_url(shanghai_order),
        {"reason": "misuse", "note": "进水", "photo": photo(image_bytes())},
    )
    url = ExclusionPhoto.objects.get().image.url
    owner = customer_user(shanghai_order.customer)
    assert client_as(owner).get(url).status_code == 403  # the console is for staff only


def test_an_open_repair_past_its_limit_also_shows_todays_exchange_banner(
    english, agent, make_staff, regions, make_customer, make_unit, make_order, drive
):
    customer = make_customer(region=regions["shanghai"])
    unit = make_unit(customer, purchase_date=days_ago(200))
    order = make_order(customer, unit, reported_at=timezone.now() - dt.timedelta(days=70))
    drive(order, "in_progress")
    response = english(agent).get(detail(order))
    wp = response.context["wp"]
    assert wp["entitlement"].rule == "standard_repair"  # on the report date
    assert wp["entitlement_today"].rule == "unrepaired_60_days"
    body = response.content.decode()
    assert "May exchange · not fixed within 60 days" in body
    assert f"today ({timezone.localdate().isoformat()})" in body
    service_order_transition(  # once resolved the order's own banner is enough
        actor=make_staff("admin"),
        order_id=order.pk,
        action="complete",
        payload=payload_for("complete"),
    )
    assert english(agent).get(detail(order)).context["wp"]["entitlement_today"] is None
