from ninja import Schema
from pydantic import Field

from aftersales.api.schema import InSchema
from aftersales.organisation.models import Region


class RegionCreateIn(InSchema):
    code: str = Field(..., min_length=1, max_length=32, pattern=r"^[-a-zA-Z0-9_]+$")
    name: str = Field(..., min_length=1, max_length=100)
    parent: int | None = Field(None, description="parent region id")


class RegionOut(Schema):
    id: int
    code: str
    name: str
    parent: int | None

    @staticmethod
    def resolve_parent(obj: Region) -> int | None:
        return obj.parent_id


class RegionListOut(Schema):
    count: int
    results: list[RegionOut]
