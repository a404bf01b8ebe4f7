import datetime as dt
from decimal import Decimal

from pydantic import BaseModel, Field

from aftersales.api.schema import InSchema

CHANNEL_HELP = (
    "how the customer decided: `phone` (an agent records a call), `on_site` (on the "
    "engineer's phone) or `portal` (the customer's own sign-in; the default and the only "
    "choice for customers). Required for staff."
)


class QuoteLabourIn(InSchema):
    fault_level: int | None = Field(
        None, ge=1, le=99, description="fixed labour price of this fault level"
    )
    hours: Decimal | None = Field(
        None, gt=0, le=999, decimal_places=2, description="hourly rate × hours (not both)"
    )


class QuoteTravelIn(InSchema):
    distance_km: Decimal = Field(
        ..., ge=0, le=99999, decimal_places=1, description="one-way distance; picks the band"
    )


class QuotePartIn(InSchema):
    part: int = Field(..., description="part id; priced at the part's list price")
    quantity: int = Field(1, ge=1, le=999)


class QuoteOtherIn(InSchema):
    description: str = Field(..., min_length=1, max_length=200)
    amount: Decimal = Field(..., ge=0, le=1000000, decimal_places=2)
    always_charged: bool = Field(
        False,
        description="true for extra work the customer asked for, which the warranty never covers",
    )


class QuoteLinesIn(InSchema):
    labour: QuoteLabourIn | None = Field(None, description="`fault_level` or `hours`")
    travel: QuoteTravelIn | None = None
    parts: list[QuotePartIn] = Field(default_factory=list, max_length=100)
    others: list[QuoteOtherIn] = Field(default_factory=list, max_length=100)


class QuoteCreateIn(QuoteLinesIn):
    note: str = Field("", max_length=5000, description="shown to the customer with the quote")
    issue: bool = Field(
        True,
        description="false keeps the quote as the order's draft (not shown to the customer); "
        "issue it later with POST …/quote/issue",
    )


class QuoteApproveIn(InSchema):
    channel: str | None = Field(None, description=CHANNEL_HELP)
    note: str = Field("", max_length=5000, description="e.g. who approved on the phone")


class QuoteDeclineIn(InSchema):
    reason: str = Field(..., max_length=5000)
    channel: str | None = Field(None, description=CHANNEL_HELP)


class ChargesAdjustIn(QuoteLinesIn):
    reason: str = Field(..., max_length=5000, description="why the final charges differ")


# Outputs are built as plain dicts by ``present``.
class ChargeLineOut(BaseModel):
    position: int
    kind: str = Field(description="labour, travel, part or other")
    label: str
    description: str
    code: str = Field(description="fault level, distance in km, or part SKU")
    part: int | None
    warranty_class: str
    quantity: Decimal
    unit_price: Decimal
    list_amount: Decimal
    charge: Decimal = Field(description="what the customer pays for this line")
    covered: bool = Field(description="true when the warranty pays (charge 0)")
    coverage: str = Field(
        description="in_warranty, accessory_in_warranty, out_of_warranty, "
        "accessory_out_of_warranty, exclusion, consumable, not_covered, warranty_unknown"
    )
    reason: str


class QuoteWarrantyOut(BaseModel):
    known: bool
    in_warranty: bool
    accessories_in_warranty: bool
    whole_unit_until: dt.date | None
    accessories_until: dt.date | None
    exclusions: list[str]


class QuoteOut(BaseModel):
    id: int
    order: int
    number: str
    revision: int
    status: str = Field(description="draft, issued, approved, declined, superseded")
    awaiting_approval: bool
    price_list: int
    price_list_name: str
    priced_on: dt.date
    warranty: QuoteWarrantyOut
    reason: str
    lines: list[ChargeLineOut]
    list_total: Decimal
    covered_total: Decimal
    charge_total: Decimal
    note: str
    created_by: int
    created_at: dt.datetime
    issued_by: int | None
    issued_at: dt.datetime | None
    decided_by: int | None
    decided_by_name: str
    decided_at: dt.datetime | None
    decision_channel: str
    decision_note: str
    superseded_at: dt.datetime | None


class QuoteListOut(BaseModel):
    count: int
    results: list[QuoteOut]


class ChargesOut(BaseModel):
    order: int
    order_number: str
    source: str = Field(description="adjustment, quote or none")
    final: bool = Field(description="true once the order is resolved (or cancelled)")
    quote: int | None
    quote_number: str | None
    approved_at: dt.datetime | None
    approved_by: str
    approval_channel: str
    adjusted_at: dt.datetime | None
    adjusted_by: str
    adjust_reason: str
    lines: list[ChargeLineOut]
    list_total: Decimal
    covered_total: Decimal
    charge_total: Decimal
    reason: str
    currency: str


class LabourRateOut(BaseModel):
    fault_level: int
    name: str
    price: Decimal


class TravelBandOut(BaseModel):
    km_from: Decimal
    km_to: Decimal | None
    fee: Decimal


class PriceListOut(BaseModel):
    id: int
    name: str
    valid_from: dt.date
    valid_until: dt.date | None
    hourly_rate: Decimal
    labour_rates: list[LabourRateOut]
    travel_bands: list[TravelBandOut]
    parts: str
    note: str
