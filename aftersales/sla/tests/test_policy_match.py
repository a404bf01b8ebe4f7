"""Which SLA policy applies to an order (SLA-1): each matcher, empty matchers, regions."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aftersales.sla.rules import OrderFacts, PolicyMatch, policy_matches


def policy(priority="", kind="", warranty="", region=None) -> PolicyMatch:
    return PolicyMatch(
        match_priority=priority,
        match_customer_kind=kind,
        match_warranty=warranty,
        match_region_path=region,
    )


def facts(priority="normal", kind="consumer", in_warranty=True, region="/1/5/") -> OrderFacts:
    return OrderFacts(
        priority=priority, customer_kind=kind, in_warranty=in_warranty, region_path=region
    )


@pytest.mark.parametrize(
    ("order", "matches"),
    [
        pytest.param(facts(), True, id="plain"),
        pytest.param(facts(priority="urgent", kind="project", in_warranty=False), True, id="other"),
        pytest.param(facts(region=""), True, id="no-region"),
    ],
)
def test_empty_matchers_match_every_order(order, matches):
    assert policy_matches(policy(), order) is matches
    assert policy_matches(policy(region=""), order) is matches


@pytest.mark.parametrize(
    ("priority", "order_priority", "matches"),
    [
        pytest.param("urgent", "urgent", True, id="urgent-urgent"),
        pytest.param("urgent", "high", False, id="urgent-high"),
        pytest.param("urgent", "normal", False, id="urgent-normal"),
        pytest.param("low", "low", True, id="low-low"),
        pytest.param("", "low", True, id="any-low"),
    ],
)
def test_priority_matcher(priority, order_priority, matches):
    assert policy_matches(policy(priority=priority), facts(priority=order_priority)) is matches


@pytest.mark.parametrize(
    ("kind", "order_kind", "matches"),
    [
        pytest.param("project", "project", True, id="project-project"),
        pytest.param("project", "consumer", False, id="project-consumer"),
        pytest.param("project", "enterprise", False, id="project-enterprise"),
        pytest.param("enterprise", "enterprise", True, id="enterprise-enterprise"),
        pytest.param("", "enterprise", True, id="any-enterprise"),
    ],
)
def test_customer_kind_matcher(kind, order_kind, matches):
    assert policy_matches(policy(kind=kind), facts(kind=order_kind)) is matches


@pytest.mark.parametrize(
    ("warranty", "in_warranty", "matches"),
    [
        pytest.param("in", True, True, id="in-in"),
        pytest.param("in", False, False, id="in-out"),
        pytest.param("out", False, True, id="out-out"),
        pytest.param("out", True, False, id="out-in"),
        pytest.param("", True, True, id="any-in"),
        pytest.param("", False, True, id="any-out"),
    ],
)
def test_warranty_matcher(warranty, in_warranty, matches):
    assert policy_matches(policy(warranty=warranty), facts(in_warranty=in_warranty)) is matches


@pytest.mark.parametrize(
    ("region", "order_region", "matches"),
    [
        pytest.param("/1/5/", "/1/5/", True, id="same-region"),
        pytest.param("/1/5/", "/1/5/12/", True, id="child-region"),
        pytest.param("/1/5/", "/1/5/12/40/", True, id="grandchild-region"),
        pytest.param("/1/", "/1/5/", True, id="root-covers-subtree"),
        pytest.param("/1/5/", "/1/", False, id="parent-is-not-inside"),
        pytest.param("/1/5/", "/1/6/", False, id="sibling"),
        pytest.param("/1/5/", "/1/51/", False, id="sibling-with-same-digit-prefix"),
        pytest.param("/1/5/", "/2/1/5/", False, id="same-ids-elsewhere"),
        pytest.param("/1/5/", "", False, id="order-without-region"),
        pytest.param(None, "/1/5/", True, id="no-region-matcher"),
        pytest.param("", "/9/", True, id="blank-region-matcher"),
    ],
)
def test_region_matcher_is_a_subtree_prefix(region, order_region, matches):
    assert policy_matches(policy(region=region), facts(region=order_region)) is matches


@pytest.mark.parametrize(
    ("order", "matches"),
    [
        pytest.param(facts("urgent", "project", True, "/1/5/7/"), True, id="all-match"),
        pytest.param(facts("high", "project", True, "/1/5/7/"), False, id="priority-differs"),
        pytest.param(facts("urgent", "consumer", True, "/1/5/7/"), False, id="kind-differs"),
        pytest.param(facts("urgent", "project", False, "/1/5/7/"), False, id="warranty-differs"),
        pytest.param(facts("urgent", "project", True, "/1/6/"), False, id="region-differs"),
    ],
)
def test_all_matchers_must_hold(order, matches):
    p = policy(priority="urgent", kind="project", warranty="in", region="/1/5/")
    assert policy_matches(p, order) is matches


@pytest.mark.parametrize(
    ("p", "order", "matches"),
    [
        # SLA-1 default table
        pytest.param(policy(priority="urgent"), facts(priority="urgent"), True, id="urgent"),
        pytest.param(policy(kind="project"), facts(kind="project"), True, id="project"),
        pytest.param(policy(warranty="in"), facts(in_warranty=True), True, id="in-warranty"),
        pytest.param(policy(warranty="out"), facts(in_warranty=True), False, id="out-vs-in"),
        pytest.param(policy(warranty="out"), facts(in_warranty=False), True, id="out-warranty"),
    ],
)
def test_default_policy_table(p, order, matches):
    assert policy_matches(p, order) is matches


# --- property ----------------------------------------------------------------------------

priorities = st.sampled_from(["low", "normal", "high", "urgent"])
kinds = st.sampled_from(["consumer", "enterprise", "project"])
paths = st.lists(st.integers(min_value=1, max_value=60), min_size=1, max_size=4).map(
    lambda ids: "/" + "/".join(map(str, ids)) + "/"
)


@settings(max_examples=200)
@given(
    p_priority=st.one_of(st.just(""), priorities),
    p_kind=st.one_of(st.just(""), kinds),
    p_warranty=st.sampled_from(["", "in", "out"]),
    p_region=st.one_of(st.none(), st.just(""), paths),
    o_priority=priorities,
    o_kind=kinds,
    o_in=st.booleans(),
    o_region=paths,
)
def test_matches_iff_every_set_matcher_agrees(
    p_priority, p_kind, p_warranty, p_region, o_priority, o_kind, o_in, o_region
):
    p = policy(p_priority, p_kind, p_warranty, p_region)
    o = facts(o_priority, o_kind, o_in, o_region)
    order_ids = o_region.strip("/").split("/")
    expected = (
        (not p_priority or p_priority == o_priority)
        and (not p_kind or p_kind == o_kind)
        and (not p_warranty or p_warranty == ("in" if o_in else "out"))
        and (
            not p_region
            or order_ids[: len(p_region.strip("/").split("/"))] == p_region.strip("/").split("/")
        )
    )
    assert policy_matches(p, o) is expected
