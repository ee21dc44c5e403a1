"""One-on-ones between a manager and a rep: agenda, notes (shared and private), coaching
focus, deals reviewed, action items and the rep's KPIs when it was held."""

import uuid
from datetime import date, datetime
from typing import Annotated

from pydantic import ConfigDict
from sqlalchemy import JSON, Index, Text
from sqlmodel import Field, SQLModel

from app.models.base import (
    IdMixin,
    Schema,
    TimestampsMixin,
    UTCDateTime,
    link_list,
    link_rows,
)
from app.models.coaching.action_item import ITEM_EXAMPLE, ActionItemCreate, ActionItemRead
from app.models.coaching.kpi_snapshot import SNAPSHOT_EXAMPLE, KpiChange, KpiSnapshot
from app.models.enums import CoachingFocus
from app.models.texts import AgendaText, Distinct, MeetingDay, Notes

MAX_AGENDA = 30
MAX_ACTION_ITEMS = 30
FocusTags = Annotated[list[CoachingFocus], Field(max_length=len(CoachingFocus)), Distinct]
DealIds = Annotated[list[uuid.UUID], Field(max_length=50), Distinct]
PRIVATE = "Only the manager who wrote the one-on-one reads and writes these; null for anyone else."

ONE_ON_ONE_EXAMPLE = {
    "rep_id": "0b7e1a52-2f7e-4d8c-9a3e-5d2c1b0a9f88", "held_on": "2026-11-18",
    "shared_notes": "Good discovery on Northwind; tighten the next steps.",
    "private_notes": "Seems tired; ask about workload next time.",
    "focus": ["pipeline_review", "pre_call_planning"],
    "deal_ids": ["8c1f0a2e-6b3d-4e5f-9a8b-7c6d5e4f3a2b"]}


class OneOnOne(IdMixin, TimestampsMixin, table=True):
    __tablename__ = "one_on_ones"
    __table_args__ = (Index("ix_one_on_ones_client_id_held_on", "client_id", "held_on"),
                      Index("ix_one_on_ones_rep_id_held_on", "rep_id", "held_on"))
    client_id: uuid.UUID = Field(foreign_key="clients.id")
    rep_id: uuid.UUID = Field(foreign_key="reps.id")
    manager_id: uuid.UUID = Field(foreign_key="users.id", description="Who wrote it.")
    held_on: date
    agenda: list[dict] = Field(default_factory=list, sa_type=JSON)
    shared_notes: str = Field(default="", sa_type=Text)
    private_notes: str = Field(default="", sa_type=Text)
    focus: list[str] = Field(default_factory=list, sa_type=JSON)
    deal_links: list["OneOnOneDeal"] = link_rows("OneOnOneDeal")
    kpi_snapshot: dict | None = Field(default=None, sa_type=JSON)
    archived_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class OneOnOneDeal(SQLModel, table=True):
    """A deal reviewed in a one-on-one, in the order given."""

    __tablename__ = "one_on_one_deals"
    one_on_one_id: uuid.UUID = Field(foreign_key="one_on_ones.id", primary_key=True)
    deal_id: uuid.UUID = Field(foreign_key="deals.id", primary_key=True, index=True)
    position: int = 0


OneOnOne.deal_ids = link_list("deal_links", "deal_id", lambda i: OneOnOneDeal(deal_id=i))


class OneOnOneCreate(Schema):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        **ONE_ON_ONE_EXAMPLE, "agenda": ["Northwind next steps", "Prospecting hours"],
        "action_items": [ITEM_EXAMPLE]}]})
    rep_id: uuid.UUID
    held_on: MeetingDay
    agenda: list[AgendaText] = Field(default_factory=list, max_length=MAX_AGENDA)
    shared_notes: Notes = Field(default="", description="The rep and the owner read these.")
    private_notes: Notes = Field(default="", description=PRIVATE)
    focus: FocusTags = Field(default_factory=list)
    deal_ids: DealIds = Field(default_factory=list, description="Deals of this rep reviewed.")
    action_items: list[ActionItemCreate] = Field(default_factory=list,
                                                 max_length=MAX_ACTION_ITEMS)


class OneOnOneUpdate(Schema):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"shared_notes": "Agreed: two discovery calls a day.", "focus": ["skills"]}]})
    held_on: MeetingDay | None = None
    agenda: list[AgendaText] | None = Field(
        default=None, max_length=MAX_AGENDA,
        description="Replaces the agenda; items kept by text keep who added them.")
    shared_notes: Notes | None = None
    private_notes: Notes | None = Field(default=None, description=PRIVATE)
    focus: FocusTags | None = None
    deal_ids: DealIds | None = None


class AgendaItemCreate(Schema):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"text": "Help with the Globex pricing objection"}]})
    text: AgendaText


class AgendaItem(Schema):
    text: str
    added_by: uuid.UUID
    added_at: datetime


class OneOnOneRead(Schema):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "id": "2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e", **ONE_ON_ONE_EXAMPLE,
        "client_id": "5f0c6f9e-8d1a-4c47-9a57-2b8f3f1f7a10",
        "manager_id": "3d5c2a1b-9e8f-4a7b-8c6d-5e4f3a2b1c0d",
        "agenda": [{"text": "Northwind next steps",
                    "added_by": "3d5c2a1b-9e8f-4a7b-8c6d-5e4f3a2b1c0d",
                    "added_at": "2026-11-17T09:00:00Z"}],
        "action_items": [], "kpi_snapshot": SNAPSHOT_EXAMPLE, "change_since_previous": None,
        "archived_at": None, "created_at": "2026-11-17T09:00:00Z",
        "updated_at": "2026-11-18T17:00:00Z", "version": 2}]})
    id: uuid.UUID
    client_id: uuid.UUID
    rep_id: uuid.UUID
    manager_id: uuid.UUID
    held_on: date
    agenda: list[AgendaItem]
    shared_notes: str
    private_notes: str | None = Field(description=PRIVATE)
    focus: list[CoachingFocus]
    deal_ids: list[uuid.UUID]
    action_items: list[ActionItemRead]
    kpi_snapshot: KpiSnapshot | None = Field(
        description="The rep's figures as of held_on (as of today while it is ahead; a "
                    "manager's later update brings it to held_on).")
    change_since_previous: KpiChange | None = Field(
        description="Against the rep's previous one-on-one; null for the first.")
    archived_at: datetime | None
    created_at: datetime
    updated_at: datetime
    version: int
