"""The shapes of the leading indicators (docs/domain.md, "Leading indicators")."""

import uuid
from datetime import date
from decimal import Decimal

from pydantic import BaseModel, Field

from app.models.base import MoneyTotal


class Rate(BaseModel):
    """A rate with the number of deals it rests on; below the minimum it is flagged."""

    value: float | None = Field(description="A ratio: 0.25 means 25%.")
    deals: int
    insufficient_data: bool


class Amount(BaseModel):
    value: MoneyTotal | None
    deals: int
    insufficient_data: bool


class Days(BaseModel):
    value: float | None
    deals: int
    insufficient_data: bool


class ForecastWindow(BaseModel):
    days: int
    expected: MoneyTotal = Field(description="The pace when the headline is the run rate, else "
                                             "the weighted pipeline.")
    pace: MoneyTotal = Field(description="Revenue won per day over the rate window, times days.")
    weighted_pipeline: MoneyTotal = Field(description="Open deals closing in the window, weighted "
                                                 "by their stage probability.")
    commit: MoneyTotal = Field(description="Open commit deals closing in the window (those "
                                           "long past their expected close left out).")
    best_case: MoneyTotal = Field(description="Commit plus best case, likewise.")


class Forecast(BaseModel):
    method: str = Field(description="The headline's method (reps_calls, manager_call, commit, "
                                    "best_case, weighted_pipeline, conversion or run_rate): the "
                                    "one most accurate for this client; see the forecast.")
    windows: list[ForecastWindow]
    period_end: MoneyTotal = Field(description="The headline: where the period ends by that "
                                               "method, won so far included.")


class Margin(BaseModel):
    """The gross margin of the deals won this period, weighted by their revenue."""

    average_pct: float | None = Field(description="Sum of amount x margin over the amounts.")
    floor_pct: float
    deals: int
    below_floor: bool


class ActivityWeek(BaseModel):
    week: str = Field(examples=["2026-W46"])
    starts_on: date
    calls_meetings: float
    proposals: float
    prospecting_hours: float
    below_target: list[str] = Field(description="Kinds under their weekly target.")
    targets: dict[str, float] = Field(default_factory=dict, description=(
        "The week's target per kind for this rep: their own, their role's or the client's, "
        "with their ramp applied."), examples=[{"calls_meetings": 15.0, "proposals": 3.0,
                                                "prospecting_hours": 5.0}])


class Figures(BaseModel):
    target: MoneyTotal
    revenue_won: MoneyTotal
    attainment: float | None
    open_pipeline: MoneyTotal
    pipeline_coverage: float | None
    near_term_pipeline: MoneyTotal
    near_term_coverage: float | None
    win_rate: Rate
    proposal_conversion: Rate = Field(description=(
        "Of the deals sent a proposal in the rate window and since decided, the share won "
        "(undecided ones are left out)."))
    average_won_deal: Amount
    median_cycle_days: Days
    gross_margin: Margin
    forecast: Forecast


class RepKpis(Figures):
    rep_id: uuid.UUID
    full_name: str
    activity: list[ActivityWeek]


class RepDashboard(RepKpis):
    client_id: uuid.UUID
    as_of: date
    period_start: date
    period_end: date


class PracticeBenchmarks(BaseModel):
    """Medians across the practice's clients (none named); null with fewer than 3 clients."""

    clients: int
    window_days: int
    median_win_rate: float | None
    median_average_won_deal: float | None
    median_cycle_days: float | None


class ClientKpis(Figures):
    client_id: uuid.UUID
    as_of: date
    measurement_period: str
    period_start: date
    period_end: date
    pipeline_coverage_floor: float
    near_term_window_days: int
    near_term_coverage_floor: float
    rate_window_days: int
    practice: PracticeBenchmarks | None = Field(
        description="The practice's medians (left out where the dashboard only feeds alarms).")
    reps: list[RepKpis]


ZERO = Decimal("0")
