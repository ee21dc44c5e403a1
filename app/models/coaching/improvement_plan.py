"""A rep's improvement plan: 30, 60 or 90 days from a start day, goals per week (the activity
the house measures) or over the whole plan (revenue won), a weekly check-in day, and how it
ended. While it is open the rep's status is `on_plan`; one open plan per rep."""

import uuid
from datetime import date, datetime
from decimal import Decimal
from enum import IntEnum, StrEnum
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field
from sqlalchemy import JSON, Index, String
from sqlmodel import Field as SQLField

from app.models.base import IdMixin, Schema, TimestampsMixin, UTCDateTime
from app.models.texts import MeetingDay


class PlanMetric(StrEnum):
    """Weekly activity (as the activity alarm and the bottom performers count it) or revenue
    won over the whole plan."""

    calls_meetings = "calls_meetings"
    proposals = "proposals"
    prospecting_hours = "prospecting_hours"
    revenue_won = "revenue_won"


WEEKLY_METRICS = (PlanMetric.calls_meetings, PlanMetric.proposals,
                  PlanMetric.prospecting_hours)


class PlanOutcome(StrEnum):
    met = "met"
    move_seat = "move_seat"
    exit = "exit"


class Weekday(IntEnum):
    """0 = Monday ... 6 = Sunday (as the alarm rules' forecast_call_weekday)."""

    monday = 0
    tuesday = 1
    wednesday = 2
    thursday = 3
    friday = 4
    saturday = 5
    sunday = 6


class Goal(Schema):
    model_config = ConfigDict(extra="forbid")
    metric: PlanMetric
    target: Decimal = Field(gt=0, max_digits=12, decimal_places=2, description=(
        "Per week for the activity metrics (calls_meetings counts calls and meetings, "
        "prospecting_hours hours); for revenue_won, over the whole plan."))


def _each_metric_once(goals: list[Goal]) -> list[Goal]:
    if len({g.metric for g in goals}) != len(goals):
        raise ValueError("each metric may have one goal")
    return goals


Goals = Annotated[list[Goal], Field(min_length=1, max_length=4),
                  AfterValidator(_each_metric_once)]

PLAN_EXAMPLE = {"starts_on": "2026-12-07", "length_days": 30,
                "goals": [{"metric": "calls_meetings", "target": "15"},
                          {"metric": "proposals", "target": "2"},
                          {"metric": "revenue_won", "target": "20000"}],
                "check_in_weekday": 4,
                "note": "Agreed in the one-on-one: back to the activity that fills the funnel."}


class ImprovementPlan(IdMixin, TimestampsMixin, table=True):
    __tablename__ = "improvement_plans"
    __table_args__ = (Index("ix_improvement_plans_rep_id_starts_on", "rep_id", "starts_on"),)
    client_id: uuid.UUID = SQLField(foreign_key="clients.id", index=True)
    rep_id: uuid.UUID = SQLField(foreign_key="reps.id")
    starts_on: date
    length_days: int
    ends_on: date = SQLField(description="The plan's last day: starts_on + length_days - 1.")
    goals: list[dict] = SQLField(default_factory=list, sa_type=JSON)
    check_in_weekday: int
    note: str = SQLField(default="", max_length=2000)
    outcome: str | None = SQLField(default=None, sa_type=String(16))
    close_note: str = SQLField(default="", max_length=2000)
    closed_on: date | None = SQLField(default=None,
                                      description="The client's day it was closed.")
    closed_at: datetime | None = SQLField(default=None, sa_type=UTCDateTime)
    closed_by: uuid.UUID | None = SQLField(default=None, foreign_key="users.id")
    created_by: uuid.UUID = SQLField(foreign_key="users.id")


class PlanCreate(Schema):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [PLAN_EXAMPLE]})
    starts_on: MeetingDay = Field(description="The first day; weeks run 7 days from it. May lie "
                                              "in the past, as long as the plan has not ended.")
    length_days: Literal[30, 60, 90]
    goals: Goals = Field(description="One goal per metric, at least one.")
    check_in_weekday: Weekday = Field(description="The weekly check-in: 0 = Monday ... "
                                                  "6 = Sunday.")
    note: str = Field(default="", max_length=2000)


class PlanClose(Schema):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"outcome": "met", "note": "Four weeks in a row on target; back to normal coaching."}]})
    outcome: PlanOutcome = Field(description="met or move_seat: the rep goes back to active; "
                                             "exit: the rep is exited.")
    note: str = Field(default="", max_length=2000)


class GoalWeek(BaseModel):
    metric: PlanMetric
    target: Decimal = Field(description="The week's target (a short last week's pro rata); "
                                        "revenue_won: the plan's target pro rata to the "
                                        "week's end.")
    actual: Decimal = Field(description="revenue_won: won since the plan started, to the "
                                        "week's end.")
    met: bool | None = Field(description="Null while the week is still running.")


class PlanWeek(BaseModel):
    number: int = Field(description="1 for the first week of the plan.")
    starts_on: date
    ends_on: date
    complete: bool = Field(description="The week ended before today (the client's zone).")
    goals: list[GoalWeek]


class GoalSummary(BaseModel):
    metric: PlanMetric
    target: Decimal
    weeks_met: int = Field(description="Complete weeks in which the goal was met.")
    weeks_judged: int = Field(description="Complete weeks so far.")
    weeks_behind: int = Field(description="Consecutive complete weeks below target, up to the "
                                          "latest complete week.")
    behind: bool = Field(description="The latest complete week is below target.")


class PlanProgress(BaseModel):
    as_of: date
    weeks: list[PlanWeek] = Field(description="Each week of the plan so far, oldest first.")
    goals: list[GoalSummary]
    on_track: bool = Field(description="No goal is behind in the latest complete week (true "
                                       "before the first week is over).")


_PROGRESS_EXAMPLE = {
    "as_of": "2026-12-16",
    "weeks": [{"number": 1, "starts_on": "2026-12-07", "ends_on": "2026-12-13",
               "complete": True, "goals": [
                   {"metric": "calls_meetings", "target": "15.00", "actual": "12.00",
                    "met": False},
                   {"metric": "proposals", "target": "2.00", "actual": "2.00", "met": True},
                   {"metric": "revenue_won", "target": "4666.67", "actual": "8000.00",
                    "met": True}]}],
    "goals": [{"metric": "calls_meetings", "target": "15.00", "weeks_met": 0,
               "weeks_judged": 1, "weeks_behind": 1, "behind": True},
              {"metric": "proposals", "target": "2.00", "weeks_met": 1, "weeks_judged": 1,
               "weeks_behind": 0, "behind": False},
              {"metric": "revenue_won", "target": "20000.00", "weeks_met": 1,
               "weeks_judged": 1, "weeks_behind": 0, "behind": False}],
    "on_track": False}


class PlanRead(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "id": "6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d",
        "client_id": "5f0c6f9e-8d1a-4c47-9a57-2b8f3f1f7a10",
        "rep_id": "0b7e1a52-2f7e-4d8c-9a3e-5d2c1b0a9f88", **PLAN_EXAMPLE,
        "ends_on": "2027-01-05", "next_check_in": "2026-12-18", "open": True,
        "outcome": None, "close_note": "", "closed_on": None, "closed_at": None,
        "closed_by": None, "created_by": "3d5c2a1b-9e8f-4a7b-8c6d-5e4f3a2b1c0d",
        "created_at": "2026-12-07T10:00:00Z", "progress": _PROGRESS_EXAMPLE}]})
    id: uuid.UUID
    client_id: uuid.UUID
    rep_id: uuid.UUID
    starts_on: date
    length_days: int
    ends_on: date
    goals: list[Goal]
    check_in_weekday: Weekday
    next_check_in: date | None = Field(description="The next check-in day from today within "
                                                   "the plan; null once closed or past.")
    note: str
    open: bool
    outcome: PlanOutcome | None
    close_note: str
    closed_on: date | None
    closed_at: datetime | None
    closed_by: uuid.UUID | None
    created_by: uuid.UUID
    created_at: datetime
    progress: PlanProgress
