"""Salespeople of a client company."""

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

from pydantic import AfterValidator, ConfigDict
from sqlalchemy import JSON, String
from sqlmodel import Field

from app.models.base import IdMixin, Money, Schema, TimestampsMixin, UTCDateTime
from app.models.enums import Motivator, RepStatus, SalesRole
from app.models.identity.user import Email
from app.models.practice.activity_targets import ActivityTargetsPatch


def _distinct(values: list[Motivator]) -> list[Motivator]:
    if len(set(values)) != len(values):
        raise ValueError("each motivator may appear once; the list is a ranking")
    return values


Motivators = Annotated[list[Motivator], Field(max_length=8), AfterValidator(_distinct)]

REP_EXAMPLE = {
    "client_id": "5f0c6f9e-8d1a-4c47-9a57-2b8f3f1f7a10", "full_name": "Riley Rep",
    "email": "rep1@acme.demo.example", "title": "Account Executive", "hire_date": "2025-04-01",
    "status": "active", "quota": "25000.00",
    "motivators": ["money", "achievement", "competition"],
    "sales_role": "account_executive", "activity_targets": None,
    "ramp_starts_on": "2025-04-01", "ramp_weeks": 12,
}
RampWeeks = Annotated[int, Field(ge=0, le=52)]


class RepBase(Schema):
    client_id: uuid.UUID = Field(foreign_key="clients.id", index=True)
    full_name: str = Field(min_length=1, max_length=200)
    email: Email | None = Field(default=None, max_length=254)
    title: str = Field(default="", max_length=200)
    hire_date: date | None = None
    status: RepStatus = Field(default=RepStatus.active, sa_type=String(16))
    quota: Money = Field(default=Decimal("0"), description=(
        "The standing revenue quota per measurement period: used for the periods that no "
        "dated quota (/reps/{id}/quotas) covers."))
    motivators: Motivators = Field(
        default_factory=list, sa_type=JSON, description="Ranked, most important first.")
    sales_role: SalesRole = Field(default=SalesRole.account_executive, sa_type=String(32),
                                  description="The seat; its weekly targets may differ.")
    activity_targets: ActivityTargetsPatch | None = Field(
        default=None, sa_type=JSON, description=(
            "The rep's own weekly targets, each kind falling back to the role's, then the "
            "client's."))
    ramp_starts_on: date | None = Field(default=None, description=(
        "The first day of the rep's ramp (a hire: their start); null: no ramp."))
    ramp_weeks: RampWeeks = Field(default=12, description=(
        "Weeks of ramped activity targets: the first third at 50 %, the second at 75 %, "
        "then 100 %. The quota ramps by month from ramp_starts_on: 0, 25, 50, 75 %, then "
        "100 %. 0: no ramp."))


class Rep(RepBase, IdMixin, TimestampsMixin, table=True):
    __tablename__ = "reps"
    user_id: uuid.UUID | None = Field(
        default=None, foreign_key="users.id", unique=True, description="The rep's login, if any.")
    archived_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class RepCreate(RepBase):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [REP_EXAMPLE]})


class RepUpdate(Schema):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"status": "on_plan", "quota": "20000.00"}]})
    full_name: str | None = Field(default=None, min_length=1, max_length=200)
    email: Email | None = None
    title: str | None = Field(default=None, max_length=200)
    hire_date: date | None = None
    status: RepStatus | None = None
    quota: Money | None = None
    motivators: Motivators | None = None
    sales_role: SalesRole | None = None
    activity_targets: ActivityTargetsPatch | None = None
    ramp_starts_on: date | None = None
    ramp_weeks: RampWeeks | None = None


class RepRead(RepBase):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "id": "0b7e1a52-2f7e-4d8c-9a3e-5d2c1b0a9f88", **REP_EXAMPLE,
        "user_id": None, "archived_at": None, "created_at": "2026-01-05T15:04:05Z",
        "updated_at": "2026-01-05T15:04:05Z", "version": 1}]})
    id: uuid.UUID
    user_id: uuid.UUID | None
    archived_at: datetime | None
    created_at: datetime
    updated_at: datetime
    version: int
