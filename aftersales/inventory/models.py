"""Spare parts (备品备件, INV-1..5): warehouses, stock balances, the ledger of moves,
parts reserved and used on orders, and defective-part returns.

``Stock`` rows are the balances; they change only in ``inventory.services``, through
conditional ``F()`` updates made after the rows are locked (``inventory.locks``), and
always together with the ``StockMove`` that explains the change. Every balance equals
the sum of its moves (``rules.EFFECTS``; ``manage.py inventory_check`` verifies it).
The database backs the never-negative rule with check constraints.
See docs/subsystems/inventory.md.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from aftersales.core.models import TimeStampedModel


class WarehouseKind(models.TextChoices):
    CENTRAL = "central", _("central warehouse")
    REGIONAL = "regional", _("regional warehouse")
    NETWORK_POINT = "network_point", _("network point warehouse")
    VAN = "van", _("engineer's van")


class Warehouse(TimeStampedModel):
    """Where parts are kept (INV-1). A van belongs to one engineer (its ``keeper``)."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=16, choices=WarehouseKind.choices)
    region = models.ForeignKey(
        "organisation.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="warehouses",
    )
    network_point = models.ForeignKey(
        "organisation.NetworkPoint",
        verbose_name=_("network point"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="warehouses",
    )
    keeper = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("keeper"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="warehouses_kept",
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("warehouse")
        verbose_name_plural = _("warehouses")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["central", "regional", "network_point", "van"]),
                name="warehouse_kind_valid",
            ),
            # only the central warehouse may serve no region
            models.CheckConstraint(
                condition=Q(kind="central") | Q(region__isnull=False),
                name="warehouse_region_required",
            ),
            models.CheckConstraint(
                condition=~Q(kind="van") | Q(keeper__isnull=False),
                name="warehouse_van_has_keeper",
            ),
            models.UniqueConstraint(
                fields=["keeper"], condition=Q(kind="van"), name="warehouse_one_van_per_keeper"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Stock(models.Model):
    """The balance of one part in one warehouse: on hand (good parts, reserved ones
    included), reserved for orders, and defective parts returned (INV-4) — plus the
    warehouse's min/max levels for the part (INV-5)."""

    warehouse = models.ForeignKey(Warehouse, on_delete=models.PROTECT, related_name="stock")
    part = models.ForeignKey("catalog.Part", on_delete=models.PROTECT, related_name="stock")
    on_hand = models.PositiveIntegerField(_("on hand"), default=0)
    reserved = models.PositiveIntegerField(_("reserved"), default=0)
    defective = models.PositiveIntegerField(_("defective returned"), default=0)
    min_level = models.PositiveIntegerField(_("minimum"), null=True, blank=True)
    max_level = models.PositiveIntegerField(_("maximum"), null=True, blank=True)

    class Meta:
        ordering = ["warehouse_id", "part_id"]
        verbose_name = _("stock")
        verbose_name_plural = _("stock")
        constraints = [
            models.UniqueConstraint(fields=["warehouse", "part"], name="stock_one_row"),
            models.CheckConstraint(condition=Q(on_hand__gte=0), name="stock_on_hand_gte_0"),
            models.CheckConstraint(condition=Q(reserved__gte=0), name="stock_reserved_gte_0"),
            models.CheckConstraint(condition=Q(defective__gte=0), name="stock_defective_gte_0"),
            models.CheckConstraint(
                condition=Q(reserved__lte=F("on_hand")), name="stock_reserved_lte_on_hand"
            ),
            models.CheckConstraint(
                condition=Q(min_level__isnull=True)
                | Q(max_level__isnull=True)
                | Q(min_level__lte=F("max_level")),
                name="stock_min_lte_max",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.warehouse_id}/{self.part_id}: {self.on_hand} ({self.reserved} reserved)"

    @property
    def available(self) -> int:
        return self.on_hand - self.reserved


class MoveKind(models.TextChoices):
    RECEIPT = "receipt", _("receipt")
    TRANSFER = "transfer", _("transfer")
    RESERVE = "reserve", _("reserve")
    RELEASE = "release", _("release")
    ISSUE = "issue", _("issue")
    DEFECTIVE_RETURN = "defective_return", _("defective return")
    SCRAP = "scrap", _("scrap")
    ADJUSTMENT = "adjustment", _("count adjustment")


class StockMove(models.Model):
    """One line of the ledger (INV-2): never changed nor deleted. ``from_warehouse`` is
    where a quantity leaves (or is reserved/released), ``to_warehouse`` where it
    arrives; a count adjustment has one of the two (up: to, down: from)."""

    kind = models.CharField(_("kind"), max_length=20, choices=MoveKind.choices)
    part = models.ForeignKey("catalog.Part", on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveIntegerField(_("quantity"))
    from_warehouse = models.ForeignKey(
        Warehouse, null=True, blank=True, on_delete=models.PROTECT, related_name="moves_out"
    )
    to_warehouse = models.ForeignKey(
        Warehouse, null=True, blank=True, on_delete=models.PROTECT, related_name="moves_in"
    )
    service_order = models.ForeignKey(
        "service_orders.ServiceOrder",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="stock_moves",
    )
    order_part = models.ForeignKey(
        "inventory.OrderPart",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="moves",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("at"))
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("stock move")
        verbose_name_plural = _("stock moves")
        indexes = [
            models.Index(fields=["part", "-at"], name="move_part"),
            models.Index(fields=["from_warehouse", "-at"], name="move_from"),
            models.Index(fields=["to_warehouse", "-at"], name="move_to"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="move_quantity_gt_0"),
            models.CheckConstraint(
                condition=(
                    Q(kind__in=["receipt", "defective_return"])
                    & Q(from_warehouse__isnull=True, to_warehouse__isnull=False)
                )
                | (
                    Q(kind="transfer")
                    & Q(from_warehouse__isnull=False, to_warehouse__isnull=False)
                    & ~Q(from_warehouse=F("to_warehouse"))
                )
                | (
                    Q(kind__in=["reserve", "release", "issue", "scrap"])
                    & Q(from_warehouse__isnull=False, to_warehouse__isnull=True)
                )
                | (
                    Q(kind="adjustment")
                    & (
                        Q(from_warehouse__isnull=True, to_warehouse__isnull=False)
                        | Q(from_warehouse__isnull=False, to_warehouse__isnull=True)
                    )
                ),
                name="move_warehouses_match_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.quantity} × {self.part_id}"


class OrderPartStatus(models.TextChoices):
    RESERVED = "reserved", _("reserved")
    ISSUED = "issued", _("used")
    RELEASED = "released", _("released")


class OrderPart(TimeStampedModel):
    """A part for a service order: reserved in a warehouse, then issued (used) or
    released. Used in warranty it costs nothing; chargeable, it is priced at the part's
    list price and goes on the order's quote (FEE-1)."""

    order = models.ForeignKey(
        "service_orders.ServiceOrder", on_delete=models.PROTECT, related_name="parts"
    )
    part = models.ForeignKey("catalog.Part", on_delete=models.PROTECT, related_name="+")
    warehouse = models.ForeignKey(Warehouse, on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveIntegerField(_("quantity"))
    status = models.CharField(_("status"), max_length=16, choices=OrderPartStatus.choices)
    chargeable = models.BooleanField(_("chargeable"), default=False)
    unit_price = models.DecimalField(_("unit price"), max_digits=12, decimal_places=2)
    reserved_at = models.DateTimeField(null=True, blank=True)
    issued_at = models.DateTimeField(null=True, blank=True)
    released_at = models.DateTimeField(null=True, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["order_id", "id"]
        verbose_name = _("part on an order")
        verbose_name_plural = _("parts on orders")
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="order_part_quantity_gt_0"),
            models.CheckConstraint(
                condition=Q(unit_price__gte=0), name="order_part_unit_price_gte_0"
            ),
        ]


class DefectiveReturnStatus(models.TextChoices):
    PENDING = "pending", _("pending")
    RECEIVED = "received", _("received")


class DefectiveReturn(TimeStampedModel):
    """INV-4: a part issued under warranty owes its defective original back (旧件返还)
    until a warehouse receives it (a ``defective_return`` move)."""

    order = models.ForeignKey(
        "service_orders.ServiceOrder", on_delete=models.PROTECT, related_name="defective_returns"
    )
    part = models.ForeignKey("catalog.Part", on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveIntegerField(_("quantity"))
    order_part = models.OneToOneField(
        OrderPart, on_delete=models.PROTECT, related_name="defective_return"
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=DefectiveReturnStatus.choices,
        default=DefectiveReturnStatus.PENDING,
    )
    due_by = models.DateField(_("due by"))
    received_at = models.DateTimeField(null=True, blank=True)
    received_move = models.OneToOneField(
        StockMove, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["due_by", "id"]
        verbose_name = _("defective-part return")
        verbose_name_plural = _("defective-part returns")
        indexes = [models.Index(fields=["status", "due_by"], name="defective_status_due")]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gt=0), name="defective_return_quantity_gt_0"
            ),
            models.CheckConstraint(
                condition=Q(status="pending", received_at__isnull=True)
                | Q(status="received", received_at__isnull=False),
                name="defective_return_received_consistent",
            ),
        ]
