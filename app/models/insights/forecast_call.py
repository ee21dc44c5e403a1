"""A forecast call: what a rep (for themselves) or the manager (for the client) says the
period will end at. Every revision is a new row: nothing said is ever overwritten."""

import uuid
from datetime import date, datetime
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field, model_validator
from sqlalchemy import Index, Text, UniqueConstraint
from sqlmodel import Field as SQLField

from app.models.base import MONEY_SQL, IdMixin, Money, MoneyTotal, Schema, Stamped

CLIENT_CALL = "client"  # the subject of the manager's call for the whole client

CALL_EXAMPLE = {"commit": "180000.00", "best_case": "215000.00",
                "note": "Northwind signs on the 14th; Fabrikam is the upside."}


class ForecastCall(IdMixin, table=True):
    __tablename__ = "forecast_calls"
    __table_args__ = (
        UniqueConstraint("client_id", "period_start", "subject", "revision",
                         name="uq_forecast_calls_subject_revision"),
        Index("ix_forecast_calls_client_id_period_start", "client_id", "period_start"),
    )
    client_id: uuid.UUID = SQLField(foreign_key="clients.id")
    period_start: date
    rep_id: uuid.UUID | None = SQLField(default=None, foreign_key="reps.id")
    subject: str = SQLField(max_length=36, description="The rep's id, or 'client'.")
    revision: int = SQLField(default=1, description="1 for the first call, then each revision.")
    commit: Decimal = SQLField(sa_type=MONEY_SQL)
    best_case: Decimal = SQLField(sa_type=MONEY_SQL)
    note: str = SQLField(default="", sa_type=Text)
    submitted_by: uuid.UUID = SQLField(foreign_key="users.id")
    submitted_at: datetime = Stamped()


class ForecastCallPut(Schema):
    """A call for the period: the revenue the caller is sure of (`commit`) and could reach
    (`best_case`) by the period's end, what is already won included."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [CALL_EXAMPLE]})
    commit: Money = Field(description="What the period will end at for sure, won included.")
    best_case: Money = Field(description="What it could end at; not below `commit`.")
    note: str = Field(default="", max_length=2000, description=(
        "Why; required from the manager when the client's call differs from the sum of the "
        "reps' calls."))

    @model_validator(mode="after")
    def _best_case_not_below_commit(self) -> "ForecastCallPut":
        if self.best_case < self.commit:
            raise ValueError("best_case must not be below commit")
        return self


class ForecastCallRead(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "id": "3d6f0a2e-9b1c-4f7e-8a55-0c2b9d7e6f14",
        "client_id": "5f0c6f9e-8d1a-4c47-9a57-2b8f3f1f7a10", "period": "2026-12",
        "rep_id": "0b7e1a52-2f7e-4d8c-9a3e-5d2c1b0a9f88", "version": 2, **CALL_EXAMPLE,
        "submitted_by": "7c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f",
        "submitted_at": "2026-12-07T10:15:00Z"}]})
    id: uuid.UUID
    client_id: uuid.UUID
    period: str = Field(examples=["2026-12"])
    rep_id: uuid.UUID | None = Field(description="Null for the manager's call for the client.")
    version: int = Field(description="1 for the first call of the period, then each revision.")
    commit: MoneyTotal
    best_case: MoneyTotal
    note: str
    submitted_by: uuid.UUID
    submitted_at: datetime


class CallTotals(BaseModel):
    commit: MoneyTotal
    best_case: MoneyTotal
    reps_called: int
    reps: int


class ForecastCalls(BaseModel):
    """The calls of a period: the latest of each rep and of the manager, what the reps' add
    up to, and every version, newest first."""

    client_id: uuid.UUID
    period: str
    manager_call: ForecastCallRead | None
    reps_total: CallTotals
    latest: list[ForecastCallRead] = Field(description="Each rep's latest call.")
    versions: list[ForecastCallRead]
