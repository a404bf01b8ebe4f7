import datetime as dt
from decimal import Decimal
from typing import Literal

from ninja import Schema

Level = Literal["warn", "manager", "director"]
Target = Literal["respond", "on_site", "resolve"]


class EscalationOut(Schema):
    id: int
    order: int
    order_number: str
    order_status: str
    target: Target
    level: Level
    due_at: dt.datetime
    elapsed_fraction: Decimal
    escalated_at: dt.datetime


class EscalationListOut(Schema):
    count: int
    results: list[EscalationOut]
