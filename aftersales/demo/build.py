"""Build the demo company through the real services (``manage.py demo_data``).

Reference data is created first, at the real time; then every scenario's history is
replayed in time order on a ``ReplayClock``, so each order's timeline, step times,
number and SLA outcome are what the services write for those moments. Everything
happens in one transaction: a failure leaves nothing half-built.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from aftersales.accounts.models import User
from aftersales.accounts.services import customer_user_create, staff_create
from aftersales.catalog.models import ProductLine, ProductModel
from aftersales.catalog.services import part_create, product_line_create, product_model_create
from aftersales.charges.demo import ensure_demo_price_list
from aftersales.charges.pricing import LinesIn
from aftersales.charges.services import quote_create
from aftersales.customers.models import Customer
from aftersales.customers.services import contact_create, customer_address_create, customer_create
from aftersales.demo import dataset as d
from aftersales.demo.clock import replay_clock
from aftersales.demo.inventory import build_inventory
from aftersales.demo.scenarios import SCENARIOS, Scenario
from aftersales.organisation.models import NetworkPoint, Region
from aftersales.organisation.services import network_point_create, region_create
from aftersales.service_orders.models import ServiceOrder
from aftersales.service_orders.services import (
    service_order_create,
    service_order_record_exclusion,
    service_order_transition,
)
from aftersales.training.services import certificate_create
from aftersales.units.models import Unit
from aftersales.units.services import unit_create


@dataclass
class Demo:
    regions: dict[str, Region] = field(default_factory=dict)
    points: dict[str, NetworkPoint] = field(default_factory=dict)
    lines: dict[str, ProductLine] = field(default_factory=dict)
    models: dict[str, ProductModel] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    customers: dict[str, Customer] = field(default_factory=dict)
    units: dict[str, Unit] = field(default_factory=dict)
    orders: dict[str, ServiceOrder] = field(default_factory=dict)


@dataclass(frozen=True)
class SignIn:
    username: str
    roles: str
    name: str
    password: str


def demo_present() -> bool:
    return User.objects.filter(username=d.MARKER_USERNAME).exists()


def demo_sign_ins() -> list[SignIn]:
    rows = [
        SignIn(username, ", ".join(roles), name, d.DEMO_PASSWORD)
        for username, name, roles, *_rest in d.STAFF
    ]
    customer = d.CUSTOMERS[d.CUSTOMER_SIGN_IN]["name"]
    rows.append(SignIn(d.CUSTOMER_USERNAME, "customer", customer, d.DEMO_PASSWORD))
    return rows


@transaction.atomic
def demo_build() -> Demo | None:
    """Create the demo unless it is there already (then ``None``: nothing changed)."""
    if demo_present():
        return None
    demo = Demo()
    _organisation(demo)
    _catalogue(demo)
    ensure_demo_price_list()
    _staff(demo)
    _customers(demo)
    _units(demo)
    build_inventory(demo)
    _replay(demo, now=timezone.now())
    return demo


def _organisation(demo: Demo) -> None:
    for code, name, parent in d.REGIONS:
        demo.regions[code] = region_create(
            code=code, name=name, parent=demo.regions[parent] if parent else None
        )
    for code, name, region, address, phone, lat, lon in d.NETWORK_POINTS:
        demo.points[code] = network_point_create(
            code=code,
            name=name,
            region=demo.regions[region],
            address=address,
            phone=phone,
            latitude=Decimal(lat),
            longitude=Decimal(lon),
        )


def _catalogue(demo: Demo) -> None:
    for line in d.PRODUCT_LINES:
        demo.lines[line["code"]] = product_line_create(**line)
    for code, name, line_code, price, months in d.PRODUCT_MODELS:
        demo.models[code] = product_model_create(
            code=code,
            name=name,
            product_line=demo.lines[line_code],
            list_price=Decimal(price),
            warranty_months=months,
        )
    for sku, name, warranty_class, price, fits in d.PARTS:
        part_create(
            sku=sku,
            name=name,
            warranty_class=warranty_class,
            price=Decimal(price),
            fits=[demo.models[m] for m in fits],
        )


def _staff(demo: Demo) -> None:
    for username, name, roles, region, phone, skills, point in d.STAFF:
        demo.users[username] = staff_create(
            username=username,
            password=d.DEMO_PASSWORD,
            name=name,
            roles=roles,
            region=demo.regions[region] if region else None,
            phone=phone,
            skills=[demo.lines[s] for s in skills],
            network_point=demo.points[point] if point else None,
        )
    # TRN-2: every engineer holds a certificate for each product line they service,
    # recorded by the admin through the service (dispatch requires a valid one).
    admin = demo.users["admin"]
    for username, _name, _roles, _region, _phone, skills, _point in d.STAFF:
        for n, code in enumerate(skills, start=1):
            certificate_create(
                actor=admin,
                holder_id=demo.users[username].pk,
                product_line_code=code,
                number=f"CERT-{username.upper()}-{n:02d}",
                valid_until=timezone.localdate() + dt.timedelta(days=730),
            )


def _customers(demo: Demo) -> None:
    for key, spec in d.CUSTOMERS.items():
        fields: dict[str, Any] = {
            k: v for k, v in spec.items() if k not in {"contacts", "addresses", "region"}
        }
        customer = customer_create(region=demo.regions[spec["region"]], **fields)
        demo.customers[key] = customer
        for name, phone, email in spec.get("contacts", []):
            contact_create(customer=customer, name=name, phone=phone, email=email)
        for label, region, address in spec.get("addresses", []):
            customer_address_create(
                customer=customer, region=demo.regions[region], address=address, label=label
            )
    demo.users[d.CUSTOMER_USERNAME] = customer_user_create(
        customer=demo.customers[d.CUSTOMER_SIGN_IN],
        username=d.CUSTOMER_USERNAME,
        password=d.DEMO_PASSWORD,
    )


def _units(demo: Demo) -> None:
    today = timezone.localdate()
    for serial, model, customer, bought, accepted, price, channel, clearance, card in d.UNITS:
        purchase = today - dt.timedelta(days=bought)
        demo.units[serial] = unit_create(
            serial_number=serial,
            product_model=demo.models[model],
            customer=demo.customers[customer],
            purchase_date=purchase,
            invoice_date=purchase,
            acceptance_date=today - dt.timedelta(days=accepted) if accepted else None,
            sale_price=Decimal(price),
            sales_channel=channel,
            clearance_sale=clearance,
            warranty_card_number=card,
        )


def reported_at(scenario: Scenario, *, now: dt.datetime) -> dt.datetime:
    if isinstance(scenario.when, dt.timedelta):
        return now.replace(second=0, microsecond=0) - scenario.when
    days, hhmm = scenario.when
    day = timezone.localdate(now) - dt.timedelta(days=days)
    hour, minute = (int(p) for p in hhmm.split(":"))
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=timezone.get_current_timezone())


def _replay(demo: Demo, *, now: dt.datetime) -> None:
    """Play every scenario's report and steps in time order, on the replay clock."""
    agenda: list[tuple[dt.datetime, int, Scenario, int]] = []
    for number, scenario in enumerate(SCENARIOS):
        start = reported_at(scenario, now=now)
        agenda.append((start + scenario.taken_after, number, scenario, -1))
        for index, step in enumerate(scenario.steps):
            agenda.append((start + step.after, number, scenario, index))
    agenda.sort(key=lambda item: (item[0], item[1], item[3]))
    with replay_clock() as clock:
        for moment, _number, scenario, index in agenda:
            clock.set(moment)
            if index < 0:
                _report(demo, scenario, reported=reported_at(scenario, now=now))
            else:
                _step(demo, scenario, index)


def _report(demo: Demo, scenario: Scenario, *, reported: dt.datetime) -> None:
    demo.orders[scenario.key] = service_order_create(
        actor=demo.users[scenario.taken_by],
        kind=scenario.kind,
        channel=scenario.channel,
        fault_description=scenario.fault,
        customer_id=demo.customers[scenario.customer].pk,
        serial_number=scenario.serial,
        priority=scenario.priority,
        contact_phone=scenario.contact_phone,
        address=scenario.address,
        reported_at=reported,
    )


def _step(demo: Demo, scenario: Scenario, index: int) -> None:
    step = scenario.steps[index]
    actor = demo.users[step.actor]
    order = demo.orders[scenario.key]
    if step.action == "exclusion":
        service_order_record_exclusion(actor=actor, order_id=order.pk, **step.payload)
        return
    if step.action == "quote":  # FEE-2: priced from the demo price list, then issued
        lines = LinesIn(
            fault_level=step.payload.get("fault_level"),
            distance_km=Decimal(step.payload["distance_km"]),
        )
        quote_create(actor=actor, order_id=order.pk, lines=lines)
        return
    payload = dict(step.payload)
    if "engineer" in payload:
        payload["engineer"] = demo.users[payload["engineer"]].pk
    service_order_transition(actor=actor, order_id=order.pk, action=step.action, payload=payload)
