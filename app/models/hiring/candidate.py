"""Candidates for a sales role at a client, and their way through the hiring process."""

import uuid
from datetime import datetime

from pydantic import ConfigDict
from sqlalchemy import Index, String
from sqlmodel import Field

from app.models.base import IdMixin, Schema, TimestampsMixin, UTCDateTime
from app.models.enums import CandidateStatus
from app.models.identity.user import Email

CANDIDATE_EXAMPLE = {"client_id": "5f0c6f9e-8d1a-4c47-9a57-2b8f3f1f7a10",
                     "full_name": "Jamie Rivera", "email": "jamie.rivera@example.com",
                     "phone": "+1 312 555 0147", "position": "Account Executive",
                     "source": "referral"}


class CandidateFields(Schema):
    full_name: str = Field(min_length=1, max_length=200)
    email: Email | None = Field(default=None, max_length=254)
    phone: str = Field(default="", max_length=40)
    position: str = Field(default="Account Executive", min_length=1, max_length=200)
    source: str = Field(default="", max_length=100, description="Referral, job board, ...")


class Candidate(CandidateFields, IdMixin, TimestampsMixin, table=True):
    __tablename__ = "candidates"
    __table_args__ = (Index("ix_candidates_client_id_status", "client_id", "status"),)
    client_id: uuid.UUID = Field(foreign_key="clients.id")
    status: CandidateStatus = Field(default=CandidateStatus.applied, sa_type=String(16))
    social_check_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    social_check_by: uuid.UUID | None = Field(default=None, foreign_key="users.id")
    social_check_concern: bool | None = None
    social_check_note: str = Field(default="", max_length=2000)
    offer_override_reason: str | None = Field(default=None, max_length=2000)
    offer_override_by: uuid.UUID | None = Field(default=None, foreign_key="users.id")
    offer_override_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    hired_rep_id: uuid.UUID | None = Field(default=None, foreign_key="reps.id")


class CandidateCreate(CandidateFields):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        CANDIDATE_EXAMPLE]})
    client_id: uuid.UUID


class CandidateUpdate(Schema):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"status": "screening"},
        {"status": "offer", "override_reason": "Second panel moved to next week; owner met "
         "the candidate twice and references are strong."},
        {"status": "hired", "create_rep": True}]})
    full_name: str | None = Field(default=None, min_length=1, max_length=200)
    email: Email | None = None
    phone: str | None = Field(default=None, max_length=40)
    position: str | None = Field(default=None, min_length=1, max_length=200)
    source: str | None = Field(default=None, max_length=100)
    status: CandidateStatus | None = None
    override_reason: str | None = Field(
        default=None, min_length=10, max_length=2000,
        description="A manager's written reason to move to offer although the gate is not met.")
    create_rep: bool = Field(
        default=False, description="With status hired: also create the rep record.")


class SocialMediaCheck(Schema):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"concern": False, "note": "LinkedIn and X reviewed; consistent with the CV."}]})
    concern: bool
    note: str = Field(default="", max_length=2000)


class CandidateRead(CandidateFields):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "id": "7d6c5b4a-3f2e-4d1c-8b9a-0f1e2d3c4b5a", **CANDIDATE_EXAMPLE,
        "status": "interviewing", "social_check_at": "2026-11-12T15:00:00Z",
        "social_check_by": "3d5c2a1b-9e8f-4a7b-8c6d-5e4f3a2b1c0d",
        "social_check_concern": False, "social_check_note": "Nothing of concern.",
        "offer_override_reason": None, "offer_override_by": None, "offer_override_at": None,
        "hired_rep_id": None, "created_at": "2026-11-01T10:00:00Z",
        "updated_at": "2026-11-12T15:00:00Z", "version": 3}]})
    id: uuid.UUID
    client_id: uuid.UUID
    status: CandidateStatus
    social_check_at: datetime | None
    social_check_by: uuid.UUID | None
    social_check_concern: bool | None
    social_check_note: str
    offer_override_reason: str | None
    offer_override_by: uuid.UUID | None
    offer_override_at: datetime | None
    hired_rep_id: uuid.UUID | None
    created_at: datetime
    updated_at: datetime
    version: int


class CandidateMoved(CandidateRead):
    """The answer to a PATCH: a hire with `create_rep` also tells the new rep's onboarding
    plan and the invitation to their login, with its token, in this answer only (null in
    every other)."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        CandidateRead.model_config["json_schema_extra"]["examples"][0] | {
            "status": "hired", "hired_rep_id": "0b7e1a52-2f7e-4d8c-9a3e-5d2c1b0a9f88",
            "onboarding_plan_id": "4e5f6a7b-8c9d-4e0f-a1b2-c3d4e5f6a7b8",
            "invitation_id": "9c8b7a6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d",
            "invitation_token": "q3V8xW0b2Yh5nJ7kL1mP4rS6tU9vA0cE2gI4kM6oQ8s",
            "invitation_accept_url":
                "/api/v1/invitations/q3V8xW0b2Yh5nJ7kL1mP4rS6tU9vA0cE2gI4kM6oQ8s/accept"}]})
    onboarding_plan_id: uuid.UUID | None = Field(
        default=None, description="On a hire with create_rep: the new rep's onboarding plan "
                                  "(GET /reps/{hired_rep_id}/onboarding).")
    invitation_id: uuid.UUID | None = Field(
        default=None, description="On a hire with create_rep, when the candidate has an email "
                                  "without a login yet: the invitation to the rep's login.")
    invitation_token: str | None = Field(
        default=None, description="Its token: shown only in this answer; send it to the new "
                                  "rep.")
    invitation_accept_url: str | None = Field(
        default=None, description="Where the new rep accepts the invitation.")
