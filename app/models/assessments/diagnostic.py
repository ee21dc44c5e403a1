"""An underperformer diagnostic (DOMAIN.md, "Underperformers: diagnose before acting"): the
manager's answers on motivation, competence and the interpersonal side, and what they point to.
Append-only: a new conversation is a new row, so the history of a rep's diagnoses is kept."""

import uuid
from datetime import datetime
from enum import StrEnum

from pydantic import ConfigDict
from sqlalchemy import JSON, Index, String
from sqlmodel import Field

from app.models.base import IdMixin, Schema, Stamped
from app.models.enums import Motivator
from app.models.practice.rep import Motivators


class Recommendation(StrEnum):
    develop = "develop"
    move_seat = "move_seat"
    exit = "exit"
    insufficient_data = "insufficient_data"


class Competence(Schema):
    """Step 2: have they been given what they need, and do they ask for and use it?"""

    model_config = ConfigDict(extra="forbid")
    has_tools: bool | None = Field(
        default=None, description="Given the tools they need (CRM, platforms, knowledge)?")
    has_training: bool | None = Field(
        default=None, description="Trained on those tools and on the product?")
    knows_what_to_ask: bool | None = Field(
        default=None, description="Do they know what to ask for (and speak up)?")
    uses_tools: bool | None = Field(default=None, description="Do they use what they have?")


DIAGNOSTIC_EXAMPLE = {
    "motivators": ["helping_people", "teamwork", "security", "money"],
    "competence": {"has_tools": True, "has_training": True, "knows_what_to_ask": True,
                   "uses_tools": False},
    "interpersonal_concern": False,
    "note": "Loves looking after existing accounts; avoids asking for the order.",
}


class DiagnosticCreate(Schema):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        DIAGNOSTIC_EXAMPLE]})
    motivators: Motivators = Field(
        description="What drives them, most important first (each once); step 1.")
    competence: Competence | None = Field(default=None, description="Step 2.")
    interpersonal_concern: bool | None = Field(
        default=None, description="Step 3: a concern about how they are doing as people or "
                                  "about their relationship with their manager.")
    note: str = Field(default="", max_length=4000)


class Diagnostic(IdMixin, table=True):
    __tablename__ = "diagnostics"
    __table_args__ = (Index("ix_diagnostics_rep_id_created_at", "rep_id", "created_at"),)
    client_id: uuid.UUID = Field(foreign_key="clients.id", index=True)
    rep_id: uuid.UUID = Field(foreign_key="reps.id")
    motivators: list[str] = Field(default_factory=list, sa_type=JSON)
    competence: dict | None = Field(default=None, sa_type=JSON)
    interpersonal_concern: bool | None = None
    note: str = Field(default="", max_length=4000)
    recommendation: str = Field(sa_type=String(24))
    reasons: list[str] = Field(default_factory=list, sa_type=JSON)
    created_by: uuid.UUID = Field(foreign_key="users.id")
    created_at: datetime = Stamped()


class DiagnosticRead(Schema):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "id": "2f1e0d9c-8b7a-4c6d-9e5f-4a3b2c1d0e9f",
        "client_id": "5f0c6f9e-8d1a-4c47-9a57-2b8f3f1f7a10",
        "rep_id": "0b7e1a52-2f7e-4d8c-9a3e-5d2c1b0a9f88", **DIAGNOSTIC_EXAMPLE,
        "recommendation": "move_seat",
        "reasons": ["Money is not in their top three motivators (helping_people, teamwork, "
                    "security): they are likely in the wrong job; helping_people, teamwork "
                    "point to another seat on the same bus (customer service or account "
                    "management).",
                    "Given the tools and the training, they don't use the tools they have: "
                    "coach on it.",
                    "Consider moving them to another role (right bus, wrong seat), e.g. "
                    "customer service or account management."],
        "created_by": "3d5c2a1b-9e8f-4a7b-8c6d-5e4f3a2b1c0d",
        "created_at": "2026-11-23T16:00:00Z"}]})
    id: uuid.UUID
    client_id: uuid.UUID
    rep_id: uuid.UUID
    motivators: list[Motivator]
    competence: Competence | None
    interpersonal_concern: bool | None
    note: str
    recommendation: Recommendation
    reasons: list[str] = Field(description="Why, one sentence per finding, in the order asked.")
    created_by: uuid.UUID
    created_at: datetime
