"""Logins: managers of the practice, owners and reps of client companies."""

import re
import uuid
from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, ConfigDict
from sqlalchemy import String
from sqlmodel import Field

from app.models.base import IdMixin, Schema, TimestampsMixin, UTCDateTime
from app.models.enums import Role

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MAX_PASSWORD_CHARS = 1024


def normalize_email(value: str) -> str:
    """Trimmed and lower-cased; refuses anything that is not shaped like an address."""
    value = value.strip().lower()
    if not _EMAIL.match(value):
        raise ValueError("must be an email address such as 'name@example.com'")
    return value


Email = Annotated[str, Field(max_length=254), AfterValidator(normalize_email)]
Password = Annotated[str, Field(min_length=8, max_length=MAX_PASSWORD_CHARS)]


class UserBase(Schema):
    email: Email = Field(max_length=254, unique=True)
    full_name: str = Field(default="", max_length=200)
    role: Role = Field(sa_type=String(16))
    client_id: uuid.UUID | None = Field(default=None, foreign_key="clients.id", index=True)


class User(UserBase, IdMixin, TimestampsMixin, table=True):
    __tablename__ = "users"
    password_hash: str = Field(max_length=255)
    is_active: bool = True
    last_login_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class UserCreate(UserBase):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "email": "rep6@acme.demo.example", "full_name": "Riley Rep", "role": "rep",
        "client_id": "5f0c6f9e-8d1a-4c47-9a57-2b8f3f1f7a10",
        "rep_id": "0b7e1a52-2f7e-4d8c-9a3e-5d2c1b0a9f88", "password": "a-long-passphrase"}]})
    password: Password
    rep_id: uuid.UUID | None = Field(
        default=None, description="For role rep: the rep record this login belongs to.")


class UserUpdate(Schema):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"is_active": False},
        {"password": "a-new-long-passphrase", "current_password": "the-old-passphrase"}]})
    full_name: str | None = Field(default=None, max_length=200)
    is_active: bool | None = None
    password: Password | None = None
    current_password: str | None = Field(
        default=None, max_length=MAX_PASSWORD_CHARS,
        description="Your own password, required to change your own password: a stolen "
                    "token alone must not take over the login. Your other sessions end.")


class UserRead(Schema):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "id": "3d5c2a1b-9e8f-4a7b-8c6d-5e4f3a2b1c0d", "email": "owner@acme.demo.example",
        "full_name": "Olivia Owner", "role": "owner",
        "client_id": "5f0c6f9e-8d1a-4c47-9a57-2b8f3f1f7a10", "is_active": True,
        "last_login_at": None, "created_at": "2026-01-05T15:04:05Z",
        "updated_at": "2026-01-05T15:04:05Z", "version": 1}]})
    id: uuid.UUID
    email: str
    full_name: str
    role: Role
    client_id: uuid.UUID | None
    is_active: bool
    last_login_at: datetime | None
    created_at: datetime
    updated_at: datetime
    version: int
