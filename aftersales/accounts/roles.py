"""Roles (ORG-2) and who may do what (SEC-2): the one table every layer consults."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class RoleCode(models.TextChoices):
    AGENT = "agent", _("agent")
    DISPATCHER = "dispatcher", _("dispatcher")
    ENGINEER = "engineer", _("engineer")
    MANAGER = "manager", _("regional manager")
    DIRECTOR = "director", _("service director")
    WAREHOUSE = "warehouse", _("warehouse keeper")
    QUALITY = "quality", _("quality manager")
    ADMIN = "admin", _("admin")


R = RoleCode

# Roles that see every record regardless of region.
GLOBAL_ROLES = frozenset({R.DIRECTOR, R.ADMIN})
# Call-centre agents and quality managers serve the whole country: they read every
# customer and order (a decision recorded in docs/architecture.md).
NATIONAL_READ_ROLES = frozenset({R.AGENT, R.QUALITY})
# Roles that see their region's subtree (all regions when they have none).
REGIONAL_ROLES = frozenset({R.DISPATCHER, R.MANAGER, R.WAREHOUSE, R.ENGINEER})

# What each role may do. "customer" is a customer's own sign-in.
CUSTOMER = "customer"
STAFF = frozenset(RoleCode)  # every staff role
ACTIONS: dict[str, frozenset[str]] = {
    # reference data
    "region.create": frozenset({R.ADMIN}),
    "staff.create": frozenset({R.ADMIN}),
    "staff.list": frozenset({R.AGENT, R.DISPATCHER, R.MANAGER, R.DIRECTOR, R.ADMIN, R.QUALITY}),
    "catalog.create": frozenset({R.ADMIN, R.DIRECTOR}),
    "customer.create": frozenset({R.AGENT, R.DISPATCHER, R.MANAGER, R.DIRECTOR, R.ADMIN}),
    "customer.update": frozenset({R.AGENT, R.DISPATCHER, R.MANAGER, R.DIRECTOR, R.ADMIN}),
    "customer.users.create": frozenset({R.AGENT, R.MANAGER, R.DIRECTOR, R.ADMIN}),
    # SEC-3: roles that work with the customer directly see phone numbers in lists;
    # the others (warehouse, quality) see them masked.
    "customer.contact.read": frozenset(
        {CUSTOMER, R.AGENT, R.DISPATCHER, R.ENGINEER, R.MANAGER, R.DIRECTOR, R.ADMIN}
    ),
    "unit.create": frozenset({R.AGENT, R.DISPATCHER, R.MANAGER, R.DIRECTOR, R.ADMIN}),
    # TG-2..5, TG-8: settle a unit under the three guarantees (exchange it, refund it).
    "unit.exchange": frozenset({R.AGENT, R.MANAGER, R.DIRECTOR, R.ADMIN}),
    "unit.refund": frozenset({R.AGENT, R.MANAGER, R.DIRECTOR, R.ADMIN}),
    # UNIT-3 bulk imports of customers and units (each row still checked as one create).
    "records.import": frozenset({R.AGENT, R.MANAGER, R.ADMIN}),
    # service orders (SO-3); the engineer's field steps are further limited to the
    # assigned engineer in service_orders.services.
    "order.create": frozenset({CUSTOMER, R.AGENT, R.DISPATCHER, R.MANAGER, R.DIRECTOR, R.ADMIN}),
    "order.acknowledge": frozenset({R.AGENT, R.DISPATCHER, R.MANAGER, R.DIRECTOR, R.ADMIN}),
    "order.assign": frozenset({R.DISPATCHER, R.MANAGER, R.DIRECTOR, R.ADMIN}),
    "order.reassign": frozenset({R.DISPATCHER, R.MANAGER, R.DIRECTOR, R.ADMIN}),
    "order.depart": frozenset({R.ENGINEER, R.MANAGER, R.DIRECTOR, R.ADMIN}),
    "order.arrive": frozenset({R.ENGINEER, R.MANAGER, R.DIRECTOR, R.ADMIN}),
    "order.start": frozenset({R.ENGINEER, R.AGENT, R.MANAGER, R.DIRECTOR, R.ADMIN}),
    "order.wait": frozenset({R.ENGINEER, R.AGENT, R.MANAGER, R.DIRECTOR, R.ADMIN}),
    "order.resume": frozenset({R.ENGINEER, R.AGENT, R.MANAGER, R.DIRECTOR, R.ADMIN}),
    "order.complete": frozenset({R.ENGINEER, R.AGENT, R.MANAGER, R.DIRECTOR, R.ADMIN}),
    "order.confirm": frozenset({CUSTOMER, R.ENGINEER, R.AGENT, R.MANAGER, R.DIRECTOR, R.ADMIN}),
    "order.follow_up": frozenset({R.AGENT, R.QUALITY, R.MANAGER, R.DIRECTOR, R.ADMIN}),
    "order.close": frozenset({R.AGENT, R.MANAGER, R.DIRECTOR, R.ADMIN}),
    "order.cancel": frozenset({CUSTOMER, R.AGENT, R.DISPATCHER, R.MANAGER, R.DIRECTOR, R.ADMIN}),
    "order.exclusion": frozenset({R.ENGINEER, R.AGENT, R.MANAGER, R.DIRECTOR, R.ADMIN}),
    # SLA re-target: a changed priority gives the open targets the new policy's deadlines.
    "order.priority": frozenset({R.AGENT, R.DISPATCHER, R.MANAGER, R.DIRECTOR, R.ADMIN}),
    # charges (FEE-2, FEE-3); an engineer acts only on orders assigned to them
    # (charges.services). Customers decide on their own orders' quotes on the portal.
    "quote.create": frozenset({R.ENGINEER, R.AGENT, R.MANAGER, R.DIRECTOR, R.ADMIN}),
    "quote.approve": frozenset({CUSTOMER, R.ENGINEER, R.AGENT, R.MANAGER, R.DIRECTOR, R.ADMIN}),
    "quote.decline": frozenset({CUSTOMER, R.ENGINEER, R.AGENT, R.MANAGER, R.DIRECTOR, R.ADMIN}),
    "charges.adjust": frozenset({R.ENGINEER, R.AGENT, R.MANAGER, R.DIRECTOR, R.ADMIN}),
    # TRN-2 certificates; DSP-4 batch dispatch of a region's acknowledged orders.
    "staff.certificate.create": frozenset({R.MANAGER, R.DIRECTOR, R.ADMIN}),
    "dispatch.batch": frozenset({R.DISPATCHER, R.MANAGER, R.DIRECTOR, R.ADMIN}),
    # NTF-2 outbox: who reads an order's notifications, who sends failed ones again;
    # SLA-4..6 escalations (ladder, loaner due, compensations) of the orders one sees.
    "notification.list": frozenset({R.AGENT, R.DISPATCHER, R.MANAGER, R.DIRECTOR, R.ADMIN}),
    "notification.retry": frozenset({R.DIRECTOR, R.ADMIN}),
    "escalation.list": frozenset({R.AGENT, R.DISPATCHER, R.MANAGER, R.DIRECTOR, R.ADMIN}),
    # INV-1..5 spare parts: warehouses, the ledger, min/max levels; parts on orders.
    "warehouse.create": frozenset({R.DIRECTOR, R.ADMIN}),
    "stock.read": STAFF,
    "stock.move": frozenset({R.WAREHOUSE, R.MANAGER, R.DIRECTOR, R.ADMIN}),
    "stock.levels": frozenset({R.WAREHOUSE, R.MANAGER, R.DIRECTOR, R.ADMIN}),
    "order.parts.reserve": frozenset(
        {R.ENGINEER, R.AGENT, R.DISPATCHER, R.WAREHOUSE, R.MANAGER, R.DIRECTOR, R.ADMIN}
    ),
    "order.parts.issue": frozenset({R.ENGINEER, R.WAREHOUSE, R.MANAGER, R.DIRECTOR, R.ADMIN}),
    "order.parts.release": frozenset(
        {R.ENGINEER, R.AGENT, R.DISPATCHER, R.WAREHOUSE, R.MANAGER, R.DIRECTOR, R.ADMIN}
    ),
    # LOAN-1..2 loaner units (备用机).
    "loaner.create": frozenset({R.WAREHOUSE, R.MANAGER, R.DIRECTOR, R.ADMIN}),
    "loaner.list": STAFF,
    "loaner.issue": frozenset(
        {R.AGENT, R.DISPATCHER, R.ENGINEER, R.WAREHOUSE, R.MANAGER, R.DIRECTOR, R.ADMIN}
    ),
    "loaner.return": frozenset(
        {R.AGENT, R.DISPATCHER, R.ENGINEER, R.WAREHOUSE, R.MANAGER, R.DIRECTOR, R.ADMIN}
    ),
}
