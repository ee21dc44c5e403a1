"""A decision the manager needs from the owner: the question, the options, by when; the
owner's answer."""

import uuid
from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, model_validator
from sqlalchemy import JSON, Index, String, Text
from sqlmodel import Field

from app.models.base import IdMixin, Schema, TimestampsMixin, UTCDateTime
from app.models.texts import Decision, MeetingDay

Options = Annotated[list[Decision], Field(min_length=2, max_length=10)]

REQUEST_EXAMPLE = {"question": "Hire a second SDR for the new territory?",
                   "options": ["Hire now", "Hire in Q1", "Not this year"],
                   "needed_by": "2026-12-15"}


class DecisionRequest(IdMixin, TimestampsMixin, table=True):
    __tablename__ = "decision_requests"
    __table_args__ = (Index("ix_decision_requests_client_id_answered_at", "client_id",
                            "answered_at"),)
    client_id: uuid.UUID = Field(foreign_key="clients.id")
    question: str = Field(max_length=500)
    options: list[str] = Field(default_factory=list, sa_type=JSON)
    needed_by: date
    choice: str | None = Field(default=None, sa_type=String(500))
    note: str = Field(default="", sa_type=Text)
    answered_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    answered_by: uuid.UUID | None = Field(default=None, foreign_key="users.id")
    created_by: uuid.UUID = Field(foreign_key="users.id")


class DecisionRequestCreate(Schema):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [REQUEST_EXAMPLE]})
    question: Decision
    options: Options
    needed_by: MeetingDay

    @model_validator(mode="after")
    def _distinct_options(self) -> "DecisionRequestCreate":
        if len(set(self.options)) != len(self.options):
            raise ValueError("each option may appear only once")
        return self


class DecisionAnswer(Schema):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"choice": "Hire in Q1", "note": "After the January price rise lands."}]})
    choice: Decision = Field(description="One of the request's options.")
    note: str = Field(default="", max_length=2000)


class DecisionRequestRead(BaseModel):
    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [{
        "id": "4d5e6f7a-8b9c-4d0e-9f1a-2b3c4d5e6f7a",
        "client_id": "5f0c6f9e-8d1a-4c47-9a57-2b8f3f1f7a10", **REQUEST_EXAMPLE,
        "choice": None, "note": "", "answered_at": None, "answered_by": None,
        "overdue": False, "created_by": "7c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f",
        "created_at": "2026-12-03T18:00:00Z", "updated_at": "2026-12-03T18:00:00Z",
        "version": 1}]})
    id: uuid.UUID
    client_id: uuid.UUID
    question: str
    options: list[str]
    needed_by: date
    choice: str | None
    note: str
    answered_at: datetime | None
    answered_by: uuid.UUID | None
    overdue: bool = Field(default=False, description="Unanswered after needed_by (the "
                                                     "client's today).")
    created_by: uuid.UUID
    created_at: datetime
    updated_at: datetime
    version: int
