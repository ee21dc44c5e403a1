"""Invitations to a login: sent by email with a single-use token that expires; accepting one
creates the login with the invitee's own password. Only the SHA-256 of the token is kept."""

import uuid
from datetime import datetime
from enum import StrEnum

from pydantic import ConfigDict
from sqlalchemy import Index, String
from sqlmodel import Field

from app.models.base import IdMixin, Schema, TimestampsMixin, UTCDateTime
from app.models.enums import Role
from app.models.identity.user import Email, Password

ACCEPT_PATH = "/api/v1/invitations/{token}/accept"
_TOKEN = "q3V8xW0b2Yh5nJ7kL1mP4rS6tU9vA0cE2gI4kM6oQ8s"
_EXAMPLE = {"email": "riley.new@acme.demo.example", "role": "rep",
            "client_id": "5f0c6f9e-8d1a-4c47-9a57-2b8f3f1f7a10",
            "rep_id": "0b7e1a52-2f7e-4d8c-9a3e-5d2c1b0a9f88", "full_name": "Riley Rep"}
_READ_EXAMPLE = {"id": "9c8b7a6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d", **_EXAMPLE, "status": "pending",
                 "expires_at": "2026-11-30T17:00:00Z",
                 "invited_by": "3d5c2a1b-9e8f-4a7b-8c6d-5e4f3a2b1c0d", "accepted_at": None,
                 "accepted_user_id": None, "revoked_at": None,
                 "created_at": "2026-11-23T17:00:00Z", "updated_at": "2026-11-23T17:00:00Z",
                 "version": 1}


class InvitationStatus(StrEnum):
    """Where an invitation stands: waiting, used, past its expiry, or withdrawn."""

    pending = "pending"
    accepted = "accepted"
    expired = "expired"
    revoked = "revoked"


class Invitation(IdMixin, TimestampsMixin, table=True):
    __tablename__ = "invitations"
    __table_args__ = (Index("ix_invitations_client_id_email", "client_id", "email"),)
    email: str = Field(max_length=254)
    role: Role = Field(sa_type=String(16))
    client_id: uuid.UUID | None = Field(default=None, foreign_key="clients.id")
    rep_id: uuid.UUID | None = Field(default=None, foreign_key="reps.id", index=True)
    full_name: str = Field(default="", max_length=200)
    token_hash: str = Field(max_length=64, unique=True)
    expires_at: datetime = Field(sa_type=UTCDateTime)
    invited_by: uuid.UUID = Field(foreign_key="users.id")
    accepted_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    accepted_user_id: uuid.UUID | None = Field(default=None, foreign_key="users.id")
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class InvitationCreate(Schema):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        _EXAMPLE, {"email": "olivia.partner@acme.demo.example", "role": "owner",
                   "client_id": "5f0c6f9e-8d1a-4c47-9a57-2b8f3f1f7a10"},
        {"email": "second.manager@demo.example", "role": "manager",
         "client_id": "5f0c6f9e-8d1a-4c47-9a57-2b8f3f1f7a10", "full_name": "Sam Manager"}]})
    email: Email
    role: Role
    client_id: uuid.UUID | None = Field(default=None, description=(
        "The client company: required for an owner or a rep; for a manager, the client the "
        "new manager is assigned to on accepting (optional)."))
    rep_id: uuid.UUID | None = Field(default=None, description=(
        "For role rep: the rep record (of that client, without a login) the login attaches "
        "to."))
    full_name: str = Field(default="", max_length=200)


class InvitationRead(Schema):
    model_config = ConfigDict(json_schema_extra={"examples": [_READ_EXAMPLE]})
    id: uuid.UUID
    email: str
    role: Role
    client_id: uuid.UUID | None
    rep_id: uuid.UUID | None
    full_name: str
    status: InvitationStatus = Field(description="pending, accepted, expired or revoked "
                                                 "(expired: past `expires_at` unused).")
    expires_at: datetime
    invited_by: uuid.UUID
    accepted_at: datetime | None
    accepted_user_id: uuid.UUID | None
    revoked_at: datetime | None
    created_at: datetime
    updated_at: datetime
    version: int


class InvitationCreated(InvitationRead):
    model_config = ConfigDict(json_schema_extra={"examples": [_READ_EXAMPLE | {
        "token": _TOKEN, "accept_url": ACCEPT_PATH.format(token=_TOKEN)}]})
    token: str = Field(description="The invitation's secret: shown only in this response; "
                                   "send it to the invitee.")
    accept_url: str = Field(description="Where the invitee accepts (POST, no login needed).")


class InvitationAccept(Schema):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"password": "a-long-passphrase", "full_name": "Riley Rep"}]})
    password: Password
    full_name: str | None = Field(default=None, max_length=200,
                                  description="Default: the name the invitation was sent to.")
