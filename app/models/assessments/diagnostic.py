"""An underperformer diagnostic (docs/domain.md, "Underperformers: diagnose before acting"): the
manager's answers on motivation, competence and the interpersonal side, and what they point to.
Append-only: a new conversation is a new row, so the history of a rep's diagnoses is kept."""

import uuid
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from pydantic import BaseModel, ConfigDict
from sqlalchemy import JSON, Index, String
from sqlmodel import Field

from app.models.base import IdMixin, Schema, Stamped
from app.models.coaching.improvement_plan import PlanOutcome
from app.models.enums import Motivator
from app.models.practice.rep import Motivators


class Recommendation(StrEnum):
    develop = "develop"
    move_seat = "move_seat"
    exit = "exit"
    insufficient_data = "insufficient_data"


class Competence(Schema):
    """Step 2: have they been given what they need, and do they ask for and use it?"""

    model_config = ConfigDict(extra="forbid", json_schema_serialization_defaults_required=True)
    has_tools: bool | None = Field(
        default=None, description="Given the tools they need (CRM, platforms, knowledge)?")
    has_training: bool | None = Field(
        default=None, description="Trained on those tools and on the product?")
    knows_what_to_ask: bool | None = Field(
        default=None, description="Do they know what to ask for (and speak up)?")
    uses_tools: bool | None = Field(default=None, description="Do they use what they have?")


class ActivityEvidence(BaseModel):
    weeks_met: int = Field(description="Weeks with all three kinds at or above the client's "
                                       "weekly targets.")
    weeks: int = Field(description="Complete ISO weeks looked at: the last 8 before the week "
                                   "of as_of, fewer for a rep hired since.")


class ResultsEvidence(BaseModel):
    """The rep's closed deals of the window against the team's (the client's current reps,
    this one included, each with at least one deal of that kind in the window)."""

    window_start: date
    window_end: date = Field(description="as_of; the window is the last 90 days.")
    decided: int = Field(description="Deals won or lost (closed_on in the window).")
    won: int
    win_rate: float | None = Field(description="won / decided; null with nothing decided.")
    team_median_win_rate: float | None
    average_won: Decimal | None = Field(description="The average amount of the deals won.")
    team_median_average_won: Decimal | None


class PlanEvidence(BaseModel):
    id: uuid.UUID
    starts_on: date
    length_days: int
    outcome: PlanOutcome | None = Field(description="Null while open.")
    closed_on: date | None


class TrainingEvidence(BaseModel):
    topic: str
    done_on: date | None = Field(description="The client's day the rep completed it; null: "
                                             "assigned, not completed yet.")


class Evidence(BaseModel):
    """What the data said about the rep when the diagnostic was made."""

    as_of: date = Field(description="The client's day the evidence was gathered.")
    activity: ActivityEvidence
    results: ResultsEvidence
    improvement_plans: list[PlanEvidence] = Field(description="Newest first.")
    trainings: list[TrainingEvidence] = Field(description="The rep's, newest due first.")
    has_training: bool | None = Field(description=(
        "From the trainings: true with one completed, false when assigned and none completed "
        "yet (in progress), null with none assigned. Used when the manager did not answer "
        "competence.has_training."))


EVIDENCE_EXAMPLE = {
    "as_of": "2026-11-23",
    "activity": {"weeks_met": 2, "weeks": 8},
    "results": {"window_start": "2026-08-26", "window_end": "2026-11-23", "decided": 11,
                "won": 2, "win_rate": 0.1818, "team_median_win_rate": 0.3125,
                "average_won": "9500.00", "team_median_average_won": "14250.00"},
    "improvement_plans": [],
    "trainings": [{"topic": "Discovery calls", "done_on": "2026-10-02"}],
    "has_training": True}

DIAGNOSTIC_EXAMPLE = {
    "motivators": ["helping_people", "teamwork", "security", "money"],
    "competence": {"has_tools": True, "has_training": None, "knows_what_to_ask": True,
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
    evidence: dict | None = Field(default=None, sa_type=JSON,
                                  description="What the data said then (null before 0024).")
    created_by: uuid.UUID = Field(foreign_key="users.id")
    created_at: datetime = Stamped()


class DiagnosticRead(Schema):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "id": "2f1e0d9c-8b7a-4c6d-9e5f-4a3b2c1d0e9f",
        "client_id": "5f0c6f9e-8d1a-4c47-9a57-2b8f3f1f7a10",
        "rep_id": "0b7e1a52-2f7e-4d8c-9a3e-5d2c1b0a9f88", **DIAGNOSTIC_EXAMPLE,
        "recommendation": "move_seat",
        "reasons": ["The record: 2 of the last 8 weeks met the activity targets; win rate "
                    "18 % (2 of 11 decided in the last 90 days) against a team median of "
                    "31 %; average won deal 9,500.00 against a team median of 14,250.00.",
                    "Money is not in their top three motivators (helping_people, teamwork, "
                    "security): they are likely in the wrong job; helping_people, teamwork "
                    "point to another seat on the same bus (customer service or account "
                    "management).",
                    "Given the tools and the training (training 'Discovery calls' completed "
                    "2026-10-02), they don't use the tools they have: coach on it.",
                    "Consider moving them to another role (right bus, wrong seat), e.g. "
                    "customer service or account management."],
        "evidence": EVIDENCE_EXAMPLE,
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
    reasons: list[str] = Field(description="Why, one sentence per finding, in the order asked, "
                                           "each naming the evidence it rests on.")
    evidence: Evidence | None = Field(description="What the data said (null for diagnostics "
                                                  "made before evidence was gathered).")
    created_by: uuid.UUID
    created_at: datetime
