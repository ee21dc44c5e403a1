"""The forecast of a period: every method side by side for the client and each rep, the
headline (the method that has been most accurate for this client), and the deals left out."""

import uuid
from datetime import date
from enum import StrEnum

from pydantic import BaseModel, Field

from app.models.base import MoneyTotal
from app.models.insights.forecast_call import ForecastCallRead


class ForecastMethod(StrEnum):
    reps_calls = "reps_calls"
    manager_call = "manager_call"
    commit = "commit"
    best_case = "best_case"
    weighted_pipeline = "weighted_pipeline"
    conversion = "conversion"
    run_rate = "run_rate"


DEFAULT_METHOD = ForecastMethod.weighted_pipeline
# What each method says the period ends at (all include what is already won).
METHOD_TEXT = {
    ForecastMethod.reps_calls: "the reps' latest commit calls, summed",
    ForecastMethod.manager_call: "the manager's latest commit call for the client",
    ForecastMethod.commit: "won + open commit deals due by the period's end",
    ForecastMethod.best_case: "won + open commit and best-case deals due by the period's end",
    ForecastMethod.weighted_pipeline: "won + open deals due by the period's end, each times "
                                      "the client's probability for its stage",
    ForecastMethod.conversion: "won + open deals due by the period's end, each times the "
                               "share of this client's deals won from its stage (last 365 days)",
    ForecastMethod.run_rate: "won + revenue won per day over the last 90 days, times the days "
                             "left",
}


class MethodFigures(BaseModel):
    """Where each method says the period ends. Null where a method has nothing to go by: a
    call nobody made, the manager's call on a rep's row."""

    reps_calls: MoneyTotal | None
    manager_call: MoneyTotal | None
    commit: MoneyTotal
    best_case: MoneyTotal
    weighted_pipeline: MoneyTotal
    conversion: MoneyTotal
    run_rate: MoneyTotal

    def of(self, method: ForecastMethod):
        return getattr(self, method.value)


class OpenDue(BaseModel):
    """The open deals behind the roll-ups: due by the period's end and not overdue, by
    forecast category (disjoint), and the overdue ones, which count in no method."""

    commit: MoneyTotal
    best_case: MoneyTotal
    pipeline: MoneyTotal
    overdue: MoneyTotal


class ForecastRow(BaseModel):
    won: MoneyTotal = Field(description="Won so far in the period.")
    open: OpenDue
    methods: MethodFigures


class RepForecast(ForecastRow):
    rep_id: uuid.UUID
    full_name: str
    call: ForecastCallRead | None = Field(description="The rep's latest call for the period.")


class Headline(BaseModel):
    method: ForecastMethod
    value: MoneyTotal
    basis: str = Field(description="Why this method.")
    mean_error: float | None = Field(
        description="Its mean absolute percentage error at mid-period over the periods "
                    "measured (0.12 = 12 %).")
    periods_measured: int
    capped: bool = Field(description="Held at won + commit + best case, which it was above.")
    above_roll_up: bool = Field(
        description="The run rate, above won + commit + best case: more than the deals in "
                    "hand can bring.")


class OverdueDeal(BaseModel):
    deal_id: uuid.UUID
    name: str
    rep_id: uuid.UUID
    amount: MoneyTotal
    forecast_category: str
    expected_close_on: date
    days_overdue: int


class StageChances(BaseModel):
    configured: dict[str, float] = Field(description="The client's stage probabilities, 0-1.")
    conversion: dict[str, float] = Field(
        description="The share of the client's deals won from each stage, closed in the last "
                    "365 days; the configured one where fewer than the client's minimum.")
    conversion_deals: dict[str, int] = Field(description="The closed deals each rests on.")


class ClientForecast(ForecastRow):
    client_id: uuid.UUID
    period: str = Field(examples=["2026-12"])
    period_start: date
    period_end: date
    as_of: date
    target: MoneyTotal
    headline: Headline
    gap_to_target: MoneyTotal = Field(description="Target minus the headline (negative: above).")
    manager_call: ForecastCallRead | None
    chances: StageChances
    reps: list[RepForecast] = Field(
        description="One row per rep; they add up to the client's row for every method but "
                    "the manager's call.")
    overdue: list[OverdueDeal] = Field(
        description="Open deals more than the client's overdue days past their expected "
                    "close: in no method until moved or closed.")
