"""POST/GET /api/v1/service-orders/{id}/quote(s): pricing, warranty coverage, refusals."""

from __future__ import annotations

from decimal import Decimal

import pytest

from aftersales.catalog.services import part_create, product_model_create
from aftersales.charges.models import ChargeLine, PriceList, Quote
from aftersales.charges.tests.conftest import charge_state
from aftersales.service_orders.services import service_order_record_exclusion

D = Decimal
EN = {"Accept-Language": "en"}


@pytest.fixture
def body(parts):
    def make(**overrides):
        fields = {
            "labour": {"fault_level": 2},
            "travel": {"distance_km": "12.5"},
            "parts": [{"part": parts["main"].pk, "quantity": 1}],
        }
        fields.update(overrides)
        return fields

    return make


def _post(api, order, body):
    return api.post(f"/service-orders/{order.pk}/quote", body, headers=EN)


def test_out_of_warranty_quote_charges_every_line_and_makes_the_order_wait(
    api_as, engineer, order_in, price_list, body
):
    order = order_in("in_progress", warranty="expired")
    response = _post(api_as(engineer), order, body())
    assert response.status_code == 201, response.content
    quote = response.json()
    assert (quote["status"], quote["revision"], quote["awaiting_approval"]) == ("issued", 1, True)
    assert quote["number"] == f"{order.number}-Q1"
    assert [(x["kind"], x["list_amount"], x["charge"]) for x in quote["lines"]] == [
        ("labour", "150.00", "150.00"),
        ("travel", "30.00", "30.00"),
        ("part", "420.00", "420.00"),
    ]
    assert (quote["list_total"], quote["charge_total"], quote["covered_total"]) == (
        "600.00",
        "600.00",
        "0.00",
    )
    assert quote["warranty"]["in_warranty"] is False
    assert all(x["reason"].startswith("warranty ended") for x in quote["lines"])
    assert "To pay: 600.00 yuan" in quote["reason"]
    assert quote["lines"][0]["label"] == "Labour, fault level 2: 一般故障"
    assert quote["lines"][1]["label"] == "Travel fee, 12.5 km"
    assert quote["price_list"] == price_list.pk
    order.refresh_from_db()
    assert (order.status, order.waiting_reason) == ("waiting", "quote_approval")


def test_in_warranty_quote_shows_amounts_charges_nothing_and_needs_no_approval(
    api_as, engineer, order_in, price_list, body
):
    order = order_in("in_progress")
    response = _post(api_as(engineer), order, body())
    assert response.status_code == 201, response.content
    quote = response.json()
    assert (quote["list_total"], quote["charge_total"]) == ("600.00", "0.00")
    assert (quote["status"], quote["decision_channel"]) == ("approved", "not_required")
    assert quote["awaiting_approval"] is False
    until = quote["warranty"]["whole_unit_until"]
    assert all(x["covered"] and x["charge"] == "0.00" for x in quote["lines"])
    assert quote["lines"][0]["reason"] == f"in warranty until {until}: free"
    assert quote["reason"] == f"In warranty until {until}. Nothing to pay."
    order.refresh_from_db()
    assert order.status == "in_progress"


def test_in_warranty_consumables_and_extras_are_charged(
    api_as, engineer, order_in, price_list, body, parts
):
    order = order_in("in_progress")
    response = _post(
        api_as(engineer),
        order,
        body(
            parts=[
                {"part": parts["main"].pk, "quantity": 1},
                {"part": parts["consumable"].pk, "quantity": 1},
            ],
            others=[
                {"description": "拆装吊架", "amount": "40.00"},
                {"description": "加装稳压电源", "amount": "88.00", "always_charged": True},
            ],
        ),
    )
    quote = response.json()
    charged = {x["description"]: x["charge"] for x in quote["lines"]}
    assert charged == {
        "一般故障": "0.00",
        "Travel fee, 12.5 km": "0.00",
        "电源板": "0.00",
        "灯泡": "899.00",
        "拆装吊架": "0.00",
        "加装稳压电源": "88.00",
    }
    assert quote["charge_total"] == "987.00"
    assert quote["status"] == "issued"
    consumable = next(x for x in quote["lines"] if x["code"] == "LAMP")
    assert consumable["coverage"] == "consumable"


def test_accessories_follow_the_accessory_warranty(api_as, engineer, order_in, price_list, parts):
    order = order_in("in_progress", warranty="accessories_expired")
    response = _post(
        api_as(engineer),
        order,
        {
            "parts": [
                {"part": parts["accessory"].pk, "quantity": 2},
                {"part": parts["main"].pk, "quantity": 1},
            ]
        },
    )
    lines = response.json()["lines"]
    assert [(x["code"], x["coverage"], x["charge"]) for x in lines] == [
        ("REMOTE", "accessory_out_of_warranty", "131.00"),
        ("PWR-BOARD", "in_warranty", "0.00"),
    ]
    assert lines[0]["reason"].startswith("accessory warranty ended")


def test_an_exclusion_makes_an_in_warranty_repair_chargeable(
    api_as, engineer, order_in, price_list, body
):
    order = order_in("in_progress")
    service_order_record_exclusion(actor=engineer, order_id=order.pk, reason="misuse", note="进水")
    quote = _post(api_as(engineer), order, body()).json()
    assert quote["charge_total"] == "600.00"
    assert quote["warranty"]["exclusions"] == ["misuse"]
    assert {x["coverage"] for x in quote["lines"]} == {"exclusion"}
    assert "improper use" in quote["lines"][0]["reason"]


def test_labour_by_the_hour_is_rate_times_hours_rounded_half_up(
    api_as, engineer, order_in, price_list
):
    price_list.hourly_rate = D("85.50")
    price_list.save(update_fields=["hourly_rate"])
    order = order_in("in_progress", warranty="expired")
    quote = _post(api_as(engineer), order, {"labour": {"hours": "1.25"}}).json()
    line = quote["lines"][0]
    assert (line["quantity"], line["unit_price"], line["list_amount"]) == (
        "1.25",
        "85.50",
        "106.88",
    )
    assert line["label"] == "Labour, 1.25 hours"


def test_quote_without_a_unit_charges_everything(
    api_as, engineer, customer, make_order, drive, price_list
):
    order = drive(make_order(customer, None), "in_progress")
    quote = _post(api_as(engineer), order, {"labour": {"fault_level": 1}}).json()
    assert quote["warranty"]["known"] is False
    assert (quote["charge_total"], quote["lines"][0]["coverage"]) == ("80.00", "warranty_unknown")


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"labour": None, "travel": None, "parts": []}, "lines"),
        ({"labour": {"fault_level": 1, "hours": "2"}}, "labour"),
        ({"labour": {"fault_level": 9}}, "labour.fault_level"),
        ({"labour": {"hours": "0"}}, "labour.hours"),
        ({"labour": {"hours": "1.234"}}, "labour.hours"),
        ({"travel": {"distance_km": "-1"}}, "travel.distance_km"),
        ({"travel": {}}, "travel.distance_km"),
        ({"parts": [{"part": 999999, "quantity": 1}]}, "parts.0.part"),
        ({"parts": [{"part": "PWR-BOARD", "quantity": 1}]}, "parts.0.part"),
        ({"parts": [{"part": "$main", "quantity": 0}]}, "parts.0.quantity"),
        (
            {"parts": [{"part": "$main", "quantity": 1}, {"part": "$main", "quantity": 2}]},
            "parts.1.part",
        ),
        ({"others": [{"description": "", "amount": "10.00"}]}, "others.0.description"),
        ({"others": [{"description": "x", "amount": "-1"}]}, "others.0.amount"),
        ({"others": [{"description": "x", "amount": "1.001"}]}, "others.0.amount"),
        ({"discount": "10"}, "discount"),
        ({"note": "x" * 5001}, "note"),
    ],
)
def test_bad_quote_is_422_naming_the_field_and_writes_nothing(
    api_as, engineer, order_in, price_list, body, parts, overrides, field
):
    for line in overrides.get("parts") or []:
        if line.get("part") == "$main":
            line["part"] = parts["main"].pk
    order = order_in("in_progress", warranty="expired")
    before = charge_state(order.pk)
    response = _post(api_as(engineer), order, body(**overrides))
    assert response.status_code == 422, response.content
    assert field in response.json()["errors"], response.json()
    assert charge_state(order.pk) == before


def test_a_part_that_does_not_fit_the_unit_is_refused(
    api_as, engineer, order_in, price_list, product_line
):
    other_model = product_model_create(
        code="PJ-900", name="PJ-900", product_line=product_line, list_price=D("9000.00")
    )
    lens = part_create(
        sku="LENS-900", name="镜头", warranty_class="main", price=D("1.00"), fits=[other_model]
    )
    order = order_in("in_progress", warranty="expired")
    before = charge_state(order.pk)
    response = _post(api_as(engineer), order, {"parts": [{"part": lens.pk, "quantity": 1}]})
    assert response.status_code == 422
    assert "does not fit" in response.json()["errors"]["parts.0.part"][0]
    assert charge_state(order.pk) == before


def test_a_distance_in_a_gap_between_bands_is_refused(api_as, engineer, order_in, price_list):
    price_list.travel_bands.filter(km_to__isnull=True).delete()
    order = order_in("in_progress", warranty="expired")
    response = _post(api_as(engineer), order, {"travel": {"distance_km": "80"}})
    assert response.status_code == 422
    assert "travel.distance_km" in response.json()["errors"]
    assert not Quote.objects.exists()


def test_no_price_list_in_force_is_409(api_as, engineer, order_in, body, parts):
    order = order_in("in_progress", warranty="expired")
    before = charge_state(order.pk)
    response = _post(api_as(engineer), order, body())
    assert response.status_code == 409
    assert "price list" in response.json()["detail"]
    assert charge_state(order.pk) == before
    assert not PriceList.objects.exists()


@pytest.mark.parametrize("status", ["resolved", "accepted", "closed", "cancelled"])
def test_no_quote_on_a_finished_order(api_as, admin, order_in, price_list, body, status):
    order = order_in(status, warranty="expired")
    before = charge_state(order.pk)
    response = _post(api_as(admin), order, body())
    assert response.status_code == 409, response.content
    assert charge_state(order.pk) == before


@pytest.mark.parametrize(
    "who", ["customer", "dispatcher", "warehouse", "quality", "other_engineer"]
)
def test_who_may_not_quote_gets_403_and_nothing_is_written(
    api_as,
    who,
    make_staff,
    regions,
    customer,
    customer_user,
    other_engineer,
    order_in,
    price_list,
    body,
):
    user = {
        "customer": lambda: customer_user(customer),
        "dispatcher": lambda: make_staff("dispatcher", region=regions["shanghai"]),
        "warehouse": lambda: make_staff("warehouse", region=regions["shanghai"]),
        "quality": lambda: make_staff("quality"),
        "other_engineer": lambda: other_engineer,
    }[who]()
    order = order_in("in_progress", warranty="expired")
    before = charge_state(order.pk)
    response = _post(api_as(user), order, body())
    assert response.status_code == 403, response.content
    assert charge_state(order.pk) == before


def test_an_invisible_order_is_404(
    api_as, make_staff, regions, make_customer, customer_user, order_in, price_list, body
):
    order = order_in("in_progress", warranty="expired")
    before = charge_state(order.pk)
    for user in (
        make_staff("engineer", region=regions["beijing"]),
        customer_user(make_customer()),
    ):
        api = api_as(user)
        assert _post(api, order, body()).status_code == 404
        assert api.get(f"/service-orders/{order.pk}/quote").status_code == 404
        assert api.get(f"/service-orders/{order.pk}/quotes").status_code == 404
    assert _post(api_as(make_staff("admin")), type(order)(pk=10**9), body()).status_code == 404
    assert charge_state(order.pk) == before


def test_the_customer_reads_the_issued_quote_but_never_a_draft(
    api_as, engineer, customer, customer_user, order_in, price_list, body
):
    order = order_in("in_progress", warranty="expired")
    owner = api_as(customer_user(customer))
    assert owner.get(f"/service-orders/{order.pk}/quote").status_code == 404
    _post(api_as(engineer), order, body())
    _post(api_as(engineer), order, body(issue=False, labour={"fault_level": 3}))
    issued = owner.get(f"/service-orders/{order.pk}/quote")
    assert issued.status_code == 200
    assert (issued.json()["revision"], issued.json()["status"]) == (1, "issued")
    seen = owner.get(f"/service-orders/{order.pk}/quotes").json()
    assert [q["revision"] for q in seen["results"]] == [1]
    staff = api_as(engineer).get(f"/service-orders/{order.pk}/quotes").json()
    assert [(q["revision"], q["status"]) for q in staff["results"]] == [(2, "draft"), (1, "issued")]


def test_the_same_idempotency_key_creates_one_quote(api_as, engineer, order_in, price_list, body):
    order = order_in("in_progress", warranty="expired")
    api = api_as(engineer)
    headers = {**EN, "Idempotency-Key": "quote-1"}
    first = api.post(f"/service-orders/{order.pk}/quote", body(), headers=headers)
    again = api.post(f"/service-orders/{order.pk}/quote", body(), headers=headers)
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    assert Quote.objects.filter(order=order).count() == 1
    assert ChargeLine.objects.count() == 3
