"""A progress report for the owner: the manager's narrative on a period's figures. A draft
is the manager's; once published it is frozen (the figures as they stood then) and the
owner reads it."""

import uuid
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import JSON, Index, String, Text, UniqueConstraint
from sqlmodel import Field as SQLField

from app.models.base import IdMixin, Schema, TimestampsMixin, UTCDateTime
from app.models.reporting.figures import ReportFigures
from app.models.texts import Decision

Points = Annotated[list[Decision], Field(max_length=20, description=(
    "Short points, one line each, in the order to show them."))]
Summary = Annotated[str, Field(max_length=5000, description="A few paragraphs for the owner.")]

NARRATIVE_EXAMPLE = {
    "summary": "November closed at 92 % of target: two proposals slipped into December, "
               "and the pipeline for the quarter's end is the strongest this year.",
    "wins": ["Northwind signed for 24 months", "Every rep met the activity target 3 weeks "
                                               "of 4"],
    "concerns": ["Casey's pipeline is not kept up in the CRM"],
    "decisions_needed": ["Approve a second SDR for the new territory"]}


class ReportStatus(StrEnum):
    draft = "draft"
    published = "published"


class Report(IdMixin, TimestampsMixin, table=True):
    __tablename__ = "reports"
    __table_args__ = (UniqueConstraint("client_id", "period_start",
                                       name="uq_reports_client_id_period_start"),
                      Index("ix_reports_client_id_status", "client_id", "status"))
    client_id: uuid.UUID = SQLField(foreign_key="clients.id")
    period_start: date
    period: str = SQLField(max_length=16, description="2026-11 or 2026-Q4.")
    status: str = SQLField(default=ReportStatus.draft.value, sa_type=String(16))
    summary: str = SQLField(default="", sa_type=Text)
    wins: list[str] = SQLField(default_factory=list, sa_type=JSON)
    concerns: list[str] = SQLField(default_factory=list, sa_type=JSON)
    decisions_needed: list[str] = SQLField(default_factory=list, sa_type=JSON)
    figures: dict[str, Any] | None = SQLField(default=None, sa_type=JSON, description=(
        "The figures as they stood when published; null while a draft."))
    as_of: date | None = SQLField(default=None, description=(
        "The day the published figures stand at; null while a draft."))
    created_by: uuid.UUID = SQLField(foreign_key="users.id")
    published_at: datetime | None = SQLField(default=None, sa_type=UTCDateTime)
    published_by: uuid.UUID | None = SQLField(default=None, foreign_key="users.id")


class ReportCreate(Schema):
    """A draft for a period of the client's: the narrative may come now or later."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"period": "2026-11", **NARRATIVE_EXAMPLE}]})
    period: str = Field(max_length=16, description=(
        "YYYY-MM (monthly clients) or YYYY-Qn (quarterly clients); not a future period."))
    summary: Summary = ""
    wins: Points = []
    concerns: Points = []
    decisions_needed: Points = []


class ReportUpdate(Schema):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"summary": NARRATIVE_EXAMPLE["summary"]}, {"wins": NARRATIVE_EXAMPLE["wins"]}]})
    summary: Summary | None = None
    wins: Points | None = None
    concerns: Points | None = None
    decisions_needed: Points | None = None


class Narrative(BaseModel):
    """The manager's text of a period's report, and where it stands."""

    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [{
        "id": "9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b",
        "client_id": "5f0c6f9e-8d1a-4c47-9a57-2b8f3f1f7a10", "period": "2026-11",
        "period_start": "2026-11-01", "status": "draft", **NARRATIVE_EXAMPLE,
        "created_at": "2026-12-01T16:00:00Z", "updated_at": "2026-12-01T16:00:00Z",
        "published_at": None, "version": 1}]})
    id: uuid.UUID
    client_id: uuid.UUID
    period: str
    period_start: date
    status: ReportStatus
    summary: str
    wins: list[str]
    concerns: list[str]
    decisions_needed: list[str]
    created_at: datetime
    updated_at: datetime
    published_at: datetime | None
    version: int = Field(description="For If-Match on PATCH and publish.")


class ReportRead(BaseModel):
    """The figures of a period and, where one is written, the manager's narrative."""

    client_id: uuid.UUID
    client_name: str
    period: str = Field(examples=["2026-11"])
    period_start: date
    period_end: date
    as_of: date = Field(description="The day the figures stand at: the period's last day, "
                                    "today for the current period, the publishing day for a "
                                    "published report of the current period.")
    currency: str = Field(examples=["USD"])
    timezone: str = Field(examples=["America/Chicago"], description="The client's time zone.")
    narrative: Narrative | None = Field(description=(
        "The draft (managers only) or the published text; null when none is written."))
    figures: ReportFigures


class ReportSummary(BaseModel):
    """A report in a list, and the data of a `report.published` event."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "id": "9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b",
        "client_id": "5f0c6f9e-8d1a-4c47-9a57-2b8f3f1f7a10", "period": "2026-11",
        "period_start": "2026-11-01", "status": "published",
        "published_at": "2026-12-02T16:00:00Z", "updated_at": "2026-12-02T16:00:00Z"}]})
    id: uuid.UUID
    client_id: uuid.UUID
    period: str
    period_start: date
    status: ReportStatus
    published_at: datetime | None
    updated_at: datetime


class ReportList(BaseModel):
    items: list[ReportSummary] = Field(description="The latest period first.")
