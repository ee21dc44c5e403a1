"""Alarms: a leading indicator below its floor, named with its figures and the fix; and
the manager's acknowledgement or snooze of one, kept in the database."""

import uuid
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from sqlmodel import Field as SQLField
from sqlmodel import SQLModel

from app.models.base import Schema, Stamped, UTCDateTime


class AlarmCode(StrEnum):
    activity_below_target = "activity_below_target"
    pipeline_coverage_low = "pipeline_coverage_low"
    near_term_coverage_low = "near_term_coverage_low"
    margin_below_floor = "margin_below_floor"
    commit_slipping = "commit_slipping"
    numbers_dont_add_up = "numbers_dont_add_up"
    forecast_gap = "forecast_gap"
    assessment_overdue = "assessment_overdue"


class Severity(StrEnum):
    warning = "warning"
    critical = "critical"


class AlarmRead(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "key": "3f9a1c2b7d4e8f60", "code": "pipeline_coverage_low", "severity": "critical",
        "client_id": "5f0c6f9e-8d1a-4c47-9a57-2b8f3f1f7a10", "rep_id": None,
        "figures": {"actual": 2.1, "floor": 3.0, "open_pipeline": "210000.00",
                    "target": "100000.00"},
        "message": "Prospect more: pipeline coverage is 2.1x of the 3x floor.",
        "acknowledged_at": None, "acknowledged_by": None, "snoozed_until": None}]})
    key: str = Field(description="Stable for the same code and subject (client, rep).")
    code: AlarmCode
    severity: Severity
    client_id: uuid.UUID
    rep_id: uuid.UUID | None
    figures: dict[str, Any]
    message: str = Field(description="What is wrong and the course correction, in a sentence.")
    acknowledged_at: datetime | None = None
    acknowledged_by: uuid.UUID | None = None
    snoozed_until: date | None = None


class AlarmList(BaseModel):
    items: list[AlarmRead]


class AlarmState(SQLModel, table=True):
    """A manager's acknowledgement or snooze of one alarm key."""

    __tablename__ = "alarm_states"
    key: str = SQLField(primary_key=True, max_length=32)
    client_id: uuid.UUID = SQLField(foreign_key="clients.id", index=True)
    code: str = SQLField(max_length=32)
    acknowledged_at: datetime | None = SQLField(default=None, sa_type=UTCDateTime)
    acknowledged_by: uuid.UUID | None = SQLField(default=None, foreign_key="users.id")
    snoozed_until: date | None = None
    snoozed_by: uuid.UUID | None = SQLField(default=None, foreign_key="users.id")
    snoozed_at: datetime | None = SQLField(default=None, sa_type=UTCDateTime)
    severity_at_snooze: float | None = SQLField(
        default=None, description="How bad it was when snoozed; worse than this comes back.")
    updated_at: datetime = Stamped()


class SnoozeRequest(Schema):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"until": "2026-12-07"}]})
    until: date


class PortfolioRow(BaseModel):
    client_id: uuid.UUID
    name: str
    health: str = Field(description="green, amber (warnings) or red (a critical alarm).")
    attainment: float | None
    pipeline_coverage: float | None
    near_term_coverage: float | None
    alarms: dict[str, int] = Field(description="Number of alarms by severity.")
    worst_alarm: str | None


class Portfolio(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"items": [{
        "client_id": "5f0c6f9e-8d1a-4c47-9a57-2b8f3f1f7a10", "name": "Acme Manufacturing",
        "health": "amber", "attainment": 0.63, "pipeline_coverage": 6.8,
        "near_term_coverage": 2.9, "alarms": {"warning": 2, "critical": 0},
        "worst_alarm": "Casey Nguyen has been under the calls/meetings target for 3 weeks."}]}]})
    as_of: date
    items: list[PortfolioRow]
