"""Targets over time: the client's revenue target per measurement period (proposed by the
manager, approved by the owner) and each rep's quota per period, both with their history."""

import uuid
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import Index, String, UniqueConstraint
from sqlmodel import Field as SQLField

from app.models.base import (
    MONEY_SQL,
    IdMixin,
    Money,
    MoneyTotal,
    Schema,
    TimestampsMixin,
    UTCDateTime,
)
from app.models.enums import SalesRole
from app.models.practice.activity_targets import WeekTargets


class TargetStatus(StrEnum):
    proposed = "proposed"
    approved = "approved"
    rejected = "rejected"
    superseded = "superseded"  # approved once, then replaced by a later approval


class RevenueTarget(IdMixin, TimestampsMixin, table=True):
    __tablename__ = "revenue_targets"
    __table_args__ = (Index("ix_revenue_targets_client_id_starts_on", "client_id",
                            "starts_on"),)
    client_id: uuid.UUID = SQLField(foreign_key="clients.id")
    starts_on: date
    amount: Decimal = SQLField(sa_type=MONEY_SQL)
    status: TargetStatus = SQLField(default=TargetStatus.proposed, sa_type=String(16))
    note: str = SQLField(default="", max_length=2000)
    proposed_by: uuid.UUID = SQLField(foreign_key="users.id")
    decided_by: uuid.UUID | None = SQLField(default=None, foreign_key="users.id")
    decided_at: datetime | None = SQLField(default=None, sa_type=UTCDateTime)


class RepQuota(IdMixin, TimestampsMixin, table=True):
    __tablename__ = "rep_quotas"
    __table_args__ = (UniqueConstraint("rep_id", "starts_on",
                                       name="uq_rep_quotas_rep_id_starts_on"),
                      Index("ix_rep_quotas_client_id", "client_id"))
    client_id: uuid.UUID = SQLField(foreign_key="clients.id")
    rep_id: uuid.UUID = SQLField(foreign_key="reps.id")
    starts_on: date
    amount: Decimal = SQLField(sa_type=MONEY_SQL)
    set_by: uuid.UUID = SQLField(foreign_key="users.id")


class TargetCreate(Schema):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"starts_on": "2027-01-01", "amount": "120000.00",
         "note": "New product line from January."}]})
    starts_on: date = Field(description="The first day of the measurement period (a month's "
                                        "1st, or a quarter's) from which the target holds.")
    amount: Money
    note: str = Field(default="", max_length=2000)


class TargetDecision(Schema):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"note": "Agreed at the monthly review."}]})
    note: str = Field(default="", max_length=2000)


class TargetRead(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "id": "3c9a7e10-5b2d-4f6e-8a1c-9d0e2f4b6a8c",
        "client_id": "5f0c6f9e-8d1a-4c47-9a57-2b8f3f1f7a10", "starts_on": "2027-01-01",
        "amount": "120000.00", "status": "approved", "note": "New product line from January.",
        "proposed_by": "9d1c7f3e-2a4b-4c6d-8e0f-1a2b3c4d5e6f",
        "decided_by": "7a8b9c0d-1e2f-4a3b-8c5d-6e7f8a9b0c1d",
        "decided_at": "2026-12-10T16:00:00Z", "quota_sum": "110000.00",
        "warning": "The reps' quotas for 2027-01 sum to 110000.00, below the target "
                   "120000.00.", "created_at": "2026-12-07T15:04:05Z",
        "updated_at": "2026-12-10T16:00:00Z", "version": 2}]})
    id: uuid.UUID
    client_id: uuid.UUID
    starts_on: date
    amount: MoneyTotal
    status: TargetStatus
    note: str
    proposed_by: uuid.UUID
    decided_by: uuid.UUID | None
    decided_at: datetime | None
    quota_sum: MoneyTotal = Field(description=(
        "The current reps' quotas (ramped) for the period that starts on starts_on."))
    warning: str | None = Field(description="Set when quota_sum is below the amount.")
    created_at: datetime
    updated_at: datetime
    version: int


class TargetInForce(BaseModel):
    """The target a period is measured against, and where it comes from."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "client_id": "5f0c6f9e-8d1a-4c47-9a57-2b8f3f1f7a10", "period": "2027-01",
        "period_start": "2027-01-01", "period_end": "2027-01-31", "target": "120000.00",
        "source": "approved", "target_id": "3c9a7e10-5b2d-4f6e-8a1c-9d0e2f4b6a8c",
        "quota_sum": "110000.00",
        "warning": "The reps' quotas for 2027-01 sum to 110000.00, below the target "
                   "120000.00."}]})
    client_id: uuid.UUID
    period: str
    period_start: date
    period_end: date
    target: MoneyTotal
    source: str = Field(description=(
        "approved: a dated target the owner approved; standing: the client's "
        "period_revenue_target (no dated target covers the period); quotas: neither is set, "
        "so the reps' quotas add up to it."))
    target_id: uuid.UUID | None
    quota_sum: MoneyTotal
    warning: str | None


class QuotaSet(Schema):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"amount": "30000.00"}]})
    amount: Money


class QuotaRead(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "id": "4d5e6f70-8192-4a3b-9c4d-5e6f708192a3",
        "rep_id": "0b7e1a52-2f7e-4d8c-9a3e-5d2c1b0a9f88",
        "client_id": "5f0c6f9e-8d1a-4c47-9a57-2b8f3f1f7a10", "starts_on": "2027-01-01",
        "amount": "30000.00", "set_by": "9d1c7f3e-2a4b-4c6d-8e0f-1a2b3c4d5e6f",
        "created_at": "2026-12-07T15:04:05Z", "updated_at": "2026-12-07T15:04:05Z",
        "version": 1}]})
    id: uuid.UUID
    rep_id: uuid.UUID
    client_id: uuid.UUID
    starts_on: date
    amount: MoneyTotal
    set_by: uuid.UUID
    created_at: datetime
    updated_at: datetime
    version: int


class RepTargets(BaseModel):
    """What a rep is measured against on a day."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "rep_id": "0b7e1a52-2f7e-4d8c-9a3e-5d2c1b0a9f88", "as_of": "2027-02-10",
        "period": "2027-02", "period_start": "2027-02-01", "period_end": "2027-02-28",
        "full_quota": "30000.00", "quota": "7500.00", "quota_share": 0.25,
        "sales_role": "sdr", "week_starts_on": "2027-02-08", "in_ramp": True,
        "activity": {
            "calls_meetings": {"target": 30.0, "full_target": 60.0, "source": "role"},
            "proposals": {"target": 0.0, "full_target": 0.0, "source": "role"},
            "prospecting_hours": {"target": 5.0, "full_target": 10.0, "source": "role"}}}]})
    rep_id: uuid.UUID
    as_of: date
    period: str
    period_start: date
    period_end: date
    full_quota: MoneyTotal = Field(description="The dated quota in force, else the standing one.")
    quota: MoneyTotal = Field(description="full_quota after the ramp: what attainment uses.")
    quota_share: float
    sales_role: SalesRole
    week_starts_on: date
    in_ramp: bool
    activity: WeekTargets
