"""The behavioural question bank: a default bank for everyone, plus a client's own."""

import uuid
from datetime import datetime

from pydantic import ConfigDict
from sqlalchemy import String
from sqlmodel import Field

from app.models.base import IdMixin, Schema, TimestampsMixin
from app.models.enums import Competency


class QuestionFields(Schema):
    competency: Competency = Field(sa_type=String(16))
    text: str = Field(min_length=10, max_length=1000)


class Question(QuestionFields, IdMixin, TimestampsMixin, table=True):
    __tablename__ = "questions"
    client_id: uuid.UUID | None = Field(
        default=None, foreign_key="clients.id", index=True,
        description="None for the default bank every client shares.")


class QuestionCreate(QuestionFields):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "client_id": "5f0c6f9e-8d1a-4c47-9a57-2b8f3f1f7a10", "competency": "resilience",
        "text": "Tell me about a time you lost a deal you were sure of. What did you do next?"}]})
    client_id: uuid.UUID


class QuestionRead(QuestionFields):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "id": "2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f", "client_id": None,
        "competency": "integrity", "text": "Tell me about a time you stretched the truth to a "
        "customer to help a sale.", "created_at": "2026-11-01T10:00:00Z",
        "updated_at": "2026-11-01T10:00:00Z", "version": 1}]})
    id: uuid.UUID
    client_id: uuid.UUID | None
    created_at: datetime
    updated_at: datetime
    version: int
