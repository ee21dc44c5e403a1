"""Bottom performers to diagnose (docs/domain.md, "Underperformers: diagnose before acting")."""

import uuid
from datetime import date, datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from app.models.assessments.diagnostic import Recommendation
from app.models.base import MoneyTotal


class Criterion(StrEnum):
    bottom_third_attainment = "bottom_third_attainment"
    activity_below_target = "activity_below_target"


class PeriodAttainment(BaseModel):
    start: date
    end: date
    revenue_won: MoneyTotal
    quota: MoneyTotal
    attainment: float = Field(description="A ratio: 0.4 means 40% of quota.")
    rank: int = Field(description="1 is the lowest attainment of the team in the period.")
    ranked_reps: int = Field(description="Reps ranked in the period.")


class WeekFigure(BaseModel):
    week: str = Field(examples=["2026-W46"])
    actual: float
    target: float


class ActivityStreak(BaseModel):
    kind: str = Field(description="calls_meetings, proposals or prospecting_hours.")
    weeks_below: int = Field(description="Consecutive full weeks below target, to last week.")
    weeks: list[WeekFigure] = Field(description="Those weeks, oldest first.")


class CriterionMet(BaseModel):
    criterion: Criterion
    summary: str
    periods: list[PeriodAttainment] | None = Field(
        default=None, description="bottom_third_attainment: the consecutive periods, oldest "
                                  "first.")
    activity: list[ActivityStreak] | None = Field(
        default=None, description="activity_below_target: each kind's streak.")


class LastDiagnostic(BaseModel):
    id: uuid.UUID
    created_at: datetime
    recommendation: Recommendation


class BottomPerformer(BaseModel):
    rep_id: uuid.UUID
    full_name: str
    criteria: list[CriterionMet]
    last_diagnostic: LastDiagnostic | None = Field(
        description="Diagnose before acting: the rep's latest diagnostic, if any.")


class BottomPerformers(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "client_id": "5f0c6f9e-8d1a-4c47-9a57-2b8f3f1f7a10", "as_of": "2026-11-23",
        "measurement_period": "month", "periods_needed": 2, "weeks_needed": 3,
        "items": [{
            "rep_id": "0b7e1a52-2f7e-4d8c-9a3e-5d2c1b0a9f88", "full_name": "Casey Nguyen",
            "criteria": [
                {"criterion": "bottom_third_attainment",
                 "summary": "In the bottom third of attainment for the last 2 periods.",
                 "periods": [
                     {"start": "2026-09-01", "end": "2026-09-30", "revenue_won": "12000.00",
                      "quota": "50000.00", "attainment": 0.24, "rank": 1,
                      "ranked_reps": 5},
                     {"start": "2026-10-01", "end": "2026-10-31", "revenue_won": "20000.00",
                      "quota": "50000.00", "attainment": 0.4, "rank": 2, "ranked_reps": 5}],
                 "activity": None},
                {"criterion": "activity_below_target",
                 "summary": "Below the calls/meetings target for 3 consecutive weeks.",
                 "periods": None,
                 "activity": [{"kind": "calls_meetings", "weeks_below": 3, "weeks": [
                     {"week": "2026-W45", "actual": 7, "target": 15},
                     {"week": "2026-W46", "actual": 6, "target": 15},
                     {"week": "2026-W47", "actual": 7, "target": 15}]}]}],
            "last_diagnostic": None}]}]})
    client_id: uuid.UUID
    as_of: date
    measurement_period: str
    periods_needed: int
    weeks_needed: int
    items: list[BottomPerformer]
