"""Meetings of the manager with a client's owner, to stay in sync: notes, decisions taken
and action items for the owner or the manager."""

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict
from sqlalchemy import JSON, Index, Text
from sqlmodel import Field

from app.models.base import IdMixin, Schema, TimestampsMixin
from app.models.coaching.action_item import ActionItemRead
from app.models.enums import Assignee
from app.models.texts import Decision, MeetingDay, Notes, Title

Decisions = Annotated[list[Decision], Field(max_length=50)]

OWNER_MEETING_EXAMPLE = {
    "held_on": "2026-12-03", "notes": "November's report; the second SDR; price list.",
    "decisions": ["Hold list prices until the new year"],
    "action_items": [{"title": "Approve the SDR job ad", "assignee": "owner",
                      "due_on": "2026-12-10"},
                     {"title": "Send the SDR scorecard", "assignee": "manager",
                      "due_on": "2026-12-08"}]}


class OwnerMeeting(IdMixin, TimestampsMixin, table=True):
    __tablename__ = "owner_meetings"
    __table_args__ = (Index("ix_owner_meetings_client_id_held_on", "client_id", "held_on"),)
    client_id: uuid.UUID = Field(foreign_key="clients.id")
    held_on: MeetingDay
    notes: str = Field(default="", sa_type=Text)
    decisions: list[str] = Field(default_factory=list, sa_type=JSON)
    created_by: uuid.UUID = Field(foreign_key="users.id")


class OwnerItemCreate(Schema):
    model_config = ConfigDict(extra="forbid")
    title: Title
    assignee: Assignee = Field(description="owner or manager.")
    due_on: MeetingDay | None = None


class OwnerMeetingCreate(Schema):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        OWNER_MEETING_EXAMPLE]})
    held_on: MeetingDay
    notes: Notes = ""
    decisions: Decisions = []
    action_items: list[OwnerItemCreate] = Field(default_factory=list, max_length=50)


class OwnerMeetingRead(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "id": "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f",
        "client_id": "5f0c6f9e-8d1a-4c47-9a57-2b8f3f1f7a10",
        **{k: v for k, v in OWNER_MEETING_EXAMPLE.items() if k != "action_items"},
        "action_items": [], "created_by": "7c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f",
        "created_at": "2026-12-03T18:00:00Z", "updated_at": "2026-12-03T18:00:00Z",
        "version": 1}]})
    id: uuid.UUID
    client_id: uuid.UUID
    held_on: MeetingDay
    notes: str
    decisions: list[str]
    action_items: list[ActionItemRead]
    created_by: uuid.UUID
    created_at: datetime
    updated_at: datetime
    version: int
