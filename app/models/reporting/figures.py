"""The figures of a progress report: results, the outlook, activity and revenue per rep,
the deals closed, people, coaching cadence, alarms and the engagement's return."""

import uuid
from datetime import date

from pydantic import BaseModel, Field

from app.models.base import MoneyTotal


class PeriodResult(BaseModel):
    period: str = Field(examples=["2026-10"])
    period_start: date
    period_end: date
    target: MoneyTotal
    revenue_won: MoneyTotal
    attainment: float | None = Field(description="revenue_won / target (0.92 = 92 %).")


class Results(PeriodResult):
    before: list[PeriodResult] = Field(description="The 3 periods before, oldest first.")


class MethodValue(BaseModel):
    method: str = Field(examples=["commit"])
    value: MoneyTotal | None


class Outlook(BaseModel):
    """Where the report's period ends by each method (as of the report's day), and the next
    period's forecast as it stands on the report's day."""

    target: MoneyTotal
    headline_method: str
    headline: MoneyTotal
    methods: list[MethodValue]
    next_period: str
    next_period_target: MoneyTotal
    next_period_headline: MoneyTotal
    next_period_method: str


class CoverageWeek(BaseModel):
    week: str = Field(examples=["2026-W46"])
    starts_on: date
    open_pipeline: MoneyTotal
    pipeline_coverage: float | None
    revenue_won: MoneyTotal


class Coverage(BaseModel):
    pipeline_coverage: float | None
    pipeline_coverage_floor: float
    near_term_coverage: float | None
    near_term_coverage_floor: float
    trend: str = Field(description="rising, falling or flat: the pipeline coverage of the "
                                   "period's last week against its first (±10 %).")
    weeks: list[CoverageWeek] = Field(description="Each ISO week the period touches.")


class RepLine(BaseModel):
    rep_id: uuid.UUID
    full_name: str
    quota: MoneyTotal
    revenue_won: MoneyTotal
    attainment: float | None
    activity_weeks_met: int = Field(description="Weeks of the period with every activity "
                                                "target met.")
    activity_weeks: int = Field(description="Full ISO weeks of the period up to its day.")
    one_on_ones_held: int
    calls_meetings_per_week: float | None = Field(description=(
        "Calls and meetings per week over those weeks; null without a week."))


class DealLine(BaseModel):
    deal_id: uuid.UUID
    name: str
    account_name: str | None
    rep_name: str
    amount: MoneyTotal
    closed_on: date
    lost_reason: str | None


class ReasonCount(BaseModel):
    reason: str
    deals: int


class Closed(BaseModel):
    won: list[DealLine] = Field(description="The largest first.")
    lost: list[DealLine] = Field(description="The largest first.")
    loss_reasons: list[ReasonCount] = Field(description="The most frequent first.")


class People(BaseModel):
    hired: list[str] = Field(description="Reps whose hire date falls in the period.")
    exited: list[str] = Field(description="Reps who left in the period.")
    on_plan: list[str] = Field(description="Reps on an improvement plan.")
    open_candidates: int = Field(description="Candidates not yet hired or rejected.")


class Cadence(BaseModel):
    one_on_ones_held: int
    sales_meetings_held: int
    owner_attended: int = Field(description="Sales meetings of the period the owner came to.")


class AlarmLine(BaseModel):
    code: str
    severity: str
    rep_name: str | None
    message: str = Field(description="What is wrong and the course correction.")


class AlarmCourse(BaseModel):
    """The alarms standing at the period's start and at its end (or the report's day)."""

    raised: list[AlarmLine] = Field(description="Standing at the end, not at the start.")
    standing: list[AlarmLine] = Field(description="Standing at both.")
    cleared: list[AlarmLine] = Field(description="Standing at the start, no longer.")


class Return(BaseModel):
    insufficient_data: bool = Field(description=(
        "True until a full month of the engagement has passed (or without a start date)."))
    reason: str | None
    fees_to_date: MoneyTotal | None
    revenue_growth: MoneyTotal | None
    return_on_fees: float | None = Field(description="Revenue growth over fees (2.5 = 2.5x).")
    gross_profit_growth: MoneyTotal | None = Field(description=(
        "The growth at the average gross margin of the deals won since the start."))
    return_on_gross_profit: float | None


class OwnerItem(BaseModel):
    title: str
    due_on: date | None
    overdue: bool


class OpenDecision(BaseModel):
    question: str
    needed_by: date
    overdue: bool


class OwnerSide(BaseModel):
    """What waits on the owner at the report's day."""

    open_decisions: list[OpenDecision] = Field(default_factory=list, description=(
        "Decision requests not answered, by the day needed."))
    action_items: list[OwnerItem] = Field(default_factory=list, description=(
        "The owner's open action items, by due day."))


class ReportFigures(BaseModel):
    weekly_calls_target: int = Field(description="The client's calls and meetings per rep "
                                                 "per week.")
    results: Results
    outlook: Outlook
    coverage: Coverage
    reps: list[RepLine]
    deals: Closed
    people: People
    coaching: Cadence
    alarms: AlarmCourse
    engagement: Return
    owner: OwnerSide = Field(default_factory=OwnerSide)
