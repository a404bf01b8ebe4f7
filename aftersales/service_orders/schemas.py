import datetime as dt
from typing import Any

from ninja import Schema
from pydantic import BaseModel, Field

from aftersales.api.schema import InSchema


class ServiceOrderCreateIn(InSchema):
    kind: str = Field(
        ..., description="repair, installation, maintenance, support, training, return"
    )
    channel: str = Field(..., description="phone, hotline, email, web, walk_in, wechat, api")
    customer: int | None = Field(
        None, description="customer id (a customer's own sign-in may leave it out)"
    )
    unit: int | None = Field(None, description="unit id")
    serial_number: str | None = Field(
        None, max_length=64, description="unit serial or warranty card number"
    )
    fault_description: str = Field(..., max_length=5000)
    priority: str = Field("normal", description="low, normal, high, urgent")
    contact_phone: str = Field("", max_length=32, description="defaults to the customer's")
    address: str = Field("", max_length=255, description="defaults to the customer's")
    reported_at: dt.datetime | None = Field(
        None, description="when the report was taken; not in the future; defaults to now"
    )


# Order outputs are built as plain dicts by ``present``; plain pydantic models validate
# them in pydantic-core (a ninja ``Schema`` would wrap every nested object for ORM access).
class SlaOut(BaseModel):
    policy: str | None
    respond_by: dt.datetime | None
    respond_state: str
    on_site_by: dt.datetime | None
    on_site_state: str
    resolve_by: dt.datetime | None
    resolve_state: str
    breached: bool
    paused_since: dt.datetime | None = Field(
        description="the clocks stand still since (waiting for the customer, SLA-2)"
    )
    paused_seconds: int = Field(description="time the clocks stood still in total")


class SlaBreachOut(BaseModel):
    target: str = Field(description="respond, on_site or resolve")
    due_at: dt.datetime
    breached_at: dt.datetime
    done_at: dt.datetime | None
    cause_code: str = Field(description="not_acknowledged, not_on_site or not_resolved")
    cause: str
    recorded_at: dt.datetime


class OnSitePredictionOut(BaseModel):
    distance_km: float | None
    travel_minutes: int
    jobs_ahead: int
    queue_minutes: int


class SlaDetailOut(SlaOut):
    breaches: list[SlaBreachOut] = Field(description="stored breaches (SLA-3), never removed")
    predicted_on_site_at: dt.datetime | None = Field(
        description="when the assigned engineer is expected on site (assigned / en route)"
    )
    on_site_prediction: OnSitePredictionOut | None


class TimelineEventOut(BaseModel):
    id: int
    kind: str
    action: str
    from_status: str
    to_status: str
    actor: int | None
    actor_name: str
    at: dt.datetime
    note: str
    extra: dict[str, Any]


class ServiceOrderSummaryOut(BaseModel):
    id: int
    number: str
    kind: str
    channel: str
    priority: str
    status: str
    customer: int
    customer_name: str
    unit: int | None
    serial_number: str | None
    region: int
    fault_description: str
    contact_phone: str
    address: str
    reported_at: dt.datetime
    created_at: dt.datetime
    assigned_engineer: int | None
    assigned_engineer_name: str | None
    waiting_reason: str
    in_warranty: bool
    sla: SlaOut


class ServiceOrderOut(ServiceOrderSummaryOut):
    sla: SlaDetailOut  # the summary's, plus the stored breaches and the prediction
    warranty: dict[str, Any] | None
    steps: dict[str, dt.datetime | None]
    fault_cause: str
    actions_taken: str
    fault_code: str
    customer_opinion: str
    cancel_reason: str
    survey: dict[str, Any] | None
    allowed_actions: list[str]
    timeline: list[TimelineEventOut]


class ServiceOrderListOut(BaseModel):
    count: int
    results: list[ServiceOrderSummaryOut]


class AssignIn(InSchema):
    engineer: int


class ReassignIn(InSchema):
    engineer: int
    reason: str = Field(..., max_length=5000)


class WaitIn(InSchema):
    reason: str = Field(..., description="parts, customer or quote_approval")


class CompleteIn(InSchema):
    fault_cause: str = Field(..., max_length=5000)
    actions_taken: str = Field(..., max_length=5000)
    fault_code: str | None = Field(None, max_length=32)


class ConfirmIn(InSchema):
    accepted: bool
    customer_opinion: str = Field("", max_length=5000)


class FollowUpIn(InSchema):
    overall: int = Field(..., ge=1, le=5)
    speed: int | None = Field(None, ge=1, le=5)
    attitude: int | None = Field(None, ge=1, le=5)
    quality: int | None = Field(None, ge=1, le=5)
    comment: str = Field("", max_length=5000)


class CancelIn(InSchema):
    reason: str = Field(..., max_length=5000)


class NoBodyIn(InSchema):
    note: str = Field("", max_length=5000, description="optional note for the timeline")


class ExclusionIn(InSchema):
    reason: str = Field(
        ...,
        description="misuse, model_mismatch_or_altered, force_majeure, "
        "clearance_sale, unauthorised_repair",
    )
    note: str = Field(..., max_length=5000)


class ExclusionOut(Schema):
    id: int
    reason: str
    note: str
    service_order: int | None
    unit: int
    recorded_at: dt.datetime


class PriorityIn(InSchema):
    priority: str = Field(..., description="low, normal, high, urgent")
    reason: str = Field(..., max_length=5000, description="why (kept on the timeline)")
