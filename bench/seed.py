"""Reference data through the real services, then N orders in bulk with SQL.

Reference data (regions, staff, catalogue, customers, units) goes through the same
service functions as the API, so it is valid by the application's own rules. The orders
are generated in PostgreSQL with ``INSERT … SELECT generate_series`` (1 M rows in a minute
or two) with realistic distributions; see ``ORDERS_SQL`` for what they look like.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from decimal import Decimal

from bench.common import ADMIN, AGENT, PASSWORD, connect

REGIONS = {
    "east": ("华东", ["shanghai", "jiangsu", "zhejiang", "anhui", "shandong"]),
    "north": ("华北", ["beijing", "tianjin", "hebei", "shanxi"]),
    "south": ("华南", ["guangdong", "guangxi", "hainan", "fujian"]),
    "central": ("华中", ["hubei", "hunan", "henan", "jiangxi"]),
    "southwest": ("西南", ["sichuan", "chongqing", "yunnan", "guizhou"]),
    "northwest": ("西北", ["shaanxi", "gansu", "xinjiang"]),
    "northeast": ("东北", ["liaoning", "jilin", "heilongjiang"]),
}
ENGINEERS = 30


def seed_reference_data(*, customers: int, seed: int = 20261129) -> None:
    """Regions, an agent and an admin, engineers, a product line with models, customers
    and their units, all through the services, in one transaction."""
    from django.db import transaction
    from django.utils import timezone

    from aftersales.accounts.services import staff_create
    from aftersales.catalog.services import product_line_create, product_model_create
    from aftersales.customers.services import customer_create
    from aftersales.organisation.services import region_create
    from aftersales.units.services import unit_create

    rng = random.Random(seed)
    started = time.monotonic()
    with transaction.atomic():
        leaves = []
        for code, (name, children) in REGIONS.items():
            parent = region_create(code=code, name=name, parent=None)
            leaves += [region_create(code=c, name=c.title(), parent=parent) for c in children]
        staff_create(username=ADMIN, password=PASSWORD, name="Bench Admin", roles=["admin"])
        staff_create(username=AGENT, password=PASSWORD, name="Bench Agent", roles=["agent"])
        line = product_line_create(code="ac", name="空调 Air conditioners")
        for i in range(ENGINEERS):
            staff_create(
                username=f"bench_eng_{i:02d}",
                password=PASSWORD,
                name=f"Engineer {i:02d}",
                roles=["engineer"],
                region=leaves[i % len(leaves)],
                phone=f"139{i:08d}",
                skills=[line],
            )
        models = [
            product_model_create(
                code=f"AC-{k}", name=f"Split AC {k}", product_line=line, list_price=Decimal(p)
            )
            for k, p in (("2600", "2999.00"), ("3500", "3999.00"), ("7200", "8999.00"))
        ]
        today = timezone.localdate()
        # Customers are skewed towards the big regions: weight by position.
        weights = [1.0 / (1 + i % 5) for i in range(len(leaves))]
        serial = 0
        for i in range(customers):
            kind = rng.choices(["consumer", "enterprise", "project"], [85, 12, 3])[0]
            region = rng.choices(leaves, weights)[0]
            customer = customer_create(
                name=f"Bench customer {i:05d}",
                kind=kind,
                phone=f"138{i:08d}",
                email=f"c{i:05d}@bench.example",
                region=region,
                address=f"{region.name} 幸福路 {rng.randint(1, 999)} 号",
            )
            for _ in range(1 if rng.random() < 0.7 else rng.randint(2, 4)):
                serial += 1
                purchase = today - dt.timedelta(days=rng.randint(30, 5 * 365))
                unit_create(
                    serial_number=f"BSN{serial:08d}",
                    product_model=rng.choice(models),
                    customer=customer,
                    purchase_date=purchase,
                    sale_price=Decimal("2999.00"),
                )
    print(
        f"  reference data: {len(leaves)} leaf regions, {ENGINEERS + 2} staff, "
        f"{customers:,} customers, {serial:,} units in {time.monotonic() - started:.0f} s",
        flush=True,
    )


# Orders: reported over the `days` days before today (local time), more of them recently
# (density grows linearly); statuses by age (the recent ones still open, older ones
# mostly closed); customers skewed (a few big customers have many orders); step times
# consistent with the status. Numbers are SO + the (past) report day + a 5-digit
# sequence per day, so they never collide with the live numbering, which uses today.
ORDERS_SQL = """
WITH cust AS (
    SELECT row_number() OVER (ORDER BY c.id) - 1 AS i, c.id, c.region_id, c.phone,
           c.address, c.kind,
           (SELECT array_agg(u.id ORDER BY u.id) FROM units_unit u WHERE u.customer_id = c.id)
               AS unit_ids,
           (SELECT min(u.purchase_date) FROM units_unit u WHERE u.customer_id = c.id)
               AS purchase_date
    FROM customers_customer c
), n_cust AS (SELECT count(*) AS n FROM cust),
eng AS (
    SELECT array_agg(u.id ORDER BY u.id) AS ids FROM accounts_user u
    JOIN accounts_user_roles ur ON ur.user_id = u.id WHERE ur.role_id = 'engineer'
),
pol AS (SELECT rank, id FROM sla_slapolicy),
g AS (
    SELECT s,
           %(end)s::timestamptz - %(days)s * interval '1 day' * (1 - sqrt(random())) AS reported_at,
           floor(power(random(), 2.2) * (SELECT n FROM n_cust))::int AS ci,
           random() AS r_status, random() AS r_kind, random() AS r_chan, random() AS r_prio,
           random() AS r_step, random() AS r_unit, random() AS r_text
    FROM generate_series(1, %(orders)s) s
), o AS (
    SELECT g.*, c.id AS customer_id, c.region_id, c.phone, c.address, c.kind AS ckind,
           CASE WHEN g.r_unit < 0.9 AND c.unit_ids IS NOT NULL
                THEN c.unit_ids[1 + floor(g.r_unit / 0.9 * cardinality(c.unit_ids))::int]
           END AS unit_id,
           c.purchase_date,
           %(end)s::timestamptz - g.reported_at AS age
    FROM g JOIN cust c ON c.i = g.ci
), s AS (
    SELECT o.*,
        CASE
          WHEN age < interval '1 day' THEN (ARRAY['new', 'new', 'acknowledged', 'assigned',
              'en_route', 'on_site', 'in_progress'])[1 + floor(r_status * 7)::int]
          WHEN age < interval '7 days' THEN (ARRAY['acknowledged', 'assigned', 'en_route',
              'in_progress', 'waiting', 'resolved', 'accepted', 'followed_up', 'closed',
              'cancelled'])[1 + floor(r_status * 10)::int]
          WHEN age < interval '30 days' THEN (ARRAY['waiting', 'resolved', 'accepted',
              'followed_up', 'closed', 'closed', 'closed', 'closed', 'closed',
              'cancelled'])[1 + floor(r_status * 10)::int]
          WHEN r_status < 0.90 THEN 'closed'
          WHEN r_status < 0.95 THEN 'followed_up'
          WHEN r_status < 0.99 THEN 'cancelled'
          ELSE 'waiting'
        END AS status,
        CASE WHEN r_kind < 0.70 THEN 'repair' WHEN r_kind < 0.80 THEN 'installation'
             WHEN r_kind < 0.90 THEN 'maintenance' WHEN r_kind < 0.97 THEN 'support'
             WHEN r_kind < 0.98 THEN 'training' ELSE 'return' END AS kind,
        CASE WHEN r_chan < 0.35 THEN 'phone' WHEN r_chan < 0.60 THEN 'hotline'
             WHEN r_chan < 0.75 THEN 'wechat' WHEN r_chan < 0.85 THEN 'web'
             WHEN r_chan < 0.93 THEN 'api' WHEN r_chan < 0.97 THEN 'email'
             ELSE 'walk_in' END AS channel,
        CASE WHEN r_prio < 0.70 THEN 'normal' WHEN r_prio < 0.85 THEN 'high'
             WHEN r_prio < 0.95 THEN 'low' ELSE 'urgent' END AS priority,
        -- step times are spread over at most ~3 days and never later than the load time
        least(1.0, extract(epoch FROM age) / (3.5 * 86400)) * (0.3 + 0.6 * r_step) AS scale
    FROM o
), r AS (
    SELECT s.*,
        array_position(ARRAY['new', 'acknowledged', 'assigned', 'en_route', 'on_site',
            'in_progress', 'waiting', 'resolved', 'accepted', 'followed_up', 'closed'],
            status) - 1 AS rank,
        unit_id IS NOT NULL AND reported_at::date < purchase_date + interval '12 months'
            AS in_warranty
    FROM s
), p AS (
    SELECT r.*,
        CASE WHEN priority = 'urgent' THEN 10 WHEN ckind = 'project' THEN 20
             WHEN in_warranty THEN 30 ELSE 40 END AS policy_rank,
        CASE WHEN status = 'cancelled' THEN reported_at + interval '2 hours' * (0.2 + r_step)
        END AS cancelled_at
    FROM r
)
INSERT INTO service_orders_serviceorder (
    created_at, updated_at, number, kind, channel, priority, status, fault_description,
    contact_phone, address, reported_at, waiting_reason, in_warranty,
    respond_by, on_site_by, resolve_by,
    acknowledged_at, assigned_at, departed_at, arrived_at, started_at, resolved_at,
    accepted_at, followed_up_at, closed_at, cancelled_at,
    fault_cause, actions_taken, fault_code, customer_opinion, cancel_reason,
    survey_overall, survey_speed, survey_attitude, survey_quality, survey_comment,
    assigned_engineer_id, created_by_id, customer_id, region_id, sla_policy_id, unit_id,
    sla_terms, sla_paused)
SELECT
    reported_at + interval '2 minutes',
    greatest(reported_at + interval '2 minutes', cancelled_at,
             reported_at + interval '3 days' * scale * (rank >= 1)::int),
    'SO' || to_char(reported_at AT TIME ZONE %(tz)s, 'YYYYMMDD')
         || lpad((row_number() OVER (PARTITION BY (reported_at AT TIME ZONE %(tz)s)::date
                                     ORDER BY reported_at, s))::text, 5, '0'),
    kind, channel, priority, status,
    (ARRAY['不制冷，外机不转', '开机后显示 E4 故障码', '漏水，内机滴水严重', '噪音大，夜间明显',
           '遥控器失灵，面板无响应', '制热效果差', '需要移机并重新安装', '年度保养预约',
           'Unit trips the breaker when the compressor starts',
           'Customer asks for a wall-mount installation'])[1 + floor(r_text * 10)::int],
    phone, address, reported_at,
    CASE WHEN status = 'waiting' THEN 'parts' ELSE '' END,
    in_warranty,
    reported_at + interval '1 minute' * CASE policy_rank WHEN 40 THEN 1440 WHEN 30 THEN 120
                                            ELSE 60 END,
    reported_at + CASE policy_rank WHEN 40 THEN interval '2 days' WHEN 30 THEN interval '1 day'
                                   ELSE interval '4 hours' END,
    CASE WHEN policy_rank < 40 THEN reported_at + interval '2 days' END,
    CASE WHEN rank >= 1 OR (status = 'cancelled' AND r_step < 0.5)
         THEN reported_at + interval '20 minutes' * scale END,
    CASE WHEN rank >= 2 THEN reported_at + interval '1 hour' * scale END,
    CASE WHEN rank >= 3 THEN reported_at + interval '3 hours' * scale END,
    CASE WHEN rank >= 4 THEN reported_at + interval '5 hours' * scale END,
    CASE WHEN rank >= 5 THEN reported_at + interval '5.2 hours' * scale END,
    CASE WHEN rank >= 7 THEN reported_at + interval '8 hours' * scale END,
    CASE WHEN rank >= 8 THEN reported_at + interval '8.5 hours' * scale END,
    CASE WHEN rank >= 9 THEN reported_at + interval '3 days' * scale END,
    CASE WHEN rank >= 10 THEN reported_at + interval '3.1 days' * scale END,
    cancelled_at,
    CASE WHEN rank >= 7 THEN '电容老化' ELSE '' END,
    CASE WHEN rank >= 7 THEN '更换启动电容并测试运行' ELSE '' END,
    CASE WHEN rank >= 7 THEN 'E-CAP' ELSE '' END,
    CASE WHEN rank >= 8 THEN '满意' ELSE '' END,
    CASE WHEN status = 'cancelled' THEN 'customer withdrew the report' ELSE '' END,
    CASE WHEN rank >= 9 THEN 5 - floor(power(r_text, 3) * 5)::int END,
    NULL, NULL, NULL, '',
    CASE WHEN rank >= 2 THEN (SELECT ids[1 + floor(r_step * cardinality(ids))::int] FROM eng)
    END,
    %(agent)s, customer_id, region_id,
    (SELECT id FROM pol WHERE pol.rank = policy_rank), unit_id,
    '{}'::jsonb, interval '0'
FROM p
ORDER BY reported_at, s
"""

EVENTS_SQL = """
INSERT INTO service_orders_serviceorderevent
    (kind, action, from_status, to_status, at, note, extra, actor_id, order_id)
SELECT 'created', '', '', 'new', created_at, '',
       jsonb_build_object('number', number, 'channel', channel,
                          'reported_at', to_jsonb(reported_at) #>> '{}'),
       created_by_id, id
FROM service_orders_serviceorder
WHERE id BETWEEN %(lo)s AND %(hi)s
ORDER BY id
"""


def bulk_load_orders(*, orders: int, days: int = 3 * 365) -> tuple[int, int]:
    """Insert ``orders`` orders and one ``created`` event each; returns the id range."""
    from django.conf import settings

    tz = settings.TIME_ZONE
    with connect() as conn:
        agent_id = conn.execute(
            "SELECT id FROM accounts_user WHERE username = %s", [AGENT]
        ).fetchone()[0]  # type: ignore[index]
        end = conn.execute(
            "SELECT date_trunc('day', now() AT TIME ZONE %s) AT TIME ZONE %s", [tz, tz]
        ).fetchone()[0]  # type: ignore[index]
    started = time.monotonic()
    with connect(autocommit=False) as conn:
        conn.execute("SET LOCAL synchronous_commit = off")
        conn.execute("SET LOCAL work_mem = '256MB'")
        conn.execute("SET LOCAL maintenance_work_mem = '512MB'")
        before = conn.execute(
            "SELECT coalesce(max(id), 0) FROM service_orders_serviceorder"
        ).fetchone()[0]  # type: ignore[index]
        conn.execute(
            ORDERS_SQL,  # type: ignore[arg-type]
            {"orders": orders, "days": days, "end": end, "tz": tz, "agent": agent_id},
        )
        lo, hi = conn.execute(
            "SELECT min(id), max(id) FROM service_orders_serviceorder WHERE id > %s", [before]
        ).fetchone()  # type: ignore[misc]
        print(f"  orders: {orders:,} rows in {time.monotonic() - started:.0f} s", flush=True)
        mark = time.monotonic()
        conn.execute(EVENTS_SQL, {"lo": lo, "hi": hi})  # type: ignore[arg-type]
        print(f"  events: {orders:,} rows in {time.monotonic() - mark:.0f} s", flush=True)
        conn.commit()
    mark = time.monotonic()
    with connect() as conn:
        conn.execute("VACUUM (ANALYZE) service_orders_serviceorder")
        conn.execute("VACUUM (ANALYZE) service_orders_serviceorderevent")
        conn.execute("ANALYZE")
    print(f"  vacuum + analyze in {time.monotonic() - mark:.0f} s", flush=True)
    _rebuild_derived_counts()
    return lo, hi


def _rebuild_derived_counts() -> None:
    """Counts the services keep in step with orders (per region and status) must be
    rebuilt after a bulk import that bypassed the services, if the app has them."""
    from django.core.management import call_command, get_commands

    if "recount_order_tallies" in get_commands():
        call_command("recount_order_tallies")


def reset_to_bulk(hi: int) -> int:
    """Remove what earlier runs created (orders after the bulk-loaded ones, with their
    notifications, events and exclusions), so every run starts from the same N orders."""
    with connect(autocommit=False) as conn:
        conn.execute("DELETE FROM notifications_notification WHERE order_id > %s", [hi])
        conn.execute("DELETE FROM service_orders_serviceorderevent WHERE order_id > %s", [hi])
        conn.execute("DELETE FROM warranty_warrantyexclusion WHERE service_order_id > %s", [hi])
        deleted = conn.execute(
            "DELETE FROM service_orders_serviceorder WHERE id > %s", [hi]
        ).rowcount
        conn.commit()
    if deleted:
        with connect() as conn:
            conn.execute("VACUUM (ANALYZE) service_orders_serviceorder")
            conn.execute("VACUUM (ANALYZE) service_orders_serviceorderevent")
        _rebuild_derived_counts()
    return deleted


def order_distribution() -> list[tuple[str, int]]:
    with connect() as conn:
        return conn.execute(
            "SELECT status, count(*) FROM service_orders_serviceorder GROUP BY 1 ORDER BY 2 DESC"
        ).fetchall()
