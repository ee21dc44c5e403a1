"""The history of one-on-ones, their action items and sales meetings: one row per changed
field, with who and when. Private notes are logged without their text."""

import uuid
from datetime import datetime
from enum import StrEnum

from pydantic import ConfigDict
from sqlalchemy import Index, String, Text
from sqlmodel import Field, SQLModel

from app.models.base import Schema, Stamped


class Subject(StrEnum):
    one_on_one = "one_on_one"
    action_item = "action_item"
    sales_meeting = "sales_meeting"


class CoachingChange(SQLModel, table=True):
    """A field's old and new value as text; creation records old = null."""

    __tablename__ = "coaching_changes"
    __table_args__ = (
        Index("ix_coaching_changes_one_on_one_id_changed_at", "one_on_one_id", "changed_at"),
        Index("ix_coaching_changes_sales_meeting_id_changed_at", "sales_meeting_id",
              "changed_at"),
    )
    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    client_id: uuid.UUID = Field(foreign_key="clients.id", index=True)
    rep_id: uuid.UUID | None = Field(default=None, foreign_key="reps.id",
                                     description="The rep of a one-on-one; null for meetings.")
    subject: Subject = Field(sa_type=String(16))
    subject_id: uuid.UUID
    one_on_one_id: uuid.UUID | None = Field(default=None, foreign_key="one_on_ones.id")
    sales_meeting_id: uuid.UUID | None = Field(default=None, foreign_key="sales_meetings.id")
    field: str = Field(max_length=32)
    old: str | None = Field(default=None, sa_type=Text)
    new: str | None = Field(default=None, sa_type=Text)
    changed_by: uuid.UUID | None = Field(default=None, foreign_key="users.id")
    changed_at: datetime = Stamped()


class CoachingChangeRead(Schema):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "subject": "action_item", "subject_id": "6a7b8c9d-0e1f-4a2b-3c4d-5e6f7a8b9c0d",
        "field": "done", "old": "false", "new": "true",
        "changed_by": "0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0",
        "changed_at": "2026-11-20T16:30:00Z"}]})
    subject: Subject
    subject_id: uuid.UUID
    field: str
    old: str | None = None
    new: str | None = None
    changed_by: uuid.UUID | None
    changed_at: datetime
