"""A rep's key figures kept with a one-on-one, and their change since the previous one."""

import uuid
from datetime import date
from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer

from app.models.base import MoneyTotal

# A difference of two amounts: may be negative, sent as a string like other money.
SignedMoney = Annotated[Decimal, PlainSerializer(lambda v: f"{v:.2f}", return_type=str,
                                                 when_used="json")]

SNAPSHOT_EXAMPLE = {
    "as_of": "2026-11-18", "attainment": 0.42, "pipeline_coverage": 3.1,
    "near_term_coverage": 1.6, "win_rate": 0.3333, "win_rate_deals": 9,
    "revenue_won": "21000.00", "open_pipeline": "155000.00", "activity_weeks": 4,
    "calls_meetings_per_week": 14.5, "proposals_per_week": 2.25,
    "prospecting_hours_per_week": 4.0}


class KpiSnapshot(BaseModel):
    """The rep's figures as of the meeting day (today while the meeting is ahead)."""

    model_config = ConfigDict(json_schema_extra={"examples": [SNAPSHOT_EXAMPLE]})
    as_of: date
    attainment: float | None = Field(description="Revenue won in the period / quota.")
    pipeline_coverage: float | None = Field(description="Open pipeline / quota.")
    near_term_coverage: float | None
    win_rate: float | None = Field(description="Over the last 90 days.")
    win_rate_deals: int
    revenue_won: MoneyTotal
    open_pipeline: MoneyTotal
    activity_weeks: int = Field(description="The complete ISO weeks the averages cover.")
    calls_meetings_per_week: float
    proposals_per_week: float
    prospecting_hours_per_week: float


class KpiChange(BaseModel):
    """This snapshot minus the one of the rep's previous one-on-one (null where either
    figure is missing)."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "previous_id": "2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e", "previous_held_on": "2026-11-11",
        "attainment": 0.12, "pipeline_coverage": -0.4, "near_term_coverage": 0.2,
        "win_rate": 0.0333, "revenue_won": "6000.00", "open_pipeline": "-10000.00",
        "calls_meetings_per_week": 2.5, "proposals_per_week": -0.25,
        "prospecting_hours_per_week": 0.5}]})
    previous_id: uuid.UUID
    previous_held_on: date
    attainment: float | None
    pipeline_coverage: float | None
    near_term_coverage: float | None
    win_rate: float | None
    revenue_won: SignedMoney
    open_pipeline: SignedMoney
    calls_meetings_per_week: float
    proposals_per_week: float
    prospecting_hours_per_week: float
