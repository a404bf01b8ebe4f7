"""The per-process copies that keep intake and lists cheap: active SLA policies and the
order tallies behind list counts. Each is exact with its setting at 0 (the tests'
default) and, when on, is refreshed after its time or at once by a local change."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from aftersales.service_orders.tallies import tally_snapshot
from aftersales.sla import selectors as sla_selectors
from aftersales.sla.models import SlaPolicy


def _policy_reads(queries) -> int:
    return sum('"sla_slapolicy"' in q["sql"] for q in queries)


def _create(api, customer):
    body = {"kind": "repair", "channel": "phone", "customer": customer.pk}
    response = api.post("/service-orders", {**body, "fault_description": "不开机"})
    assert response.status_code == 201, response.content
    return response.json()


def test_intake_reads_the_policies_once_while_they_are_cached(settings, api_as, agent, customer):
    settings.SLA_POLICY_CACHE_SECONDS = 60
    sla_selectors.forget_cached_policies()
    api = api_as(agent)
    with CaptureQueriesContext(connection) as first:
        _create(api, customer)
    with CaptureQueriesContext(connection) as second:
        data = _create(api, customer)
    assert _policy_reads(first.captured_queries) == 1
    assert _policy_reads(second.captured_queries) == 0
    assert data["sla"]["policy"]  # the cached policy still decides the targets


def test_saving_a_policy_clears_the_cached_copy(settings, api_as, agent, customer):
    settings.SLA_POLICY_CACHE_SECONDS = 60
    sla_selectors.forget_cached_policies()
    api = api_as(agent)
    before = _create(api, customer)["sla"]["respond_by"]
    for policy in SlaPolicy.objects.all():
        policy.respond_minutes = policy.respond_minutes * 10
        policy.save()
    after = _create(api, customer)["sla"]["respond_by"]
    assert after > before


def test_intake_runs_a_fixed_number_of_statements(api_as, agent, customer, make_unit):
    api = api_as(agent)
    unit = make_unit(customer)
    body = {"kind": "repair", "channel": "phone", "customer": customer.pk, "unit": unit.pk}
    api.post("/service-orders", {**body, "fault_description": "预热"})  # the day's first
    with CaptureQueriesContext(connection) as captured:
        response = api.post("/service-orders", {**body, "fault_description": "不开机"})
    assert response.status_code == 201
    writes = [q["sql"].split()[0] for q in captured.captured_queries]
    # customer, unit, policies, number, order, tally, created event, and the outbox rows
    # of "order received" (NTF-1, one bulk INSERT) (+ savepoint statements of the day's
    # counter on SQLite); the answer reads nothing.
    assert writes.count("INSERT") == 3
    assert (
        sum('"service_orders_serviceorderevent"' in q["sql"] for q in captured.captured_queries)
        == 1
    )
    # no exclusion recorded: the unit's EXISTS annotation saves reading them
    exclusion_reads = [q["sql"] for q in captured.captured_queries if q["sql"].startswith("SELECT")]
    assert not any(sql.startswith('SELECT "warranty_warrantyexclusion"') for sql in exclusion_reads)


def test_list_counts_may_lag_by_the_cache_time_and_are_exact_without_it(
    settings, api_as, make_staff, customer, make_order
):
    api = api_as(make_staff("admin"))
    for _ in range(3):
        make_order(customer)
    settings.ORDER_COUNT_CACHE_SECONDS = 60
    tally_snapshot()  # take the copy now
    make_order(customer)
    make_order(customer)
    lagging = api.get("/service-orders?page_size=1").json()
    settings.ORDER_COUNT_CACHE_SECONDS = 0
    exact = api.get("/service-orders?page_size=1").json()
    assert (lagging["count"], exact["count"]) == (3, 5)
