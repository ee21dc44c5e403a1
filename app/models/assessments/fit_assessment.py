"""Client fit (docs/domain.md, "Client fit"): is a fractional manager right for this company?
Nine yes/no criteria; append-only, a new assessment is a new row."""

import uuid
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict
from sqlalchemy import JSON, Index
from sqlmodel import Field

from app.models.base import IdMixin, Schema, Stamped


class FitCriterion(StrEnum):
    willing_to_change = "willing_to_change"
    trusting_leadership = "trusting_leadership"
    proven_sales_process = "proven_sales_process"
    team_of_two_or_more = "team_of_two_or_more"
    current_business_plan = "current_business_plan"
    product_knowledge_provided = "product_knowledge_provided"
    owners_attend_sales_meetings = "owners_attend_sales_meetings"
    provides_technology_tools = "provides_technology_tools"
    wants_long_term = "wants_long_term"


FIT_EXAMPLE = {
    "assessed_on": "2026-01-05", "willing_to_change": True, "trusting_leadership": True,
    "proven_sales_process": False, "team_of_two_or_more": True, "current_business_plan": True,
    "product_knowledge_provided": True, "owners_attend_sales_meetings": False,
    "provides_technology_tools": True, "wants_long_term": True,
    "notes": {"proven_sales_process": "Founded 2024; first sales hires last year."},
    "note": "Owner keen; wants help building the process.",
}


class FitAnswers(Schema):
    willing_to_change: bool = Field(description="Willing to change, the owners too.")
    trusting_leadership: bool = Field(description="A trusting leadership style.")
    proven_sales_process: bool = Field(
        description="Proven sales success and a process to build on (startups are riskier).")
    team_of_two_or_more: bool = Field(
        description="A team of 2 or more reps (checked against the reps on record).")
    current_business_plan: bool = Field(
        description="A current business plan, or willing to write one.")
    product_knowledge_provided: bool = Field(
        description="Product knowledge provided by the company.")
    owners_attend_sales_meetings: bool = Field(description="Owners attend some sales meetings.")
    provides_technology_tools: bool = Field(
        description="Willing to provide the technology tools (CRM, platforms).")
    wants_long_term: bool = Field(description="Wants a long-term relationship.")


class FitAssessmentCreate(FitAnswers):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [FIT_EXAMPLE]})
    assessed_on: date | None = Field(
        default=None, description="Default: today in the client's time zone; not in the future.")
    notes: dict[FitCriterion, Annotated[str, Field(max_length=2000)]] = Field(
        default_factory=dict, description="An optional note per criterion.")
    note: str = Field(default="", max_length=4000)


class FitAssessment(IdMixin, table=True):
    __tablename__ = "fit_assessments"
    __table_args__ = (Index("ix_fit_assessments_client_id_created_at", "client_id",
                            "created_at"),)
    client_id: uuid.UUID = Field(foreign_key="clients.id")
    assessed_on: date
    answers: dict[str, bool] = Field(default_factory=dict, sa_type=JSON)
    notes: dict[str, str] = Field(default_factory=dict, sa_type=JSON)
    note: str = Field(default="", max_length=4000)
    active_reps: int = Field(description="The client's active reps when assessed.")
    created_by: uuid.UUID = Field(foreign_key="users.id")
    created_at: datetime = Stamped()


class FitCriterionResult(BaseModel):
    criterion: FitCriterion
    question: str
    answer: bool
    met: bool
    note: str


class FitAssessmentRead(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "id": "6a5b4c3d-2e1f-4a0b-9c8d-7e6f5a4b3c2d",
        "client_id": "5f0c6f9e-8d1a-4c47-9a57-2b8f3f1f7a10", "assessed_on": "2026-01-05",
        "met": 7, "total": 9, "score_pct": 77.8, "active_reps": 5,
        "criteria": [{"criterion": "proven_sales_process",
                      "question": "Proven sales success and a process to build on?",
                      "answer": False, "met": False,
                      "note": "Founded 2024; first sales hires last year."}],
        "risks": ["Unproven sales process: startups are riskier.",
                  "Owners don't attend sales meetings: the team won't see leadership "
                  "behind the changes."],
        "note": "Owner keen; wants help building the process.",
        "created_by": "3d5c2a1b-9e8f-4a7b-8c6d-5e4f3a2b1c0d",
        "created_at": "2026-01-05T15:00:00Z"}]})
    id: uuid.UUID
    client_id: uuid.UUID
    assessed_on: date
    met: int
    total: int
    score_pct: float
    active_reps: int = Field(description="The client's active reps when assessed.")
    criteria: list[FitCriterionResult]
    risks: list[str] = Field(description="Each unmet criterion, in words.")
    note: str
    created_by: uuid.UUID
    created_at: datetime
