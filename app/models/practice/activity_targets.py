"""Weekly activity targets: the client's, a role's (e.g. an SDR's: calls and prospecting
hours, no proposals) and a rep's own, each kind falling back to the next; and the ramp of a
new rep."""

from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from app.models.base import Schema

Hours = Annotated[Decimal, Field(ge=0, le=168, max_digits=5, decimal_places=2)]
WeeklyCount = Annotated[int, Field(ge=0, le=10_000)]
KINDS = ("calls_meetings", "proposals", "prospecting_hours")


class ActivityTargetsPatch(Schema):
    """Weekly targets that differ from the ones they fall back to; a kind left out (or
    null) falls back."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"calls_meetings": 60, "proposals": 0, "prospecting_hours": "10.00"}]})
    calls_meetings: WeeklyCount | None = Field(default=None, description=(
        "Sales calls or meetings per week."))
    proposals: WeeklyCount | None = Field(default=None, description="Proposals per week.")
    prospecting_hours: Hours | None = Field(default=None, description=(
        "Prospecting hours per week."))


class ActivityTargetInForce(BaseModel):
    target: float = Field(description="The weekly target after the ramp.")
    full_target: float = Field(description="The target before the ramp.")
    source: str = Field(description="rep, role or client: where the full target comes from.")


class WeekTargets(BaseModel):
    """A rep's weekly activity targets for one week, ramp applied."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "calls_meetings": {"target": 30.0, "full_target": 60.0, "source": "role"},
        "proposals": {"target": 0.0, "full_target": 0.0, "source": "role"},
        "prospecting_hours": {"target": 5.0, "full_target": 10.0, "source": "role"}}]})
    calls_meetings: ActivityTargetInForce
    proposals: ActivityTargetInForce
    prospecting_hours: ActivityTargetInForce
