"""Training assigned to reps: a topic, the day it should be done by, and each rep's
completion."""

import uuid
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import Index
from sqlmodel import Field as SQLField
from sqlmodel import SQLModel

from app.models.base import IdMixin, Schema, TimestampsMixin, UTCDateTime
from app.models.texts import MeetingDay, Title

TRAINING_EXAMPLE = {"client_id": "5f0c6f9e-8d1a-4c47-9a57-2b8f3f1f7a10",
                    "topic": "Product training: the 2027 service tiers", "due_on": "2027-01-15",
                    "rep_ids": ["0b7e1a52-2f7e-4d8c-9a3e-5d2c1b0a9f88"]}


class Training(IdMixin, TimestampsMixin, table=True):
    __tablename__ = "trainings"
    __table_args__ = (Index("ix_trainings_client_id_due_on", "client_id", "due_on"),)
    client_id: uuid.UUID = SQLField(foreign_key="clients.id")
    topic: str = SQLField(max_length=300)
    due_on: date | None = None
    created_by: uuid.UUID = SQLField(foreign_key="users.id")


class TrainingAssignment(SQLModel, table=True):
    """A rep's part in a training, and when they completed it."""

    __tablename__ = "training_assignments"
    training_id: uuid.UUID = SQLField(foreign_key="trainings.id", primary_key=True)
    rep_id: uuid.UUID = SQLField(foreign_key="reps.id", primary_key=True, index=True)
    done_at: datetime | None = SQLField(default=None, sa_type=UTCDateTime)


class TrainingCreate(Schema):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [TRAINING_EXAMPLE]})
    client_id: uuid.UUID
    topic: Title
    due_on: MeetingDay | None = None
    rep_ids: list[uuid.UUID] = Field(min_length=1, max_length=50)


class TrainingDone(Schema):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"rep_id": "0b7e1a52-2f7e-4d8c-9a3e-5d2c1b0a9f88"}]})
    rep_id: uuid.UUID | None = Field(default=None, description=(
        "Whose part is done; a rep's own when omitted (and a rep may name only themselves)."))


class Assignment(BaseModel):
    rep_id: uuid.UUID
    done_at: datetime | None
    overdue: bool = Field(description="Not done and due before today (client's zone).")


class TrainingRead(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "id": "2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f",
        **{k: v for k, v in TRAINING_EXAMPLE.items() if k != "rep_ids"},
        "reps": [{"rep_id": "0b7e1a52-2f7e-4d8c-9a3e-5d2c1b0a9f88", "done_at": None,
                  "overdue": False}], "created_at": "2026-12-07T10:00:00Z"}]})
    id: uuid.UUID
    client_id: uuid.UUID
    topic: str
    due_on: date | None
    reps: list[Assignment] = Field(description="A rep sees only their own part.")
    created_at: datetime
