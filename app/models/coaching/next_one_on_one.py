"""The agenda to start the next one-on-one from."""

import uuid
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from app.models.base import Money
from app.models.coaching.action_item import ActionItemRead
from app.models.coaching.kpi_snapshot import SNAPSHOT_EXAMPLE, KpiChange, KpiSnapshot
from app.models.coaching.one_on_one import AgendaItem
from app.models.enums import AttentionReason, ForecastCategory, Stage
from app.models.insights.alarm import AlarmRead


class DealAttention(BaseModel):
    deal_id: uuid.UUID
    name: str
    account_name: str
    amount: Money
    stage: Stage
    forecast_category: ForecastCategory
    expected_close_on: date | None
    slip_count: int
    last_changed_at: datetime
    reasons: list[AttentionReason] = Field(
        description="overdue: open past its expected close; commit_closing_soon: in commit "
                    "and expected within 14 days; slipped: close date pushed (twice, or once "
                    "past the prospecting stage); stale: no change for 14 days or more.")
    attention: float = Field(description="How much attention the deal needs: the weights of its "
                                         "reasons, scaled by its size among the rep's deals; "
                                         "the list is ordered by it.")


class OneOnOneRef(BaseModel):
    id: uuid.UUID
    held_on: date


class ScheduledOneOnOne(OneOnOneRef):
    agenda: list[AgendaItem]


class NextOneOnOne(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "rep_id": "0b7e1a52-2f7e-4d8c-9a3e-5d2c1b0a9f88",
        "client_id": "5f0c6f9e-8d1a-4c47-9a57-2b8f3f1f7a10", "as_of": "2026-11-23",
        "previous": {"id": "2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e", "held_on": "2026-11-16"},
        "scheduled": None,
        "open_action_items": [], "deals": [{
            "deal_id": "8c1f0a2e-6b3d-4e5f-9a8b-7c6d5e4f3a2b", "name": "Line 4 retrofit",
            "account_name": "Northwind Foods", "amount": "48000.00", "stage": "negotiation",
            "forecast_category": "commit", "expected_close_on": "2026-11-30",
            "slip_count": 2, "last_changed_at": "2026-11-02T10:00:00Z",
            "reasons": ["slipped", "stale", "commit_closing_soon"], "attention": 2.4}],
        "alarms": [], "kpis": SNAPSHOT_EXAMPLE, "change_since_previous": None}]})
    rep_id: uuid.UUID
    client_id: uuid.UUID
    as_of: date = Field(description="Today in the client's time zone.")
    previous: OneOnOneRef | None = Field(description="The rep's last one-on-one before today.")
    scheduled: ScheduledOneOnOne | None = Field(
        description="The rep's first one-on-one today or later, with the agenda so far.")
    open_action_items: list[ActionItemRead] = Field(
        description="Carried over from earlier one-on-ones, overdue first.")
    deals: list[DealAttention] = Field(description="Open deals needing attention, soonest "
                                                   "expected close first.")
    alarms: list[AlarmRead] = Field(description="The rep's current alarms.")
    kpis: KpiSnapshot = Field(description="The rep's figures today.")
    change_since_previous: KpiChange | None = Field(
        description="Today's figures against the previous one-on-one's snapshot.")
