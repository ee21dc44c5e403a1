"""Strategy and execution reviews (docs/domain.md, "Strategy reviews": every 6
months): fixed questions in three sections, each scored 1-5; append-only, one per client
and day."""

import uuid
from datetime import date, datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, field_validator
from sqlalchemy import JSON, UniqueConstraint
from sqlmodel import Field

from app.models.base import IdMixin, Schema, Stamped


class ReviewSection(StrEnum):
    execution = "execution"
    support = "support"
    strategy = "strategy"


class ReviewQuestion(StrEnum):
    sales_meetings = "sales_meetings"
    buyer_decision_process = "buyer_decision_process"
    value_selling = "value_selling"
    marketing_icp_support = "marketing_icp_support"
    admin_support = "admin_support"
    products_pricing = "products_pricing"
    crm_configuration = "crm_configuration"
    coaching_structure = "coaching_structure"
    compensation_plan = "compensation_plan"
    icp_personas_accurate = "icp_personas_accurate"
    winning_wanted_business = "winning_wanted_business"
    profitability = "profitability"


class ReviewAnswer(Schema):
    model_config = ConfigDict(extra="forbid", json_schema_serialization_defaults_required=True)
    question: ReviewQuestion
    score: int = Field(ge=1, le=5, description="1 (not at all) to 5 (very well).")
    note: str = Field(default="", max_length=2000)


REVIEW_EXAMPLE = {"held_on": "2026-11-20", "answers": [
    {"question": "sales_meetings", "score": 4, "note": "Agendas sent ahead; recaps same day."},
    {"question": "value_selling", "score": 2, "note": "Still leading with the spec sheet."},
    {"question": "profitability", "score": 3, "note": ""}]}


class StrategyReviewCreate(Schema):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [REVIEW_EXAMPLE]})
    held_on: date = Field(description="Not in the future; one review per client and day.")
    answers: list[ReviewAnswer] = Field(min_length=1, max_length=len(ReviewQuestion))
    note: str = Field(default="", max_length=4000)

    @field_validator("answers")
    @classmethod
    def _each_question_once(cls, answers: list[ReviewAnswer]) -> list[ReviewAnswer]:
        seen: set[str] = set()
        repeated = sorted({a.question.value for a in answers
                           if a.question in seen or seen.add(a.question)})
        if repeated:
            raise ValueError(f"each question may be answered once: {', '.join(repeated)} "
                             "repeated")
        return answers


class StrategyReview(IdMixin, table=True):
    __tablename__ = "strategy_reviews"
    __table_args__ = (UniqueConstraint("client_id", "held_on"),)
    client_id: uuid.UUID = Field(foreign_key="clients.id")
    held_on: date
    answers: list[dict] = Field(default_factory=list, sa_type=JSON)
    note: str = Field(default="", max_length=4000)
    created_by: uuid.UUID = Field(foreign_key="users.id")
    created_at: datetime = Stamped()


class QuestionText(BaseModel):
    question: ReviewQuestion
    section: ReviewSection
    text: str


class QuestionList(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"items": [
        {"question": "sales_meetings", "section": "execution",
         "text": "How well do we conduct thorough, professional sales meetings with buyers?"}]}]})
    items: list[QuestionText]


class SectionScore(BaseModel):
    section: ReviewSection
    score: float | None = Field(description="The average of its answered questions (1-5).")
    answered: int
    questions: int
    change: float | None = Field(description="Since the previous review (null without one).")


class StrategyReviewRead(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "id": "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f",
        "client_id": "5f0c6f9e-8d1a-4c47-9a57-2b8f3f1f7a10", **REVIEW_EXAMPLE, "note": "",
        "sections": [
            {"section": "execution", "score": 3.0, "answered": 2, "questions": 3,
             "change": 0.5},
            {"section": "support", "score": None, "answered": 0, "questions": 6,
             "change": None},
            {"section": "strategy", "score": 3.0, "answered": 1, "questions": 3,
             "change": -1.0}],
        "overall": 3.0, "overall_change": -0.25, "unanswered": ["buyer_decision_process"],
        "previous_review_id": "0b1c2d3e-4f5a-4b6c-7d8e-9f0a1b2c3d4e",
        "previous_held_on": "2026-05-18", "created_by": "3d5c2a1b-9e8f-4a7b-8c6d-5e4f3a2b1c0d",
        "created_at": "2026-11-20T18:00:00Z"}]})
    id: uuid.UUID
    client_id: uuid.UUID
    held_on: date
    answers: list[ReviewAnswer]
    note: str
    sections: list[SectionScore]
    overall: float | None = Field(description="The average of the section scores (each "
                                              "section weighs the same).")
    overall_change: float | None
    unanswered: list[ReviewQuestion]
    previous_review_id: uuid.UUID | None
    previous_held_on: date | None
    created_by: uuid.UUID
    created_at: datetime
