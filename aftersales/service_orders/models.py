import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from aftersales.core.models import TimeStampedModel
from aftersales.service_orders.status import Status, WaitingReason


class Kind(models.TextChoices):
    REPAIR = "repair", _("repair")
    INSTALLATION = "installation", _("installation")
    MAINTENANCE = "maintenance", _("maintenance")
    SUPPORT = "support", _("technical support")
    TRAINING = "training", _("training")
    RETURN = "return", _("return / exchange")


class Channel(models.TextChoices):
    PHONE = "phone", _("phone")
    HOTLINE = "hotline", _("hotline (400/800)")
    EMAIL = "email", _("email")
    WEB = "web", _("web portal")
    WALK_IN = "walk_in", _("walk-in")
    WECHAT = "wechat", _("WeChat")
    API = "api", _("API")


class Priority(models.TextChoices):
    LOW = "low", _("low")
    NORMAL = "normal", _("normal")
    HIGH = "high", _("high")
    URGENT = "urgent", _("urgent")


class ServiceOrder(TimeStampedModel):
    """A service order (工单, SO-1..7). Never hard-deleted; changes only through services.

    The ``*_at`` step times are denormalised from the timeline so that SLA states and
    lists need no extra queries; the timeline stays the record of who did what.
    """

    number = models.CharField(_("number"), max_length=20, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    priority = models.CharField(
        _("priority"), max_length=8, choices=Priority.choices, default=Priority.NORMAL
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.NEW
    )
    customer = models.ForeignKey(
        "customers.Customer",
        verbose_name=_("customer"),
        on_delete=models.PROTECT,
        related_name="service_orders",
    )
    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="service_orders",
    )
    region = models.ForeignKey(
        "organisation.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="service_orders",
    )
    fault_description = models.TextField(_("fault description"))
    contact_phone = models.CharField(_("contact phone"), max_length=32)
    address = models.CharField(_("address"), max_length=255)
    reported_at = models.DateTimeField(_("reported at"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    assigned_engineer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned engineer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_orders",
    )
    waiting_reason = models.CharField(
        _("waiting reason"), max_length=16, blank=True, choices=WaitingReason.choices
    )
    # Warranty as decided at intake (WAR-1..3); the full status is computed on read.
    in_warranty = models.BooleanField(_("in warranty at intake"), default=False)
    # SLA targets (SLA-1), stored at intake; None = no target.
    sla_policy = models.ForeignKey(
        "sla.SlaPolicy", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    respond_by = models.DateTimeField(_("respond by"), null=True, blank=True)
    on_site_by = models.DateTimeField(_("on site by"), null=True, blank=True)
    resolve_by = models.DateTimeField(_("resolve by"), null=True, blank=True)
    # The terms behind those deadlines ({"respond": {"minutes": 120, "clock": "24x7"}, …}),
    # kept with the order so that a later policy edit moves neither its deadlines nor
    # its 80 % points; and the clock pauses of SLA-2 (aftersales/sla/services.py): when
    # the open pause began (None = running) and the total of the closed ones.
    sla_terms = models.JSONField(default=dict, blank=True)
    sla_paused_at = models.DateTimeField(_("SLA clocks paused since"), null=True, blank=True)
    sla_paused = models.DurationField(_("SLA clocks paused in total"), default=dt.timedelta(0))
    # Step times (SO-4); who did each step is on the timeline.
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    assigned_at = models.DateTimeField(null=True, blank=True)
    departed_at = models.DateTimeField(null=True, blank=True)
    arrived_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    followed_up_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    # Repair outcome and acceptance (SO-5, the report itself comes later).
    fault_cause = models.TextField(_("fault cause"), blank=True)
    actions_taken = models.TextField(_("actions taken"), blank=True)
    fault_code = models.CharField(_("fault code"), max_length=32, blank=True)
    customer_opinion = models.TextField(_("customer opinion"), blank=True)
    cancel_reason = models.TextField(_("cancel reason"), blank=True)
    # Follow-up survey (FU-2).
    survey_overall = models.PositiveSmallIntegerField(null=True, blank=True)
    survey_speed = models.PositiveSmallIntegerField(null=True, blank=True)
    survey_attitude = models.PositiveSmallIntegerField(null=True, blank=True)
    survey_quality = models.PositiveSmallIntegerField(null=True, blank=True)
    survey_comment = models.TextField(blank=True)

    class Meta:
        ordering = ["-reported_at", "-id"]
        verbose_name = _("service order")
        verbose_name_plural = _("service orders")
        indexes = [
            models.Index(fields=["-reported_at", "-id"], name="so_default_order"),
            models.Index(fields=["status", "-reported_at", "-id"], name="so_status"),
            models.Index(fields=["customer", "-reported_at", "-id"], name="so_customer"),
            models.Index(fields=["assigned_engineer", "-reported_at", "-id"], name="so_engineer"),
            models.Index(fields=["region", "-reported_at", "-id"], name="so_region"),
            # A status within a region (a dispatcher's "waiting in my region").
            models.Index(
                fields=["region", "status", "-reported_at", "-id"], name="so_region_status"
            ),
            models.Index(fields=["unit", "-reported_at"], name="so_unit"),
            models.Index(fields=["contact_phone"], name="so_contact_phone"),
            # Closed orders are most of the table and the oldest: their own index keeps
            # "?status=closed" from walking past every newer open order.
            models.Index(
                fields=["-reported_at", "-id"],
                name="so_closed_recent",
                condition=Q(status="closed"),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in Status]), name="so_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(survey_overall__isnull=True)
                | Q(survey_overall__gte=1, survey_overall__lte=5),
                name="so_survey_overall_1_5",
            ),
            models.CheckConstraint(
                condition=~Q(status="cancelled") | ~Q(cancel_reason=""),
                name="so_cancel_needs_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.number


class EventKind(models.TextChoices):
    CREATED = "created", _("created")
    TRANSITION = "transition", _("status changed")
    ASSIGNMENT = "assignment", _("engineer assigned")
    NOTE = "note", _("note")
    EXCLUSION = "exclusion", _("warranty exclusion recorded")
    CHARGES = "charges", _("quote or charges")  # FEE-2, FEE-3: action says which step
    SETTLEMENT = "settlement", _("three-guarantees settlement")  # TG-5, TG-8
    SLA = "sla", _("SLA clock")  # SLA-2 pause/resume, SLA-3 breach: action says which
    # SLA-4 ladder (action warn/manager/director), SLA-5 loaner due: aftersales.escalations
    ESCALATION = "escalation", _("escalation")
    PARTS = "parts", _("spare parts")  # INV-2, INV-4: reserve/issue/release/defective return
    LOANER = "loaner", _("loaner unit")  # LOAN-2: action issued/returned (aftersales.loaners)


class ServiceOrderEvent(models.Model):
    """One entry of an order's append-only timeline (SO-6). Never updated or deleted."""

    order = models.ForeignKey(ServiceOrder, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=16, choices=EventKind.choices)
    action = models.CharField(max_length=16, blank=True)
    from_status = models.CharField(max_length=16, blank=True)
    to_status = models.CharField(max_length=16, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField()
    note = models.TextField(blank=True)
    extra = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["order", "at", "id"], name="so_event_order")]
        verbose_name = _("timeline event")
        verbose_name_plural = _("timeline events")

    def __str__(self) -> str:
        return f"{self.order_id} {self.kind} {self.action}"


class OrderNumberSequence(models.Model):
    """The last sequence number handed out per day (SO-4); bumped under a row lock."""

    day = models.DateField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.day}: {self.last}"


class ServiceOrderTally(models.Model):
    """How many orders each region has in each status, kept in step by the services.

    Lists count from here instead of ``COUNT(*)`` over millions of orders whenever the
    filter is only by status and region (and the viewer's scope is by region); see
    ``selectors.service_order_count``. ``manage.py recount_order_tallies`` rebuilds it
    after a bulk import that bypassed the services.
    """

    region = models.ForeignKey("organisation.Region", on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=16, choices=Status.choices)
    count = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["region", "status"], name="so_tally_region_status"),
        ]

    def __str__(self) -> str:
        return f"{self.region_id} {self.status}: {self.count}"
