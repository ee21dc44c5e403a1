"""The shape of CRM hygiene (is each open deal kept up) and of the funnel (how deals move
through it)."""

import uuid
from datetime import date

from pydantic import BaseModel, Field

from app.models.base import MoneyTotal


class RepHygiene(BaseModel):
    rep_id: uuid.UUID
    full_name: str
    open_deals: int
    no_next_step: int
    next_step_overdue: int = Field(description="next_step_due_on before today.")
    past_expected_close: int
    stale: int = Field(description="Not changed for 14 days or more.")
    in_conflict: int = Field(description="On an account whose open deals two reps hold.")
    clean: int = Field(description="Open deals with none of the above.")
    score: float | None = Field(description="clean / open deals (null without open deals).")


class Hygiene(BaseModel):
    client_id: uuid.UUID
    as_of: date
    score: float | None
    floor: float = Field(description="Below it a rep's crm_hygiene_low alarm stands.")
    reps: list[RepHygiene]


class StageStep(BaseModel):
    from_stage: str
    to_stage: str = Field(description="The next phase, or closed_won after negotiation.")
    reached: int = Field(description="Deals of the cohort that reached from_stage.")
    advanced: int = Field(description="...and reached to_stage (or later).")
    rate: float | None


class StageTime(BaseModel):
    stage: str
    median_days: float | None
    deals: int


class LossReason(BaseModel):
    reason: str
    deals: int
    amount: MoneyTotal


class Segment(BaseModel):
    key: str
    won: int
    lost: int
    win_rate: float | None
    average_won: MoneyTotal | None


class Funnel(BaseModel):
    """The deals opened between `from` and `to` (the cohort), as they stand now."""

    client_id: uuid.UUID
    from_: date = Field(alias="from")
    to: date
    deals: int
    steps: list[StageStep]
    days_in_stage: list[StageTime]
    time_to_quote: StageTime = Field(description="Opened to proposal sent (stage: 'quote').")
    loss_reasons: list[LossReason] = Field(description="By count, then value.")
    by_kind: list[Segment]
    by_source: list[Segment] = Field(description="`unknown` for deals without a source.")
