"""Interviews of a candidate, each with one interviewer and, once built, its question kit."""

import uuid
from datetime import datetime

from pydantic import ConfigDict, field_validator
from sqlalchemy import String
from sqlmodel import Field, SQLModel

from app.models.base import (
    IdMixin,
    Schema,
    TimestampsMixin,
    UTCDateTime,
    UTCTime,
    link_list,
    link_rows,
)
from app.models.enums import Competency, InterviewKind


class Interview(IdMixin, TimestampsMixin, table=True):
    __tablename__ = "interviews"
    client_id: uuid.UUID = Field(foreign_key="clients.id", index=True)
    candidate_id: uuid.UUID = Field(foreign_key="candidates.id", index=True)
    interviewer_id: uuid.UUID = Field(foreign_key="users.id", index=True)
    scheduled_at: datetime = Field(sa_type=UTCDateTime)
    kind: InterviewKind = Field(sa_type=String(16))
    question_links: list["InterviewQuestion"] = link_rows("InterviewQuestion")


class InterviewQuestion(SQLModel, table=True):
    """A question of an interview's kit, in interview order."""

    __tablename__ = "interview_questions"
    interview_id: uuid.UUID = Field(foreign_key="interviews.id", primary_key=True)
    question_id: uuid.UUID = Field(foreign_key="questions.id", primary_key=True, index=True)
    position: int = 0


# The kit: question ids in interview order (empty until it is built).
Interview.kit = link_list("question_links", "question_id",
                          lambda i: InterviewQuestion(question_id=i))


class InterviewCreate(Schema):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "candidate_id": "7d6c5b4a-3f2e-4d1c-8b9a-0f1e2d3c4b5a",
        "interviewer_id": "3d5c2a1b-9e8f-4a7b-8c6d-5e4f3a2b1c0d",
        "scheduled_at": "2026-11-25T16:00:00Z", "kind": "behavioural"}]})
    candidate_id: uuid.UUID
    interviewer_id: uuid.UUID = Field(description="A manager of the client or its owner.")
    scheduled_at: UTCTime
    kind: InterviewKind = InterviewKind.behavioural


class InterviewRead(Schema):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "id": "9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d",
        "client_id": "5f0c6f9e-8d1a-4c47-9a57-2b8f3f1f7a10",
        "candidate_id": "7d6c5b4a-3f2e-4d1c-8b9a-0f1e2d3c4b5a",
        "interviewer_id": "3d5c2a1b-9e8f-4a7b-8c6d-5e4f3a2b1c0d",
        "scheduled_at": "2026-11-25T16:00:00Z", "kind": "behavioural", "kit": None,
        "created_at": "2026-11-20T10:00:00Z", "updated_at": "2026-11-20T10:00:00Z",
        "version": 1}]})
    id: uuid.UUID
    client_id: uuid.UUID
    candidate_id: uuid.UUID
    interviewer_id: uuid.UUID
    scheduled_at: datetime
    kind: InterviewKind
    kit: list[uuid.UUID] | None = Field(description="Question ids in interview order; null "
                                                   "until the kit is built.")
    created_at: datetime
    updated_at: datetime
    version: int

    @field_validator("kit", mode="before")
    @classmethod
    def _none_until_built(cls, value: object) -> object:
        return value or None


class KitRequest(Schema):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "competencies": ["prospecting", "closing", "resilience", "coachability"],
        "length": 10}]})
    competencies: list[Competency] = Field(
        min_length=1, max_length=8,
        description="What to probe; integrity questions are always sprinkled in.")
    length: int = Field(ge=3, le=30, description="Number of questions.")


class KitItem(Schema):
    question_id: uuid.UUID
    competency: Competency
    text: str


class Kit(Schema):
    model_config = ConfigDict(json_schema_extra={"examples": [{"items": [
        {"question_id": "2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f", "competency": "prospecting",
         "text": "Tell me about a time you opened an account nobody else could."},
        {"question_id": "3d4e5f6a-7b8c-4d9e-0f1a-2b3c4d5e6f7a", "competency": "integrity",
         "text": "Tell me about a time you stretched the truth to a customer to help a sale."},
    ]}]})
    items: list[KitItem]
