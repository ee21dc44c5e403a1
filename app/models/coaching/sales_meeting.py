"""Weekly team sales meetings of a client: who attended (reps, the owner), notes, decisions."""

import uuid
from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict
from sqlalchemy import JSON, Index, Text
from sqlmodel import Field, SQLModel

from app.models.base import (
    IdMixin,
    Schema,
    TimestampsMixin,
    UTCDateTime,
    link_list,
    link_rows,
)
from app.models.texts import Decision, Distinct, MeetingDay, Notes

RepIds = Annotated[list[uuid.UUID], Field(max_length=50), Distinct]
Decisions = Annotated[list[Decision], Field(max_length=50)]

MEETING_EXAMPLE = {
    "client_id": "5f0c6f9e-8d1a-4c47-9a57-2b8f3f1f7a10", "held_on": "2026-11-16",
    "rep_ids": ["0b7e1a52-2f7e-4d8c-9a3e-5d2c1b0a9f88"], "owner_attended": True,
    "notes": "Pipeline review; two commits moved to December.",
    "decisions": ["Every proposal gets a follow-up call within 48 hours"]}


class SalesMeeting(IdMixin, TimestampsMixin, table=True):
    __tablename__ = "sales_meetings"
    __table_args__ = (Index("ix_sales_meetings_client_id_held_on", "client_id", "held_on"),)
    client_id: uuid.UUID = Field(foreign_key="clients.id")
    held_on: date
    attendee_links: list["SalesMeetingAttendee"] = link_rows("SalesMeetingAttendee")
    owner_attended: bool = False
    notes: str = Field(default="", sa_type=Text)
    decisions: list[str] = Field(default_factory=list, sa_type=JSON)
    created_by: uuid.UUID = Field(foreign_key="users.id")
    archived_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class SalesMeetingAttendee(SQLModel, table=True):
    """A rep who attended a sales meeting."""

    __tablename__ = "sales_meeting_attendees"
    sales_meeting_id: uuid.UUID = Field(foreign_key="sales_meetings.id", primary_key=True)
    rep_id: uuid.UUID = Field(foreign_key="reps.id", primary_key=True, index=True)
    position: int = 0


SalesMeeting.rep_ids = link_list("attendee_links", "rep_id",
                                 lambda i: SalesMeetingAttendee(rep_id=i))


class SalesMeetingCreate(Schema):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [MEETING_EXAMPLE]})
    client_id: uuid.UUID
    held_on: MeetingDay
    rep_ids: RepIds = Field(default_factory=list, description="Reps of the client who attended.")
    owner_attended: bool = Field(default=False, description="The owner (or leadership) attended.")
    notes: Notes = ""
    decisions: Decisions = Field(default_factory=list)


class SalesMeetingUpdate(Schema):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"owner_attended": True, "decisions": ["Commit means signed PO expected this month"]}]})
    held_on: MeetingDay | None = None
    rep_ids: RepIds | None = None
    owner_attended: bool | None = None
    notes: Notes | None = None
    decisions: Decisions | None = None


class SalesMeetingRead(Schema):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "id": "4c5d6e7f-8a9b-4c0d-1e2f-3a4b5c6d7e8f", **MEETING_EXAMPLE,
        "created_by": "3d5c2a1b-9e8f-4a7b-8c6d-5e4f3a2b1c0d", "archived_at": None,
        "created_at": "2026-11-16T18:00:00Z", "updated_at": "2026-11-16T18:00:00Z",
        "version": 1}]})
    id: uuid.UUID
    client_id: uuid.UUID
    held_on: date
    rep_ids: list[uuid.UUID]
    owner_attended: bool
    notes: str
    decisions: list[str]
    created_by: uuid.UUID
    archived_at: datetime | None
    created_at: datetime
    updated_at: datetime
    version: int


class OwnerAttendance(BaseModel):
    """How often the owner came to the team's sales meetings (docs/domain.md, "Client fit":
    owners attend some sales meetings)."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "client_id": "5f0c6f9e-8d1a-4c47-9a57-2b8f3f1f7a10", "window_start": "2026-08-23",
        "window_end": "2026-11-23", "meetings_held": 13, "owner_attended": 5, "rate": 0.3846}]})
    client_id: uuid.UUID
    window_start: date
    window_end: date
    meetings_held: int
    owner_attended: int
    rate: float | None = None
