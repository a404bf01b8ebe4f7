"""TG-5 refund with depreciation as a pure rule: exact cases and properties."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aftersales.core.exceptions import ValidationFailed
from aftersales.warranty.refund import refund_quote
from aftersales.warranty.repairs import RepairRecord

D = dt.date
M = Decimal
INVOICE = D(2025, 3, 10)


def quote(return_date, repairs=(), price="3500.00", rate="0.001", invoice=INVOICE):
    return refund_quote(
        price=M(price) if price is not None else None,
        daily_rate=M(rate),
        invoice_date=invoice,
        return_date=return_date,
        repairs=list(repairs),
    )


def done(reported, completed, **kw):
    return RepairRecord(reported=reported, completed=completed, status="closed", **kw)


@pytest.mark.parametrize(
    ("return_date", "repairs", "used", "excluded", "fee", "refund"),
    [
        pytest.param(INVOICE, [], 0, 0, "0.00", "3500.00", id="same-day"),
        pytest.param(D(2025, 3, 11), [], 1, 0, "3.50", "3496.50", id="one-day"),
        pytest.param(D(2025, 6, 18), [], 100, 0, "350.00", "3150.00", id="hundred-days"),
        pytest.param(
            D(2025, 6, 18),
            [done(D(2025, 4, 1), D(2025, 4, 11))],
            90,
            10,
            "315.00",
            "3185.00",
            id="ten-days-in-repair",
        ),
        pytest.param(
            D(2025, 6, 18),
            [RepairRecord(D(2025, 6, 8), None, "waiting")],
            90,
            10,
            "315.00",
            "3185.00",
            id="open-repair-counts-to-the-return-date",
        ),
        pytest.param(
            D(2025, 6, 18),
            [done(D(2025, 4, 1), D(2025, 4, 11)), done(D(2025, 4, 6), D(2025, 4, 16))],
            85,
            15,
            "297.50",
            "3202.50",
            id="overlapping-repairs-counted-once",
        ),
        pytest.param(
            D(2025, 6, 18),
            [done(D(2025, 6, 10), D(2025, 7, 1))],
            92,
            8,
            "322.00",
            "3178.00",
            id="completed-after-the-return-counts-to-it",
        ),
        pytest.param(
            D(2025, 6, 18),
            [done(D(2025, 3, 1), D(2025, 3, 15))],
            95,
            5,
            "332.50",
            "3167.50",
            id="repair-before-the-invoice-clipped",
        ),
        pytest.param(
            D(2025, 6, 18),
            [RepairRecord(D(2025, 4, 1), None, "cancelled")],
            100,
            0,
            "350.00",
            "3150.00",
            id="cancelled-order-is-no-repair",
        ),
        pytest.param(
            D(2025, 6, 18),
            [done(D(2025, 4, 1), D(2025, 4, 11), excluded=True)],
            90,
            10,
            "315.00",
            "3185.00",
            id="excluded-order-still-occupied-the-unit",
        ),
        pytest.param(D(2029, 3, 10), [], 1461, 0, "5113.50", "0.00", id="refund-floored-at-zero"),
    ],
)
def test_refund_formula(return_date, repairs, used, excluded, fee, refund):
    q = quote(return_date, repairs)

    assert q.used_days == used
    assert q.repair_days_excluded == excluded
    assert q.days_since_invoice == (return_date - INVOICE).days
    assert q.depreciation_fee == M(fee)
    assert q.refund_amount == M(refund)
    assert q.price == M("3500.00")
    assert q.daily_rate == M("0.001")


@pytest.mark.parametrize(
    ("price", "rate", "days", "fee"),
    [
        pytest.param("0.50", "0.01", 1, "0.01", id="half-a-fen-rounds-up"),
        pytest.param("2.50", "0.001", 1, "0.00", id="a-quarter-fen-rounds-down"),
        pytest.param("1.50", "0.005", 1, "0.01", id="0.0075-rounds-up"),
        pytest.param("3333.33", "0.0015", 7, "35.00", id="34.999965"),
        pytest.param("1999.99", "0.000333", 45, "29.97", id="29.9698..."),
    ],
)
def test_fee_is_rounded_half_up_to_the_fen(price, rate, days, fee):
    q = quote(INVOICE + dt.timedelta(days=days), price=price, rate=rate)

    assert q.depreciation_fee == M(fee)
    assert q.refund_amount == M(price) - M(fee)
    assert q.depreciation_fee.as_tuple().exponent == -2
    assert q.refund_amount.as_tuple().exponent == -2


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        pytest.param({"invoice": None}, "invoice_date", id="no-invoice-date"),
        pytest.param({"price": None}, "sale_price", id="no-sale-price"),
        pytest.param({"price": "-1.00"}, "sale_price", id="negative-price"),
        pytest.param({"rate": "-0.001"}, "daily_rate", id="negative-rate"),
    ],
)
def test_missing_or_bad_inputs_are_named(kwargs, field):
    with pytest.raises(ValidationFailed) as excinfo:
        quote(D(2025, 6, 1), **kwargs)
    assert field in excinfo.value.errors


def test_return_before_the_invoice_is_refused_naming_return_date():
    with pytest.raises(ValidationFailed) as excinfo:
        quote(INVOICE - dt.timedelta(days=1))
    assert list(excinfo.value.errors) == ["return_date"]
    assert "2025-03-10" in excinfo.value.errors["return_date"][0]


# --- properties --------------------------------------------------------------------------

prices = st.decimals(min_value=0, max_value=1_000_000, places=2, allow_nan=False)
rates = st.decimals(min_value=0, max_value=1, places=6, allow_nan=False)
dates = st.dates(min_value=D(2020, 1, 1), max_value=D(2030, 12, 31))


@st.composite
def repair_lists(draw, start):
    out = []
    for _ in range(draw(st.integers(0, 4))):
        reported = start + dt.timedelta(days=draw(st.integers(-30, 800)))
        if draw(st.booleans()):
            out.append(RepairRecord(reported, None, draw(st.sampled_from(["new", "waiting"]))))
        else:
            out.append(done(reported, reported + dt.timedelta(days=draw(st.integers(0, 90)))))
    return out


@settings(max_examples=300)
@given(price=prices, rate=rates, invoice=dates, days=st.integers(0, 3000), data=st.data())
def test_refund_is_never_negative_nor_above_the_price(price, rate, invoice, days, data):
    repairs = data.draw(repair_lists(invoice))
    q = quote(
        invoice + dt.timedelta(days=days),
        repairs,
        price=str(price),
        rate=str(rate),
        invoice=invoice,
    )

    assert M(0) <= q.refund_amount <= price
    assert q.depreciation_fee >= 0
    assert 0 <= q.used_days <= days
    assert q.used_days + q.repair_days_excluded == days
    if q.refund_amount > 0:
        assert q.refund_amount + q.depreciation_fee == price


@settings(max_examples=300)
@given(price=prices, rate=rates, invoice=dates, a=st.integers(0, 3000), b=st.integers(0, 3000))
def test_fee_never_decreases_with_the_days_used(price, rate, invoice, a, b):
    earlier, later = sorted((a, b))
    q1 = quote(
        invoice + dt.timedelta(days=earlier), price=str(price), rate=str(rate), invoice=invoice
    )
    q2 = quote(
        invoice + dt.timedelta(days=later), price=str(price), rate=str(rate), invoice=invoice
    )

    assert q1.used_days <= q2.used_days
    assert q1.depreciation_fee <= q2.depreciation_fee
    assert q1.refund_amount >= q2.refund_amount


@settings(max_examples=200)
@given(price=prices, rate=rates, invoice=dates, days=st.integers(0, 2000), data=st.data())
def test_days_in_repair_only_lower_the_fee(price, rate, invoice, days, data):
    repairs = data.draw(repair_lists(invoice))
    return_date = invoice + dt.timedelta(days=days)
    with_repairs = quote(return_date, repairs, price=str(price), rate=str(rate), invoice=invoice)
    without = quote(return_date, price=str(price), rate=str(rate), invoice=invoice)

    assert with_repairs.depreciation_fee <= without.depreciation_fee
    assert with_repairs.refund_amount >= without.refund_amount
