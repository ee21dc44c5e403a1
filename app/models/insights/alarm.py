"""Alarms: a leading indicator below its floor, named with its figures and the fix; and
the manager's acknowledgement or snooze of one, kept in the database."""

import uuid
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from sqlmodel import Field as SQLField
from sqlmodel import SQLModel

from app.models.base import MoneyTotal, Schema, Stamped, UTCDateTime


class AlarmCode(StrEnum):
    # about the client
    forecast_gap = "forecast_gap"
    pipeline_coverage_low = "pipeline_coverage_low"
    near_term_coverage_low = "near_term_coverage_low"
    margin_below_floor = "margin_below_floor"
    assessment_overdue = "assessment_overdue"
    coaching_cadence_missed = "coaching_cadence_missed"
    # about a rep
    activity_below_target = "activity_below_target"
    improvement_plan_behind = "improvement_plan_behind"  # rolls up activity_below_target
    commit_unreliable = "commit_unreliable"
    deal_overdue = "deal_overdue"
    deal_below_margin_floor = "deal_below_margin_floor"
    numbers_dont_add_up = "numbers_dont_add_up"
    activity_backdated = "activity_backdated"
    forecast_call_missing = "forecast_call_missing"
    crm_hygiene_low = "crm_hygiene_low"
    owner_disengaged = "owner_disengaged"


# Alarms about a rep's honesty: for managers (and the owner where the client allows), never
# for the rep they concern; the manager talks to the rep first.
INTEGRITY_CODES = frozenset({AlarmCode.numbers_dont_add_up, AlarmCode.activity_backdated})
# Alarms about the owner: for the managers only.
MANAGER_CODES = frozenset({AlarmCode.owner_disengaged})


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
        "id": "3f9a1c2b7d4e8f60", "raised_at": "2026-11-30T14:00:00Z",
        "acknowledged_at": None, "acknowledged_by": None, "acknowledged_reason": None,
        "snoozed_until": None, "snoozed_at": None, "snoozed_by": None, "snoozed_reason": None}]})
    id: str = Field(description="Stable for the same code and subject (client, rep): the key.")
    key: str = Field(description="The same as id (kept for earlier clients).")
    code: AlarmCode
    severity: Severity
    client_id: uuid.UUID
    rep_id: uuid.UUID | None
    figures: dict[str, Any]
    message: str = Field(description="What is wrong and the course correction, in a sentence.")
    raised_at: datetime | None = Field(
        default=None, description="When the condition was first seen in its current streak "
                                  "(null for a past as_of).")
    acknowledged_at: datetime | None = None
    acknowledged_by: uuid.UUID | None = None
    acknowledged_reason: str | None = None
    snoozed_until: date | None = None
    snoozed_at: datetime | None = None
    snoozed_by: uuid.UUID | None = None
    snoozed_reason: str | None = None


class AlarmList(BaseModel):
    items: list[AlarmRead]
    next_cursor: str | None = Field(default=None, description="The next page, if any.")


class AlarmState(SQLModel, table=True):
    """A manager's acknowledgement or snooze of one alarm key."""

    __tablename__ = "alarm_states"
    key: str = SQLField(primary_key=True, max_length=32)
    client_id: uuid.UUID = SQLField(foreign_key="clients.id", index=True)
    rep_id: uuid.UUID | None = SQLField(default=None, foreign_key="reps.id",
                                        description="The rep the alarm is about, if any.")
    code: str = SQLField(max_length=32)
    acknowledged_at: datetime | None = SQLField(default=None, sa_type=UTCDateTime)
    acknowledged_by: uuid.UUID | None = SQLField(default=None, foreign_key="users.id")
    snoozed_until: date | None = None
    snoozed_by: uuid.UUID | None = SQLField(default=None, foreign_key="users.id")
    snoozed_at: datetime | None = SQLField(default=None, sa_type=UTCDateTime)
    severity_at_snooze: float | None = SQLField(
        default=None, description="How bad it was when snoozed; worse than this comes back.")
    snoozed_reason: str | None = SQLField(default=None, max_length=500)
    acknowledged_reason: str | None = SQLField(default=None, max_length=500)
    severity_at_ack: float | None = SQLField(
        default=None, description="How bad it was when acknowledged; worse comes back.")
    raised_at: datetime | None = SQLField(
        default=None, sa_type=UTCDateTime,
        description="When the condition was first seen in its current streak.")
    updated_at: datetime = Stamped()


class SnoozeRequest(Schema):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"until": "2026-12-07", "reason": "Two deals close next week; look again then."}]})
    until: date
    reason: str | None = Field(default=None, max_length=500,
                               description="Why, for the owner and the other managers.")


class AcknowledgeRequest(Schema):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"reason": "Talked with Jordan; proposals were logged twice by mistake."}]})
    reason: str | None = Field(default=None, max_length=500,
                               description="Why, for the owner and the other managers.")


class PortfolioRow(BaseModel):
    client_id: uuid.UUID
    name: str
    health: str = Field(description="red: the period is in danger (the forecast under 80% of "
                                    "target late in the period, or a coverage far under its "
                                    "floor); amber: any other client alarm, or several rep "
                                    "criticals; green. Acknowledged and snoozed alarms don't "
                                    "count.")
    health_reasons: list[str] = Field(description="Why the health is not green.")
    attainment: float | None
    pipeline_coverage: float | None
    near_term_coverage: float | None
    period_elapsed: float = Field(description="The share of the period gone, 0-1.")
    forecast: MoneyTotal = Field(description="The forecast for the period's end.")
    alarms: dict[str, int] = Field(description="Alarms standing, by severity.")
    worst_alarm: str | None


class Portfolio(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"items": [{
        "client_id": "5f0c6f9e-8d1a-4c47-9a57-2b8f3f1f7a10", "name": "Acme Manufacturing",
        "health": "amber", "health_reasons": [
            "Keep the coaching rhythm: no sales meeting for 12 days."],
        "attainment": 0.63, "pipeline_coverage": 6.8, "near_term_coverage": 2.9,
        "period_elapsed": 0.6, "forecast": "262000.00",
        "alarms": {"warning": 2, "critical": 0},
        "worst_alarm": "Casey Nguyen has been under the calls/meetings target for 3 weeks."}],
        "as_of": "2026-11-23"}]})
    as_of: date
    items: list[PortfolioRow]


class AlarmDigest(BaseModel):
    """The manager's Monday: the client's health, why, and the first course corrections."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "client_id": "5f0c6f9e-8d1a-4c47-9a57-2b8f3f1f7a10", "as_of": "2026-11-23",
        "health": "red", "health_reasons": [
            "Prospect more: coverage is 1.6x of the 3x floor."],
        "corrections": [], "decisions_open": 2, "decisions_overdue": 1}]})
    client_id: uuid.UUID
    as_of: date
    health: str
    health_reasons: list[str]
    decisions_open: int = Field(description="Decision requests the owner has not answered.")
    decisions_overdue: int = Field(description="Of those, the ones past the day needed.")
    corrections: list[AlarmRead] = Field(
        description="At most three standing alarms, the most urgent first: each message is "
                    "the course correction.")
