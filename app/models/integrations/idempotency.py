"""Idempotency records: the first response to a POST, replayed for a retry with its key."""

import uuid
from datetime import datetime

from sqlalchemy import LargeBinary, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.models.base import Stamped


class IdempotencyRecord(SQLModel, table=True):
    """One (user, Idempotency-Key): in progress while `status` is None, then the response."""

    __tablename__ = "idempotency_keys"
    __table_args__ = (UniqueConstraint("user_id", "key"),)
    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    user_id: uuid.UUID = Field(foreign_key="users.id")
    key: str = Field(max_length=255)
    method_path: str = Field(max_length=600)
    request_hash: str = Field(max_length=64)
    created_at: datetime = Stamped(index=True)
    status: int | None = None
    headers: str | None = Field(default=None, description="JSON object of the kept headers.")
    body: bytes | None = Field(default=None, sa_type=LargeBinary)
