"""Refresh tokens and login attempts: the auth state every worker shares."""

import uuid
from datetime import datetime

from sqlmodel import Field, SQLModel

from app.models.base import Stamped, UTCDateTime


class RefreshToken(SQLModel, table=True):
    """One refresh token; rotating it makes the next of its family."""

    __tablename__ = "refresh_tokens"
    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    user_id: uuid.UUID = Field(foreign_key="users.id", index=True)
    family_id: uuid.UUID = Field(index=True)
    token_hash: str = Field(max_length=64, unique=True)
    created_at: datetime = Stamped()
    expires_at: datetime = Field(sa_type=UTCDateTime)
    used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class LoginFailure(SQLModel, table=True):
    """A failed login for an email (known or not), counted for the lockout."""

    __tablename__ = "login_failures"
    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    email: str = Field(max_length=254, index=True)
    failed_at: datetime = Stamped(index=True)
