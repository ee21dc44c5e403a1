"""The shapes of a client's weekly KPI series (docs/domain.md, "Leading indicators")."""

import uuid
from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from app.models.base import MoneyTotal

WEEK_EXAMPLE = {
    "week": "2026-W46", "starts_on": "2026-11-09", "ends_on": "2026-11-15",
    "activity": {"call": 42, "meeting": 6, "proposal": 4, "prospecting": 11.5},
    "new_pipeline": "85000.00", "revenue_won": "32000.00", "open_pipeline": "240000.00",
    "pipeline_coverage": 2.4,
}


class ActivityTotals(BaseModel):
    """The whole team's activity in one week, per kind (prospecting in hours)."""

    call: float
    meeting: float
    proposal: float
    prospecting: float


class KpiWeek(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [WEEK_EXAMPLE]})
    week: str = Field(examples=["2026-W46"], description="The ISO week.")
    starts_on: date = Field(description="Its Monday.")
    ends_on: date = Field(description="Its Sunday.")
    activity: ActivityTotals
    new_pipeline: MoneyTotal = Field(description="Amounts of the deals created in the week, as "
                                            "created.")
    revenue_won: MoneyTotal = Field(description="Deals won at the week's end with closed_on in the "
                                           "week.")
    open_pipeline: MoneyTotal = Field(description="Open deals as they stood at the end of the "
                                             "week's Sunday, in the client's time zone.")
    pipeline_coverage: float | None = Field(
        description="open_pipeline / target, a ratio (2.4 means 2.4x); null without a target.")


class KpiWeekly(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "client_id": "5f0c6f9e-8d1a-4c47-9a57-2b8f3f1f7a10", "as_of": "2026-11-11",
        "target": "100000.00", "pipeline_coverage_floor": 3.0, "items": [WEEK_EXAMPLE]}]})
    client_id: uuid.UUID
    as_of: date
    target: MoneyTotal = Field(description="The client's period revenue target.")
    pipeline_coverage_floor: float
    items: list[KpiWeek] = Field(description="One per ISO week, oldest first; the last is the "
                                             "week of as_of.")
