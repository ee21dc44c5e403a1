"""Call reviews: the manager on the field with a rep (a ride-along, a recording listened to,
a joint call), before, during or after the call, rating the selling skills 1-5."""

import uuid
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import Index, String, Text
from sqlmodel import Field as SQLField
from sqlmodel import SQLModel

from app.models.base import IdMixin, Schema, Stamped
from app.models.texts import MeetingDay, Notes


class ReviewKind(StrEnum):
    ride_along = "ride_along"
    recording = "recording"
    joint_call = "joint_call"


class CallPhase(StrEnum):
    pre_call = "pre_call"
    on_call = "on_call"
    debrief = "debrief"


class Skill(StrEnum):
    positioning = "positioning"
    recommending = "recommending"
    reaching_decision_makers = "reaching_decision_makers"
    business_case = "business_case"
    proposal = "proposal"
    asking_for_the_sale = "asking_for_the_sale"
    handling_objections = "handling_objections"
    negotiating = "negotiating"


Rating = Annotated[int, Field(ge=1, le=5)]
REVIEW_EXAMPLE = {"deal_id": None, "held_on": "2026-12-02", "kind": "joint_call",
                  "phase": "on_call", "ratings": {"positioning": 4, "asking_for_the_sale": 2,
                                                  "handling_objections": 3},
                  "notes": "Strong opening; never asked for the next step."}


class CallReview(IdMixin, table=True):
    __tablename__ = "call_reviews"
    __table_args__ = (Index("ix_call_reviews_rep_id_held_on", "rep_id", "held_on"),)
    client_id: uuid.UUID = SQLField(foreign_key="clients.id", index=True)
    rep_id: uuid.UUID = SQLField(foreign_key="reps.id")
    deal_id: uuid.UUID | None = SQLField(default=None, foreign_key="deals.id")
    held_on: date
    kind: str = SQLField(sa_type=String(16))
    phase: str = SQLField(sa_type=String(16))
    notes: str = SQLField(default="", sa_type=Text)
    reviewed_by: uuid.UUID = SQLField(foreign_key="users.id")
    created_at: datetime = Stamped()


class CallRating(SQLModel, table=True):
    """One skill's rating in a review (a row each, so trends are summed in SQL)."""

    __tablename__ = "call_ratings"
    review_id: uuid.UUID = SQLField(foreign_key="call_reviews.id", primary_key=True)
    skill: str = SQLField(primary_key=True, sa_type=String(32))
    rep_id: uuid.UUID = SQLField(foreign_key="reps.id", index=True)
    held_on: date
    rating: int


class CallReviewCreate(Schema):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [REVIEW_EXAMPLE]})
    deal_id: uuid.UUID | None = Field(default=None, description="The deal the call was on.")
    held_on: MeetingDay
    kind: ReviewKind
    phase: CallPhase
    ratings: dict[Skill, Rating] = Field(min_length=1, description=(
        "1 (poor) to 5 (excellent), for the skills seen on this call."))
    notes: Notes = ""


class CallReviewRead(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "id": "5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b",
        "client_id": "5f0c6f9e-8d1a-4c47-9a57-2b8f3f1f7a10",
        "rep_id": "0b7e1a52-2f7e-4d8c-9a3e-5d2c1b0a9f88", **REVIEW_EXAMPLE,
        "reviewed_by": "7c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f",
        "created_at": "2026-12-02T20:00:00Z"}]})
    id: uuid.UUID
    client_id: uuid.UUID
    rep_id: uuid.UUID
    deal_id: uuid.UUID | None
    held_on: date
    kind: ReviewKind
    phase: CallPhase
    ratings: dict[Skill, int]
    notes: str
    reviewed_by: uuid.UUID
    created_at: datetime


class SkillTrend(BaseModel):
    skill: Skill
    reviews: int
    average: float = Field(description="Over every review that rated it.")
    recent: float | None = Field(description="Over the last 3 reviews that rated it.")
    earlier: float | None = Field(description="Over the 3 before those.")
    trend: str = Field(description="improving, declining or steady (recent against earlier, "
                                   "±0.5); new with fewer than 4 ratings.")


class SkillsTrend(BaseModel):
    rep_id: uuid.UUID
    skills: list[SkillTrend] = Field(description="The weakest average first.")
