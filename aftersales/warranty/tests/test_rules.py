"""Warranty rules (WAR-1..3, WAR-5, WAR-6, TG-1) as pure functions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils.translation import override
from hypothesis import given, settings
from hypothesis import strategies as st

from aftersales.warranty.explain import warranty_reason
from aftersales.warranty.rules import (
    WarrantyTerms,
    applicable_periods,
    evaluate,
    warranty_start,
)

D = dt.date
DAY = dt.timedelta(days=1)


def terms(**overrides) -> WarrantyTerms:
    base = {
        "purchase_date": D(2025, 3, 10),
        "acceptance_date": None,
        "line_warranty_months": 12,
        "line_accessory_months": 6,
        "line_three_guarantees_months": 12,
    }
    base.update(overrides)
    return WarrantyTerms(**base)


# --- WAR-1: start ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("purchase", "acceptance", "start", "basis"),
    [
        pytest.param(D(2025, 3, 10), None, D(2025, 3, 10), "purchase_date", id="no-acceptance"),
        pytest.param(
            D(2025, 3, 10), D(2025, 4, 2), D(2025, 4, 2), "acceptance_date", id="acceptance-later"
        ),
        pytest.param(
            D(2025, 3, 10), D(2025, 3, 10), D(2025, 3, 10), "acceptance_date", id="same-day"
        ),
        pytest.param(
            D(2025, 3, 10), D(2025, 3, 1), D(2025, 3, 1), "acceptance_date", id="acceptance-earlier"
        ),
    ],
)
def test_warranty_starts_on_acceptance_when_known_else_purchase(purchase, acceptance, start, basis):
    assert warranty_start(purchase, acceptance) == (start, basis)
    status = evaluate(terms(purchase_date=purchase, acceptance_date=acceptance), on=start)
    assert (status.start, status.start_basis) == (start, basis)


def test_period_is_counted_from_acceptance_not_purchase():
    status = evaluate(terms(acceptance_date=D(2025, 5, 20)), on=D(2026, 5, 1))
    assert status.whole_unit_until == D(2026, 5, 19)
    assert status.accessories_until == D(2025, 11, 19)
    assert status.three_guarantees_until == D(2026, 5, 19)
    assert status.in_warranty


# --- WAR-2 / TG-1: periods -------------------------------------------------------------


def test_default_periods_come_from_the_product_line():
    (whole, whole_src), (acc, acc_src), three = applicable_periods(terms())
    assert (whole, whole_src) == (12, "product_line")
    assert (acc, acc_src) == (6, "product_line")
    assert three == 12


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        pytest.param(
            {"model_warranty_months": 24},
            ((24, "product_model"), (6, "product_line"), 12),
            id="model-whole-unit",
        ),
        pytest.param(
            {"model_accessory_months": 3},
            ((12, "product_line"), (3, "product_model"), 12),
            id="model-accessories",
        ),
        pytest.param(
            {"model_three_guarantees_months": 36},
            ((12, "product_line"), (6, "product_line"), 36),
            id="model-three-guarantees",
        ),
        pytest.param(
            {"model_warranty_months": 0, "model_accessory_months": 0},
            ((0, "product_model"), (0, "product_model"), 12),
            id="model-zero-still-overrides",
        ),
        pytest.param(
            {"line_warranty_months": 60, "line_three_guarantees_months": 12},
            ((60, "product_line"), (6, "product_line"), 12),
            id="free-repair-longer-than-three-guarantees",
        ),
    ],
)
def test_model_overrides_line(overrides, expected):
    assert applicable_periods(terms(**overrides)) == expected


def test_three_guarantees_period_ends_by_the_same_month_arithmetic():
    status = evaluate(
        terms(purchase_date=D(2024, 1, 31), line_three_guarantees_months=1), on=D(2024, 2, 1)
    )
    assert status.three_guarantees_until == D(2024, 2, 28)


def test_three_guarantees_separate_from_free_repair_period():
    status = evaluate(
        terms(line_warranty_months=60, line_three_guarantees_months=12), on=D(2027, 1, 1)
    )
    assert status.three_guarantees_until == D(2026, 3, 9)
    assert status.whole_unit_until == D(2030, 3, 9)
    assert status.in_warranty


def test_zero_months_means_no_coverage():
    status = evaluate(
        terms(line_warranty_months=0, line_accessory_months=0, line_three_guarantees_months=0),
        on=D(2025, 3, 10),
    )
    assert status.whole_unit_until is None
    assert status.accessories_until is None
    assert status.three_guarantees_until is None
    assert not status.in_warranty
    assert not status.accessories_in_warranty
    assert status.chargeable


# --- WAR-3: project customers ----------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "whole", "accessory"),
    [
        pytest.param(
            {"contract_warranty_months": 36, "contract_accessory_months": 12},
            (36, "contract"),
            (12, "contract"),
            id="contract-both",
        ),
        pytest.param(
            {"contract_warranty_months": 24, "model_warranty_months": 18},
            (24, "contract"),
            (12, "project_default"),
            id="contract-beats-model",
        ),
        pytest.param(
            {"contract_accessory_months": 3},
            (12, "product_line"),
            (3, "contract"),
            id="contract-accessories-shorter-than-line",
        ),
        pytest.param({}, (12, "product_line"), (12, "project_default"), id="empty-contract"),
        pytest.param(
            {"model_warranty_months": 18},
            (18, "product_model"),
            (12, "project_default"),
            id="empty-contract-model-months",
        ),
    ],
)
def test_project_customer_contract_months_win(overrides, whole, accessory):
    got_whole, got_acc, _three = applicable_periods(terms(project_customer=True, **overrides))
    assert got_whole == whole
    assert got_acc == accessory


def test_contract_months_ignored_for_non_project_customers():
    got_whole, got_acc, _ = applicable_periods(
        terms(contract_warranty_months=36, contract_accessory_months=12)
    )
    assert got_whole == (12, "product_line")
    assert got_acc == (6, "product_line")


def test_project_contract_of_36_months_covers_until_day_before_third_anniversary():
    status = evaluate(terms(project_customer=True, contract_warranty_months=36), on=D(2028, 3, 9))
    assert status.whole_unit_until == D(2028, 3, 9)
    assert status.accessories_until == D(2026, 3, 9)
    assert status.in_warranty
    assert not status.accessories_in_warranty


# --- WAR-2 boundaries ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "n", "last_day"),
    [
        pytest.param(D(2025, 3, 10), 12, D(2026, 3, 9), id="ordinary"),
        pytest.param(D(2024, 1, 31), 1, D(2024, 2, 28), id="jan31-leap-one-month"),
        pytest.param(D(2023, 1, 31), 1, D(2023, 2, 27), id="jan31-common-one-month"),
        pytest.param(D(2024, 2, 29), 12, D(2025, 2, 27), id="feb29-start"),
        pytest.param(D(2023, 3, 1), 12, D(2024, 2, 29), id="ends-on-leap-day"),
        pytest.param(D(2024, 3, 1), 12, D(2025, 2, 28), id="ends-feb28-after-leap-year"),
        pytest.param(D(2025, 8, 31), 6, D(2026, 2, 27), id="aug31-six-months"),
        pytest.param(D(2025, 12, 31), 12, D(2026, 12, 30), id="year-end-start"),
        pytest.param(D(2025, 1, 1), 12, D(2025, 12, 31), id="jan1-start"),
        pytest.param(D(2025, 3, 31), 1, D(2025, 4, 29), id="mar31-one-month"),
    ],
)
def test_in_warranty_on_last_covered_day_and_not_the_day_after(start, n, last_day):
    t = terms(purchase_date=start, line_warranty_months=n, line_accessory_months=n)
    on_last = evaluate(t, on=last_day)
    after = evaluate(t, on=last_day + DAY)
    assert on_last.whole_unit_until == last_day
    assert on_last.in_warranty
    assert on_last.accessories_in_warranty
    assert not on_last.chargeable
    assert not after.in_warranty
    assert not after.accessories_in_warranty
    assert after.chargeable


@pytest.mark.parametrize(
    ("on", "whole", "accessories"),
    [
        pytest.param(D(2025, 9, 9), True, True, id="last-accessory-day"),
        pytest.param(D(2025, 9, 10), True, False, id="accessories-expired-unit-covered"),
        pytest.param(D(2026, 3, 9), True, False, id="last-whole-unit-day"),
        pytest.param(D(2026, 3, 10), False, False, id="both-expired"),
    ],
)
def test_accessories_expire_independently(on, whole, accessories):
    status = evaluate(terms(), on=on)
    assert status.accessories_until == D(2025, 9, 9)
    assert (status.in_warranty, status.accessories_in_warranty) == (whole, accessories)


def test_accessories_may_outlast_the_whole_unit():
    status = evaluate(terms(line_warranty_months=6, line_accessory_months=12), on=D(2025, 10, 1))
    assert not status.in_warranty
    assert status.accessories_in_warranty


@pytest.mark.parametrize(
    "on",
    [D(2025, 3, 9), D(2025, 1, 1), D(2020, 1, 1)],
    ids=["day-before", "months-before", "years-before"],
)
def test_date_before_start_counts_as_covered(on):
    status = evaluate(terms(), on=on)
    assert status.in_warranty
    assert status.accessories_in_warranty
    assert not status.chargeable


def test_date_before_start_choice_is_documented():
    assert "before the warranty start" in (evaluate.__doc__ or "")


# --- WAR-5: chargeable -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("on", "exclusions", "chargeable"),
    [
        pytest.param(D(2025, 6, 1), (), False, id="in-warranty-no-exclusion"),
        pytest.param(D(2025, 6, 1), ("misuse",), True, id="in-warranty-misuse"),
        pytest.param(D(2025, 6, 1), ("force_majeure",), True, id="in-warranty-force-majeure"),
        pytest.param(D(2025, 6, 1), ("clearance_sale",), True, id="in-warranty-clearance"),
        pytest.param(
            D(2025, 6, 1), ("unauthorised_repair",), True, id="in-warranty-unauthorised-repair"
        ),
        pytest.param(D(2025, 6, 1), ("model_mismatch_or_altered",), True, id="in-warranty-altered"),
        pytest.param(D(2026, 3, 10), (), True, id="expired-no-exclusion"),
        pytest.param(D(2026, 3, 10), ("misuse",), True, id="expired-and-misuse"),
    ],
)
def test_chargeable_when_out_of_warranty_or_any_exclusion(on, exclusions, chargeable):
    status = evaluate(terms(), on=on, exclusions=exclusions)
    assert status.chargeable is chargeable


def test_exclusion_does_not_change_in_warranty():
    status = evaluate(terms(), on=D(2025, 6, 1), exclusions=("misuse",))
    assert status.in_warranty
    assert status.chargeable


@pytest.mark.parametrize(
    ("given_", "expected"),
    [
        pytest.param((), (), id="none"),
        pytest.param(("misuse", "misuse"), ("misuse",), id="duplicate"),
        pytest.param(
            ("force_majeure", "misuse", "force_majeure", "clearance_sale", "misuse"),
            ("force_majeure", "misuse", "clearance_sale"),
            id="order-of-first-occurrence",
        ),
    ],
)
def test_exclusions_deduplicated_preserving_order(given_, expected):
    assert evaluate(terms(), on=D(2025, 6, 1), exclusions=given_).exclusions == expected


def test_evaluate_records_the_date_and_sources():
    status = evaluate(terms(model_warranty_months=24), on=D(2025, 6, 1))
    assert status.on == D(2025, 6, 1)
    assert (status.whole_unit_months, status.whole_unit_source) == (24, "product_model")
    assert (status.accessory_months, status.accessory_source) == (6, "product_line")
    assert status.three_guarantees_months == 12


# --- WAR-6: explanation ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "on", "fragments"),
    [
        pytest.param(
            {},
            D(2025, 6, 1),
            ["In warranty until 2026-03-09", "12 months", "purchase date", "2025-03-10"],
            id="in-warranty-purchase-basis",
        ),
        pytest.param(
            {"acceptance_date": D(2025, 4, 1)},
            D(2025, 6, 1),
            ["In warranty until 2026-03-31", "acceptance date", "2025-04-01"],
            id="in-warranty-acceptance-basis",
        ),
        pytest.param(
            {},
            D(2026, 3, 10),
            ["Out of warranty since 2026-03-09", "purchase date", "charged"],
            id="expired",
        ),
        pytest.param(
            {"project_customer": True, "contract_warranty_months": 36},
            D(2025, 6, 1),
            ["In warranty until 2028-03-09", "36 months", "project contract"],
            id="project-contract",
        ),
        pytest.param(
            {"line_warranty_months": 0}, D(2025, 6, 1), ["No whole-unit warranty"], id="no-period"
        ),
    ],
)
def test_warranty_reason_mentions_until_date_and_basis(overrides, on, fragments):
    status = evaluate(terms(**overrides), on=on)
    with override("en"):
        text = warranty_reason(status)
    for fragment in fragments:
        assert fragment in text, (fragment, text)
    assert "Chargeable because of" not in text


def test_warranty_reason_lists_exclusions():
    status = evaluate(terms(), on=D(2025, 6, 1), exclusions=("misuse", "force_majeure"))
    with override("en"):
        text = warranty_reason(status)
    assert "Chargeable because of" in text
    assert "improper use" in text
    assert "force majeure" in text


def test_warranty_reason_in_chinese_still_shows_the_dates():
    with override("zh-hans"):
        text = warranty_reason(evaluate(terms(), on=D(2025, 6, 1)))
    assert "2026-03-09" in text
    assert "2025-03-10" in text


# --- properties ------------------------------------------------------------------------

starts = st.dates(min_value=D(2000, 1, 1), max_value=D(2100, 12, 31))
period_months = st.integers(min_value=1, max_value=120)


@settings(max_examples=200)
@given(start=starts, n=period_months, accepted=st.booleans())
def test_covered_on_end_and_not_the_day_after(start, n, accepted):
    t = terms(
        purchase_date=start - DAY * 10 if accepted else start,
        acceptance_date=start if accepted else None,
        line_warranty_months=n,
        line_accessory_months=n,
        line_three_guarantees_months=n,
    )
    status = evaluate(t, on=start)
    end = status.whole_unit_until
    assert status.start == start
    assert end is not None
    assert end >= start
    assert end == status.accessories_until == status.three_guarantees_until
    assert evaluate(t, on=end).in_warranty
    assert not evaluate(t, on=end + DAY).in_warranty
    assert evaluate(t, on=end).accessories_in_warranty
    assert not evaluate(t, on=end + DAY).accessories_in_warranty


@settings(max_examples=100)
@given(
    start=starts,
    n=period_months,
    offset=st.integers(min_value=-400, max_value=4000),
    exclusions=st.lists(st.sampled_from(["misuse", "force_majeure", "clearance_sale"])),
)
def test_chargeable_iff_out_of_warranty_or_excluded(start, n, offset, exclusions):
    status = evaluate(
        terms(purchase_date=start, line_warranty_months=n),
        on=start + DAY * offset,
        exclusions=tuple(exclusions),
    )
    assert status.chargeable == (not status.in_warranty or bool(exclusions))
    assert len(set(status.exclusions)) == len(status.exclusions)
    assert set(status.exclusions) == set(exclusions)
