from ninja import Schema
from pydantic import ConfigDict


class InSchema(Schema):
    """Request bodies: an unknown field is an error naming it, never silently ignored."""

    model_config = ConfigDict(extra="forbid")
