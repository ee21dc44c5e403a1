"""An interviewer's scorecard: drafted during the interview, submitted after, then frozen."""

import uuid
from datetime import datetime

from pydantic import ConfigDict
from sqlalchemy import JSON, String
from sqlmodel import Field, SQLModel

from app.models.base import IdMixin, Schema, Stamped, TimestampsMixin, UTCDateTime
from app.models.enums import Competency, Rating, RedFlag


class Answer(Schema):
    model_config = ConfigDict(json_schema_serialization_defaults_required=True)
    question_id: uuid.UUID
    note: str = Field(default="", max_length=4000)
    flags: list[RedFlag] = Field(default_factory=list, max_length=4)


class Scorecard(IdMixin, TimestampsMixin, table=True):
    __tablename__ = "scorecards"
    interview_id: uuid.UUID = Field(foreign_key="interviews.id", unique=True)
    client_id: uuid.UUID = Field(foreign_key="clients.id", index=True)
    candidate_id: uuid.UUID = Field(foreign_key="candidates.id", index=True)
    interviewer_id: uuid.UUID = Field(foreign_key="users.id")
    ratings: dict[str, str] = Field(default_factory=dict, sa_type=JSON)
    answers: list[dict] = Field(default_factory=list, sa_type=JSON)
    recommendation: Rating | None = Field(default=None, sa_type=String(16))
    submitted_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class ScorecardDraft(Schema):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "ratings": {"prospecting": "yes", "integrity": "strong_yes"},
        "answers": [{"question_id": "2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f",
                     "note": "Specific, named the customer and the outcome.", "flags": []}],
        "recommendation": "yes"}]})
    ratings: dict[Competency, Rating] = Field(default_factory=dict)
    answers: list[Answer] = Field(default_factory=list, max_length=60)
    recommendation: Rating | None = None


class ScorecardAmendment(SQLModel, table=True):
    """A note appended to a submitted scorecard; the scorecard itself never changes."""

    __tablename__ = "scorecard_amendments"
    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    scorecard_id: uuid.UUID = Field(foreign_key="scorecards.id", index=True)
    client_id: uuid.UUID = Field(foreign_key="clients.id")
    author_id: uuid.UUID = Field(foreign_key="users.id")
    note: str = Field(max_length=4000)
    created_at: datetime = Stamped()


class AmendmentCreate(Schema):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"note": "Reference call confirmed the quota numbers he quoted."}]})
    note: str = Field(min_length=1, max_length=4000)


class AmendmentRead(Schema):
    author_id: uuid.UUID
    note: str
    created_at: datetime


class ScorecardRead(Schema):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "id": "4e5f6a7b-8c9d-4e0f-1a2b-3c4d5e6f7a8b",
        "interview_id": "9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d",
        "candidate_id": "7d6c5b4a-3f2e-4d1c-8b9a-0f1e2d3c4b5a",
        "interviewer_id": "3d5c2a1b-9e8f-4a7b-8c6d-5e4f3a2b1c0d",
        "ratings": {"prospecting": "yes"}, "answers": [], "recommendation": "yes",
        "submitted_at": None, "amendments": [], "created_at": "2026-11-25T16:05:00Z",
        "updated_at": "2026-11-25T17:00:00Z", "version": 2}]})
    id: uuid.UUID
    interview_id: uuid.UUID
    candidate_id: uuid.UUID
    interviewer_id: uuid.UUID
    ratings: dict[Competency, Rating]
    answers: list[Answer]
    recommendation: Rating | None
    submitted_at: datetime | None
    amendments: list[AmendmentRead] = Field(default_factory=list)
    created_at: datetime
    updated_at: datetime
    version: int
