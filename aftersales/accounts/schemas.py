from ninja import Schema
from pydantic import Field

from aftersales.accounts.models import User
from aftersales.api.schema import InSchema


class TokenCreateIn(InSchema):
    username: str = Field(..., max_length=150)
    password: str = Field(..., max_length=256)


class TokenCreateOut(Schema):
    token: str


class StaffCreateIn(InSchema):
    username: str = Field(..., min_length=1, max_length=150)
    name: str = Field(..., min_length=1, max_length=100)
    roles: list[str] = Field(
        ..., description="agent, dispatcher, engineer, manager, director, warehouse, quality, admin"
    )
    region: int | None = Field(None, description="region id")
    network_point: int | None = Field(None, description="network point id")
    phone: str = Field("", max_length=32)
    skills: list[str] = Field(default_factory=list, description="product line codes")
    password: str = Field(..., min_length=1, max_length=256, description="write only")


class StaffOut(Schema):
    id: int
    username: str
    name: str
    roles: list[str]
    region: int | None
    network_point: int | None
    phone: str
    skills: list[str]
    on_shift: bool

    @staticmethod
    def resolve_roles(obj: User) -> list[str]:
        return sorted(r.code for r in obj.roles.all())

    @staticmethod
    def resolve_skills(obj: User) -> list[str]:
        return sorted(line.code for line in obj.skills.all())

    @staticmethod
    def resolve_region(obj: User) -> int | None:
        return obj.region_id

    @staticmethod
    def resolve_network_point(obj: User) -> int | None:
        return obj.network_point_id


class StaffListOut(Schema):
    count: int
    results: list[StaffOut]


class CustomerUserCreateIn(InSchema):
    username: str = Field(..., min_length=1, max_length=150)
    password: str = Field(..., min_length=1, max_length=256)


class CustomerUserOut(Schema):
    id: int
    username: str
    customer: int

    @staticmethod
    def resolve_customer(obj: User) -> int | None:
        return obj.customer_id
