"""API keys: long-lived credentials for integrations (Zapier), each acting as its user."""

import uuid
from datetime import datetime

from pydantic import ConfigDict
from sqlmodel import Field, SQLModel

from app.models.base import Schema, Stamped, UTCDateTime, UTCTime

_EXAMPLE = {"id": "0b6f1c2e-3d4a-4b5c-8d9e-0f1a2b3c4d5e", "name": "Zapier",
            "prefix": "3f9a1c0b7d2e", "created_at": "2026-11-23T09:00:00Z",
            "expires_at": None, "last_used_at": "2026-11-23T09:05:00Z"}


class ApiKey(SQLModel, table=True):
    """One key; only the SHA-256 of the whole key is kept, never the key."""

    __tablename__ = "api_keys"
    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    user_id: uuid.UUID = Field(foreign_key="users.id", index=True)
    name: str = Field(max_length=100)
    prefix: str = Field(max_length=16, unique=True)
    key_hash: str = Field(max_length=64, unique=True)
    created_at: datetime = Stamped()
    expires_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class ApiKeyCreate(Schema):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"name": "Zapier", "expires_at": "2027-11-23T00:00:00Z"}]})
    name: str = Field(min_length=1, max_length=100)
    expires_at: UTCTime | None = Field(
        default=None, description="When the key stops working; default: never.")


class ApiKeyRead(Schema):
    model_config = ConfigDict(json_schema_extra={"examples": [_EXAMPLE]})
    id: uuid.UUID
    name: str
    prefix: str = Field(description="The public part of the key (`fsm_<prefix>_...`).")
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None


class ApiKeyCreated(ApiKeyRead):
    model_config = ConfigDict(json_schema_extra={"examples": [_EXAMPLE | {
        "key": "fsm_3f9a1c0b7d2e_Q2hhbmdlIHRoaXMgdG8gYSByZWFsIHNlY3JldCBwbGVhc2U",
        "last_used_at": None}]})
    key: str = Field(description="The key itself: shown only in this response, store it now.")
