"""What was forecast and when (snapshots), and how right it was (accuracy)."""

import uuid
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy import JSON, Index, UniqueConstraint
from sqlmodel import Field as SQLField

from app.models.base import MONEY_SQL, IdMixin, MoneyTotal, Stamped
from app.models.insights.forecast import ForecastMethod, MethodFigures


class SnapshotReason(StrEnum):
    weekly = "weekly"  # once per ISO week (the worker)
    call = "call"  # at every call
    checkpoint = "checkpoint"  # at a day accuracy is measured on


class Checkpoint(StrEnum):
    day_one = "day_one"
    mid_period = "mid_period"
    last_week = "last_week"  # a week before the period's end


class Source(StrEnum):
    live = "live"  # taken on the day it describes
    backtest = "backtest"  # replayed later from the deal history


class ForecastSnapshot(IdMixin, table=True):
    __tablename__ = "forecast_snapshots"
    __table_args__ = (
        Index("ix_forecast_snapshots_client_id_period_start", "client_id", "period_start"),
        UniqueConstraint("client_id", "once", name="uq_forecast_snapshots_client_id_once"),
    )
    client_id: uuid.UUID = SQLField(foreign_key="clients.id")
    period_start: date
    period_end: date
    as_of: date
    taken_at: datetime = Stamped()
    reason: str = SQLField(max_length=16)
    checkpoint: str | None = SQLField(default=None, max_length=16)
    source: str = SQLField(max_length=16)
    once: str | None = SQLField(default=None, max_length=40, description=(
        "What makes a weekly or checkpoint snapshot unique ('weekly:2026-W49', "
        "'mid_period:2026-11-15'); null for the calls' snapshots."))
    target: Decimal = SQLField(sa_type=MONEY_SQL)
    won: Decimal = SQLField(sa_type=MONEY_SQL)
    headline_method: str = SQLField(max_length=24)
    headline: Decimal = SQLField(sa_type=MONEY_SQL)
    figures: dict[str, Any] = SQLField(default_factory=dict, sa_type=JSON, description=(
        "The client's methods and each rep's won and methods."))


class SnapshotRead(BaseModel):
    taken_at: datetime
    as_of: date
    reason: SnapshotReason
    checkpoint: Checkpoint | None
    source: Source
    target: MoneyTotal
    won: MoneyTotal
    headline_method: ForecastMethod
    headline: MoneyTotal
    methods: MethodFigures


class ForecastHistory(BaseModel):
    """A period's snapshots, oldest first: a series for a chart."""

    client_id: uuid.UUID
    period: str
    items: list[SnapshotRead]


class CheckpointAccuracy(BaseModel):
    checkpoint: Checkpoint
    as_of: date
    source: Source = Field(description="A snapshot taken that day, or a replay of the history.")
    methods: MethodFigures
    headline_method: ForecastMethod
    errors: dict[str, float | None] = Field(
        description="Per method, |forecast - won| / won (0.1 = 10 %); null without a forecast "
                    "or with nothing won.")


class PeriodAccuracy(BaseModel):
    period: str
    period_start: date
    period_end: date
    target: MoneyTotal
    won: MoneyTotal
    checkpoints: list[CheckpointAccuracy]


class MethodAccuracy(BaseModel):
    method: ForecastMethod
    mean_error: float | None = Field(description="Mean error at mid-period over the periods.")
    periods: int = Field(description="How many periods that mean rests on.")
    by_checkpoint: dict[str, float | None]


class RepCallAccuracy(BaseModel):
    """How a rep's commit calls compared with what they won, at the checkpoints."""

    rep_id: uuid.UUID
    full_name: str
    calls: int = Field(description="Checkpoints with a call.")
    mean_error: float | None = Field(description="Mean |call - won| / won.")
    mean_bias: float | None = Field(
        description="Mean (call - won) / won: above 0 optimism, below 0 sandbagging.")
    leaning: str | None = Field(description="optimistic, sandbagging or on_target (within 5 %).")


class ForecastAccuracy(BaseModel):
    client_id: uuid.UUID
    periods: list[PeriodAccuracy] = Field(description="The ended periods, latest first.")
    methods: list[MethodAccuracy] = Field(description="The most accurate first.")
    best_method: ForecastMethod | None = Field(
        description="The method with the lowest mean error over at least 3 periods.")
    reps: list[RepCallAccuracy]
